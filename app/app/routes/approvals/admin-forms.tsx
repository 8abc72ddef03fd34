import { FIELD_TYPES, FORM_LIMITS, type FormField, type FormFieldType } from "@nuri/approval";
import { type Locale, translate } from "@nuri/i18n";
import { Form, Link, redirect, useActionData } from "react-router";
import { notFound } from "../../errors.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { archiveForm } from "../../services/approvals/archive-form.server.ts";
import { type FormAdminView, listFormsAdmin } from "../../services/approvals/list-forms-admin.server.ts";
import {
  MAX_DEFAULT_LEVELS,
  MAX_FORM_DESCRIPTION,
  MAX_FORM_NAME,
  MIN_DEFAULT_LEVELS,
  saveForm,
} from "../../services/approvals/save-form.server.ts";
import approvalsStyles from "../../styles/approvals.css?url";
import orgStyles from "../../styles/org.css?url";
import { translateKey } from "../org/admin-context.server.ts";
import { ActionNotice, AdminBreadcrumb, Field } from "../org/org-ui.tsx";
import type { Route } from "./+types/admin-forms";
import {
  type ApprovalsActionResult,
  field,
  requireApprovalsAdminContext,
  runApprovalsAction,
  unknownIntent,
} from "./approvals-route.server.ts";
import { UrlNotice } from "./approvals-ui.tsx";

// /t/:tenant/admin/approvals/forms — 서식 관리 (administrators only): the agency's forms, built-in
// and its own, archived ones included; creating and editing a form of its own (fields: key,
// label, type, required, choices) in a form of repeated rows that works without script; of a
// built-in form only the name, the description and the default line's levels change; archiving
// and restoring.

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: orgStyles },
  { rel: "stylesheet", href: approvalsStyles },
];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "approvals.admin.forms.title") }];
}

const NOTICES = {
  created: "approvals.ui.admin.forms.created",
  saved: "approvals.ui.admin.forms.saved",
} as const;

const TYPE_LABELS = {
  text: "approvals.admin.fieldType.text",
  number: "approvals.admin.fieldType.number",
  date: "approvals.admin.fieldType.date",
  money: "approvals.admin.fieldType.money",
  choice: "approvals.admin.fieldType.choice",
  attachment: "approvals.admin.fieldType.attachment",
} as const satisfies Record<FormFieldType, string>;

/** Blank field rows shown under the form's own fields, unless `?rows=` asks for more. */
const BLANK_ROWS = 3;

function noticeOf(locale: Locale, query: URLSearchParams, forms: FormAdminView[]): string | null {
  const code = query.get("notice");
  const form = forms.find((candidate) => candidate.id === query.get("form"));
  if (!form || (code !== "created" && code !== "saved")) return null;
  return translate(locale, NOTICES[code], { name: form.name });
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale } = await requireApprovalsAdminContext(request, params, context);
  const query = new URL(request.url).searchParams;
  const forms = await listFormsAdmin(ctx);
  const edit = query.get("edit");
  let editing: FormAdminView | "new" | null = null;
  if (edit === "new") editing = "new";
  else if (edit) {
    const found = forms.find((form) => form.id === edit);
    if (!found) throw notFound();
    // An archived form is not edited (restore it first); its row says so.
    editing = found.archivedAt === null ? found : null;
  }
  const rowsParam = Number.parseInt(query.get("rows") ?? "", 10);
  const own = editing && editing !== "new" ? editing.fields.length : 0;
  const blankRows = Math.max(
    0,
    Math.min(Number.isInteger(rowsParam) && rowsParam > 0 ? rowsParam : BLANK_ROWS, FORM_LIMITS.fields - own),
  );
  return {
    slug: tenant.slug,
    notice: noticeOf(locale, query, forms),
    forms: forms.map((form) => ({
      id: form.id,
      key: form.key,
      name: form.name,
      description: form.description,
      fields: form.fields,
      amountField: form.amountField,
      defaultLevels: form.defaultLevels,
      builtin: form.builtin,
      archived: form.archivedAt !== null,
    })),
    editing: editing === "new" ? "new" : (editing?.id ?? null),
    blankRows,
    limits: {
      name: MAX_FORM_NAME,
      description: MAX_FORM_DESCRIPTION,
      minLevels: MIN_DEFAULT_LEVELS,
      maxLevels: MAX_DEFAULT_LEVELS,
    },
  };
}

