import { translate } from "@nuri/i18n";
import { Form, useActionData } from "react-router";
import { z } from "zod";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import {
  createJobTitle,
  type JobTitle,
  type JobTitleKind,
  listJobTitles,
  renameJobTitle,
  reorderJobTitle,
} from "../../services/org/change-job-title.server.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/positions";
import {
  type ActionResult,
  intentHandler,
  refuse,
  requireAdminContext,
  translateKey,
} from "./admin-context.server.ts";
import { directionSchema, idSchema, requiredText } from "./org-schemas.ts";
import { ActionNotice, AdminBreadcrumb, Field } from "./org-ui.tsx";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "org.jobTitle.title") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { db, tenant } = await requireAdminContext(request, params, context);
  return {
    positions: await listJobTitles(db, tenant.id, "position"),
    ranks: await listJobTitles(db, tenant.id, "rank"),
  };
}

const kindSchema = z.enum(["position", "rank"], { error: "org.field.invalidChoice" });
const schemas = {
  create: z.object({ kind: kindSchema, name: requiredText(50) }),
  rename: z.object({ kind: kindSchema, id: idSchema, name: requiredText(50) }),
  reorder: z.object({ kind: kindSchema, id: idSchema, direction: directionSchema }),
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale } = await requireAdminContext(request, params, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const handle = intentHandler(intent, form, locale);
  switch (intent) {
    case "create":
      return handle(schemas.create, async (input) => {
        const created = await createJobTitle(ctx, input);
        return {
          ok: true,
          intent,
          notice: translateKey(locale, "org.jobTitle.created", { name: created.name }),
        };
      });
    case "rename":
      return handle(schemas.rename, async (input) => {
        await renameJobTitle(ctx, input);
        return { ok: true, intent, notice: translateKey(locale, "org.saved") };
      });
    case "reorder":
      return handle(schemas.reorder, async (input) => {
        await reorderJobTitle(ctx, input);
        return { ok: true, intent, notice: translateKey(locale, "org.saved") };
      });
    default:
      return refuse(intent, form, { formError: translateKey(locale, "org.error.form") });
  }
}

export default function Positions({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  return (
    <div className="org-page">
      <AdminBreadcrumb current="org.jobTitle.title" />
      <h1>{t("org.jobTitle.title")}</h1>
      <p>{t("org.jobTitle.lead")}</p>
      <p className="org-field__hint">{t("org.jobTitle.noDelete")}</p>
      <ActionNotice result={result} />
      <JobTitleSection kind="position" items={loaderData.positions} result={result} />
      <JobTitleSection kind="rank" items={loaderData.ranks} result={result} />
    </div>
  );
}

function JobTitleSection({
  kind,
  items,
  result,
}: {
  kind: JobTitleKind;
  items: JobTitle[];
  result: ActionResult | undefined;
}) {
  const t = useTranslator();
  const heading = kind === "position" ? "org.jobTitle.positions" : "org.jobTitle.ranks";
  const mine = result && !result.ok && result.values.kind === kind ? result : undefined;
  const createErrors = mine?.intent === "create" ? mine : undefined;
  return (
    <section aria-labelledby={`${kind}-heading`} className="org-panel">
      <h2 id={`${kind}-heading`}>{t(heading)}</h2>
      {items.length === 0 ? (
        <p>{t("org.jobTitle.empty")}</p>
      ) : (
        <div className="org-table-wrap">
          <table className="org-table">
            <thead>
              <tr>
                <th scope="col">{t("org.jobTitle.name")}</th>
                <th scope="col">{t("org.jobTitle.holders")}</th>
                <th scope="col">{t("org.jobTitle.order")}</th>
                <th scope="col">{t("org.jobTitle.rename")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, index) => {
                const rowErrors = mine?.values.id === item.id ? mine : undefined;
                const inputId = `${kind}-${item.id}-name`;
                return (
                  <tr key={item.id}>
                    <th scope="row">{item.name}</th>
                    <td>{t("org.jobTitle.holderCount", { count: item.holders })}</td>
                    <td>
                      <span className="org-tree__actions">
                        {(["up", "down"] as const).map((direction) => (
                          <Form method="post" key={direction} className="org-inline-form">
                            <input type="hidden" name="intent" value="reorder" />
                            <input type="hidden" name="kind" value={kind} />
                            <input type="hidden" name="id" value={item.id} />
                            <input type="hidden" name="direction" value={direction} />
                            <button
                              type="submit"
                              className="org-icon-button"
                              disabled={direction === "up" ? index === 0 : index === items.length - 1}
                              aria-label={t(direction === "up" ? "org.action.up" : "org.action.down", {
                                name: item.name,
                              })}
                            >
                              {direction === "up" ? "↑" : "↓"}
                            </button>
                          </Form>
                        ))}
                      </span>
                    </td>
                    <td>
                      <Form method="post" className="org-inline-form">
                        <input type="hidden" name="intent" value="rename" />
                        <input type="hidden" name="kind" value={kind} />
                        <input type="hidden" name="id" value={item.id} />
                        <label htmlFor={inputId} className="visually-hidden">
                          {t("org.action.edit", { name: item.name })}
                        </label>
                        <input
                          id={inputId}
                          name="name"
                          required
                          maxLength={50}
                          defaultValue={rowErrors ? rowErrors.values.name : item.name}
                          aria-describedby={rowErrors?.fieldErrors.name ? `${inputId}-error` : undefined}
                          aria-invalid={rowErrors?.fieldErrors.name ? true : undefined}
                        />
                        <button type="submit" className="org-button org-button--secondary">
                          {t("org.action.save")}
                        </button>
                        {rowErrors?.fieldErrors.name ? (
                          <p id={`${inputId}-error`} className="org-field__error">
                            {rowErrors.fieldErrors.name}
                          </p>
                        ) : null}
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Form method="post" className="org-form org-form--inline">
        <input type="hidden" name="intent" value="create" />
        <input type="hidden" name="kind" value={kind} />
        <Field
          id={`${kind}-new`}
          label={t(kind === "position" ? "org.jobTitle.addPosition" : "org.jobTitle.addRank")}
          error={createErrors?.fieldErrors.name}
        >
          {(describedBy, invalid) => (
            <input
              id={`${kind}-new`}
              name="name"
              required
              maxLength={50}
              defaultValue={createErrors?.values.name}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </Field>
        <button type="submit" className="org-button">
          {t("org.action.add")}
        </button>
      </Form>
    </section>
  );
}