/** The field rows as posted (field.<n>.key …), rows left wholly empty dropped. */
function readFields(form: FormData): unknown[] {
  const indexes = [...form.keys()]
    .map((key) => /^field\.(\d+)\.key$/.exec(key)?.[1])
    .filter((index): index is string => index !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const rows: unknown[] = [];
  for (const index of new Set(indexes)) {
    const get = (name: string) => field(form, `field.${index}.${name}`).trim();
    const key = get("key");
    const label = get("label");
    const type = get("type") || "text";
    const options = get("options")
      .split(/\r?\n/)
      .map((option) => option.trim())
      .filter((option) => option !== "");
    if (key === "" && label === "" && options.length === 0) continue;
    const max = get("max");
    rows.push({
      key,
      label,
      type,
      required: field(form, `field.${index}.required`) === "on",
      // Choices belong to choice fields only; the rules refuse them elsewhere, in words.
      ...(type === "choice" || options.length > 0 ? { options } : {}),
      // A limit set before (kept as it was: the page does not edit it).
      ...(/^\d+$/.test(max) ? { max: Number(max) } : {}),
    });
  }
  return rows;
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, tenant, locale } = await requireApprovalsAdminContext(request, params, context);
  const form = await request.formData();
  const intent = field(form, "intent");
  const base = `/t/${tenant.slug}/admin/approvals/forms`;
  switch (intent) {
    case "save":
      return runApprovalsAction(intent, form, locale, async () => {
        const formId = field(form, "formId") || null;
        const builtin = field(form, "builtin") === "1";
        const saved = await saveForm(ctx, {
          formId,
          name: field(form, "name"),
          description: field(form, "description"),
          defaultLevels: Number(field(form, "defaultLevels")),
          ...(builtin
            ? {}
            : { fields: readFields(form), amountField: field(form, "amountField").trim() || null }),
        });
        return redirect(
          `${base}?${new URLSearchParams({ notice: formId ? "saved" : "created", form: saved.id })}`,
        );
      });
    case "archive":
    case "restore":
      return runApprovalsAction(intent, form, locale, async () => {
        const saved = await archiveForm(ctx, {
          formId: field(form, "formId"),
          archived: intent === "archive",
        });
        return {
          ok: true,
          intent,
          notice: translateKey(
            locale,
            intent === "archive" ? "approvals.ui.admin.forms.archived" : "approvals.ui.admin.forms.restored",
            { name: saved.name },
          ),
        };
      });
    default:
      return unknownIntent(intent, form, locale);
  }
}

type FormRow = Awaited<ReturnType<typeof loader>>["forms"][number];

export default function AdminForms({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const { forms, slug } = loaderData;
  const base = `/t/${slug}/admin/approvals/forms`;
  const editing =
    loaderData.editing === "new" ? "new" : (forms.find((form) => form.id === loaderData.editing) ?? null);
  return (
    <div className="org-page">
      <AdminBreadcrumb current="approvals.admin.forms.title" />
      <h1>{t("approvals.admin.forms.title")}</h1>
      <p>{t("approvals.admin.forms.description")}</p>
      <UrlNotice text={loaderData.notice} />
      <ActionNotice result={result?.intent === "save" ? undefined : result} />
      {editing ? null : (
        <p className="org-actions">
          <Link className="org-button" to={`${base}?edit=new`}>
            {t("approvals.ui.admin.forms.new")}
          </Link>
        </p>
      )}
      {editing ? (
        <FormEditor
          key={editing === "new" ? "new" : editing.id}
          form={editing === "new" ? null : editing}
          blankRows={loaderData.blankRows}
          limits={loaderData.limits}
          base={base}
          result={result}
        />
      ) : null}
      <div className="org-table-wrap">
        <table className="org-table">
          <caption className="visually-hidden">{t("approvals.admin.forms.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("approvals.admin.forms.name")}</th>
              <th scope="col">{t("approvals.ui.admin.forms.kind")}</th>
              <th scope="col">{t("approvals.admin.forms.fields")}</th>
              <th scope="col">{t("approvals.admin.forms.defaultLevels")}</th>
              <th scope="col">{t("approvals.ui.admin.forms.status")}</th>
              <th scope="col">{t("approvals.ui.admin.forms.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {forms.map((form) => (
              <tr key={form.id}>
                <th scope="row">
                  {form.name}
                  {form.description ? <span className="approvals-sub">{form.description}</span> : null}
                </th>
                <td>{t(form.builtin ? "approvals.admin.forms.builtin" : "approvals.admin.forms.custom")}</td>
                <td>{t("approvals.ui.admin.forms.fieldCount", { count: form.fields.length })}</td>
                <td>{t("approvals.admin.forms.levels", { levels: form.defaultLevels })}</td>
                <td>
                  <span className={form.archived ? "org-badge org-badge--muted" : "org-badge org-badge--ok"}>
                    {t(form.archived ? "approvals.admin.forms.archived" : "approvals.ui.admin.forms.inUse")}
                  </span>
                </td>
                <td>
                  <span className="org-inline-form">
                    {form.archived ? null : (
                      <Link
                        to={`${base}?edit=${form.id}`}
                        aria-label={t("approvals.ui.admin.forms.editOf", { name: form.name })}
                      >
                        {t("approvals.ui.admin.forms.edit")}
                      </Link>
                    )}
                    {form.builtin && form.key === "general" ? null : (
                      <Form method="post" action={base} className="org-inline-form">
                        <input type="hidden" name="intent" value={form.archived ? "restore" : "archive"} />
                        <input type="hidden" name="formId" value={form.id} />
                        <button
                          type="submit"
                          className="org-button org-button--secondary"
                          aria-label={t(
                            form.archived
                              ? "approvals.ui.admin.forms.restoreOf"
                              : "approvals.ui.admin.forms.archiveOf",
                            { name: form.name },
                          )}
                        >
                          {t(
                            form.archived ? "approvals.admin.forms.restore" : "approvals.admin.forms.archive",
                          )}
                        </button>
                      </Form>
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function FormEditor({
  form,
  blankRows,
  limits,
  base,
  result,
}: {
  form: FormRow | null;
  blankRows: number;
  limits: { name: number; description: number; minLevels: number; maxLevels: number };
  base: string;
  result: ApprovalsActionResult | undefined;
}) {
  const t = useTranslator();
  const errors = result && !result.ok && result.intent === "save" ? result : undefined;
  const value = (name: string, fallback: string) => errors?.values[name] ?? fallback;
  const builtin = form?.builtin ?? false;
  const rows: (FormField | null)[] = builtin
    ? []
    : [...(form?.fields ?? []), ...Array.from({ length: blankRows }, () => null)];
  const headingId = "form-editor-heading";
  const moreRows = new URLSearchParams({ edit: form?.id ?? "new", rows: String(blankRows + BLANK_ROWS) });
  return (
    <section aria-labelledby={headingId} className="org-panel approvals-stack">
      <h2 id={headingId}>
        {form
          ? t("approvals.ui.admin.forms.editHeading", { name: form.name })
          : t("approvals.ui.admin.forms.newHeading")}
      </h2>
      {errors?.formError ? (
        <p className="org-notice org-notice--error" role="alert">
          {errors.formError}
        </p>
      ) : null}
      {builtin ? <p className="org-field__hint">{t("approvals.ui.admin.forms.builtinNote")}</p> : null}
      <Form method="post" className="org-form approvals-form-editor">
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="formId" value={form?.id ?? ""} />
        <input type="hidden" name="builtin" value={builtin ? "1" : "0"} />
        <Field id="form-name" label={t("approvals.admin.forms.name")} error={errors?.fieldErrors.name}>
          {(describedBy, invalid) => (
            <input
              id="form-name"
              name="name"
              required
              maxLength={limits.name}
              defaultValue={value("name", form?.name ?? "")}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </Field>
        <Field
          id="form-description"
          label={t("approvals.admin.forms.formDescription")}
          error={errors?.fieldErrors.description}
        >
          {(describedBy, invalid) => (
            <textarea
              id="form-description"
              name="description"
              rows={2}
              maxLength={limits.description}
              defaultValue={value("description", form?.description ?? "")}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </Field>
        <Field
          id="form-levels"
          label={t("approvals.admin.forms.defaultLevels")}
          hint={t("approvals.ui.admin.forms.levelsHint")}
          error={errors?.fieldErrors.defaultLevels}
        >
          {(describedBy, invalid) => (
            <select
              id="form-levels"
              name="defaultLevels"
              defaultValue={value("defaultLevels", String(form?.defaultLevels ?? 2))}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            >
              {Array.from(
                { length: limits.maxLevels - limits.minLevels + 1 },
                (_, i) => i + limits.minLevels,
              ).map((levels) => (
                <option key={levels} value={levels}>
                  {t("approvals.admin.forms.levels", { levels })}
                </option>
              ))}
            </select>
          )}
        </Field>
        {builtin ? null : (
          <>
            <fieldset
              className="approvals-fields"
              aria-describedby={["form-fields-hint", errors?.fieldErrors.fields ? "form-fields-error" : null]
                .filter(Boolean)
                .join(" ")}
            >
              <legend>{t("approvals.admin.forms.fields")}</legend>
              <p id="form-fields-hint" className="org-field__hint">
                {t("approvals.ui.admin.forms.fieldsHint")}
              </p>
              {errors?.fieldErrors.fields ? (
                <p id="form-fields-error" className="org-field__error">
                  {errors.fieldErrors.fields}
                </p>
              ) : null}
              {rows.map((row, index) => (
                <FieldRow
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in a form, not records
                  key={index}
                  index={index}
                  row={row}
                  value={value}
                  submitted={errors !== undefined}
                />
              ))}
              <p>
                <Link to={`${base}?${moreRows}`} aria-describedby="form-more-rows-hint">
                  {t("approvals.ui.admin.forms.moreRows")}
                </Link>{" "}
                <span id="form-more-rows-hint" className="org-field__hint">
                  {t("approvals.ui.admin.forms.moreRowsHint")}
                </span>
              </p>
            </fieldset>
            <Field
              id="form-amount-field"
              label={t("approvals.admin.forms.amountField")}
              hint={t("approvals.ui.admin.forms.amountFieldHint")}
              error={errors?.fieldErrors.amountField}
            >
              {(describedBy, invalid) => (
                <input
                  id="form-amount-field"
                  name="amountField"
                  maxLength={40}
                  defaultValue={value("amountField", form?.amountField ?? "")}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                />
              )}
            </Field>
          </>
        )}
        <p className="org-actions">
          <button type="submit" className="org-button">
            {t("approvals.ui.admin.forms.save")}
          </button>
          <Link className="org-button org-button--secondary" to={base}>
            {t("approvals.ui.admin.forms.cancel")}
          </Link>
        </p>
      </Form>
    </section>
  );
}

function FieldRow({
  index,
  row,
  value,
  submitted,
}: {
  index: number;
  row: FormField | null;
  value: (name: string, fallback: string) => string;
  /** The page shows a refused form: a box left unticked then sent nothing. */
  submitted: boolean;
}) {
  const t = useTranslator();
  const id = (name: string) => `form-field-${index}-${name}`;
  const name = (part: string) => `field.${index}.${part}`;
  return (
    <fieldset className="approvals-field-row">
      <legend>{t("approvals.ui.admin.forms.fieldLegend", { number: index + 1 })}</legend>
      {row?.max !== undefined ? <input type="hidden" name={name("max")} value={row.max} /> : null}
      <div className="org-field">
        <label htmlFor={id("key")}>{t("approvals.ui.admin.forms.field.key")}</label>
        <input
          id={id("key")}
          name={name("key")}
          maxLength={40}
          defaultValue={value(name("key"), row?.key ?? "")}
          aria-describedby={id("key-hint")}
          autoCapitalize="off"
          spellCheck={false}
        />
        <p id={id("key-hint")} className="org-field__hint">
          {t("approvals.ui.admin.forms.field.keyHint")}
        </p>
      </div>
      <div className="org-field">
        <label htmlFor={id("label")}>{t("approvals.ui.admin.forms.field.label")}</label>
        <input
          id={id("label")}
          name={name("label")}
          maxLength={FORM_LIMITS.labelLength}
          defaultValue={value(name("label"), row?.label ?? "")}
        />
      </div>
      <div className="org-field">
        <label htmlFor={id("type")}>{t("approvals.ui.admin.forms.field.type")}</label>
        <select id={id("type")} name={name("type")} defaultValue={value(name("type"), row?.type ?? "text")}>
          {FIELD_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(TYPE_LABELS[type])}
            </option>
          ))}
        </select>
      </div>
      <div className="org-field approvals-field-row__check">
        <span>
          <input
            type="checkbox"
            id={id("required")}
            name={name("required")}
            defaultChecked={submitted ? value(name("required"), "") === "on" : (row?.required ?? false)}
          />{" "}
          <label htmlFor={id("required")}>{t("approvals.ui.admin.forms.field.required")}</label>
        </span>
      </div>
      <div className="org-field approvals-field-row__options">
        <label htmlFor={id("options")}>{t("approvals.ui.admin.forms.field.options")}</label>
        <textarea
          id={id("options")}
          name={name("options")}
          rows={2}
          defaultValue={value(name("options"), (row?.options ?? []).join("\n"))}
        />
      </div>
    </fieldset>
  );
}
