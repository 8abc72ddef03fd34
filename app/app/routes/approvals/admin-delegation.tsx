import { MAX_AMOUNT } from "@nuri/approval";
import { formatNumber, translate } from "@nuri/i18n";
import { Form, useActionData } from "react-router";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { deleteDelegationRule } from "../../services/approvals/delete-delegation-rule.server.ts";
import { listDelegationRules } from "../../services/approvals/list-delegation-rules.server.ts";
import { listFormsAdmin } from "../../services/approvals/list-forms-admin.server.ts";
import { saveDelegationRule } from "../../services/approvals/save-delegation-rule.server.ts";
import { listJobTitles } from "../../services/org/change-job-title.server.ts";
import approvalsStyles from "../../styles/approvals.css?url";
import orgStyles from "../../styles/org.css?url";
import { translateKey } from "../org/admin-context.server.ts";
import { ActionNotice, AdminBreadcrumb, Field } from "../org/org-ui.tsx";
import type { Route } from "./+types/admin-delegation";
import {
  field,
  refuse,
  requireApprovalsAdminContext,
  runApprovalsAction,
  unknownIntent,
} from "./approvals-route.server.ts";

// /t/:tenant/admin/approvals/delegation — 위임전결 규정 (administrators only): which 직위 closes
// the line (전결) for a form (or every form) up to an amount (or any amount). Automatic lines
// follow these rules; adding and deleting are audited by the services.

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: orgStyles },
  { rel: "stylesheet", href: approvalsStyles },
];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "approvals.admin.delegation.title") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, db, tenant } = await requireApprovalsAdminContext(request, params, context);
  const [rules, forms, positions] = await Promise.all([
    listDelegationRules(ctx),
    listFormsAdmin(ctx),
    listJobTitles(db, tenant.id, "position"),
  ]);
  return {
    rules,
    forms: forms
      .filter((form) => form.archivedAt === null)
      .map((form) => ({ id: form.id, name: form.name, hasAmount: form.amountField !== null })),
    positions: positions.map((position) => ({ id: position.id, name: position.name })),
  };
}

/** "1,000,000", "1000000원", "" → 1000000 or null; anything else is not an amount. */
function parseAmount(text: string): number | null | "invalid" {
  const plain = text.replace(/[\s,]/g, "").replace(/원$/, "");
  if (plain === "") return null;
  return /^\d{1,16}$/.test(plain) ? Number(plain) : "invalid";
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale } = await requireApprovalsAdminContext(request, params, context);
  const form = await request.formData();
  const intent = field(form, "intent");
  switch (intent) {
    case "add": {
      const maxAmount = parseAmount(field(form, "maxAmount"));
      if (maxAmount === "invalid") {
        return refuse(intent, form, {
          fieldErrors: {
            maxAmount: translateKey(locale, "approvals.admin.delegation.error.amountInvalid", {
              max: formatNumber(MAX_AMOUNT, locale),
            }),
          },
        });
      }
      return runApprovalsAction(intent, form, locale, async () => {
        await saveDelegationRule(ctx, {
          formId: field(form, "formId") || null,
          maxAmount,
          closerPositionId: field(form, "closerPositionId"),
        });
        return { ok: true, intent, notice: translateKey(locale, "approvals.ui.admin.delegation.added") };
      });
    }
    case "delete":
      return runApprovalsAction(intent, form, locale, async () => {
        await deleteDelegationRule(ctx, { ruleId: field(form, "ruleId") });
        return { ok: true, intent, notice: translateKey(locale, "approvals.ui.admin.delegation.deleted") };
      });
    default:
      return unknownIntent(intent, form, locale);
  }
}

export default function AdminDelegation({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const { rules, forms, positions } = loaderData;
  const errors = result && !result.ok && result.intent === "add" ? result : undefined;
  const amountText = (amount: number | null) =>
    amount === null
      ? t("approvals.ui.admin.delegation.noLimit")
      : t("approvals.ui.admin.delegation.won", { amount: formatNumber(amount, locale) });
  const formText = (rule: (typeof rules)[number]) =>
    rule.formId === null
      ? t("approvals.admin.delegation.allForms")
      : rule.formArchived
        ? t("approvals.ui.admin.delegation.archivedForm", { name: rule.formName ?? "" })
        : (rule.formName ?? "");
  return (
    <div className="org-page">
      <AdminBreadcrumb current="approvals.admin.delegation.title" />
      <h1>{t("approvals.admin.delegation.title")}</h1>
      <p>{t("approvals.admin.delegation.description")}</p>
      <ActionNotice result={errors ? undefined : result} />

      {rules.length === 0 ? (
        <p>{t("approvals.ui.admin.delegation.empty")}</p>
      ) : (
        <div className="org-table-wrap">
          <table className="org-table">
            <caption className="visually-hidden">{t("approvals.admin.delegation.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("approvals.admin.delegation.form")}</th>
                <th scope="col">{t("approvals.ui.admin.delegation.maxAmount")}</th>
                <th scope="col">{t("approvals.admin.delegation.closer")}</th>
                <th scope="col">{t("approvals.ui.admin.delegation.delete")}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.id}>
                  <th scope="row">{formText(rule)}</th>
                  <td>{amountText(rule.maxAmount)}</td>
                  <td>{rule.closerPositionName}</td>
                  <td>
                    <Form method="post" className="org-inline-form">
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="ruleId" value={rule.id} />
                      <button
                        type="submit"
                        className="org-button org-button--danger"
                        aria-label={t("approvals.ui.admin.delegation.deleteOf", {
                          form: formText(rule),
                          amount: amountText(rule.maxAmount),
                        })}
                      >
                        {t("approvals.ui.admin.delegation.delete")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="delegation-add-heading" className="org-panel">
        <h2 id="delegation-add-heading">{t("approvals.ui.admin.delegation.add")}</h2>
        {errors?.formError ? (
          <p className="org-notice org-notice--error" role="alert">
            {errors.formError}
          </p>
        ) : null}
        {positions.length === 0 ? (
          <p>{t("approvals.ui.admin.delegation.noPositions")}</p>
        ) : (
          <Form method="post" className="org-form" key={`add-${rules.length}`}>
            <input type="hidden" name="intent" value="add" />
            <Field
              id="rule-form"
              label={t("approvals.admin.delegation.form")}
              error={errors?.fieldErrors.formId}
            >
              {(describedBy, invalid) => (
                <select
                  id="rule-form"
                  name="formId"
                  defaultValue={errors?.values.formId ?? ""}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                >
                  <option value="">{t("approvals.admin.delegation.allForms")}</option>
                  {forms.map((form) => (
                    <option key={form.id} value={form.id}>
                      {form.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              id="rule-amount"
              label={t("approvals.ui.admin.delegation.maxAmount")}
              hint={t("approvals.ui.admin.delegation.maxAmountHint")}
              error={errors?.fieldErrors.maxAmount}
            >
              {(describedBy, invalid) => (
                <input
                  id="rule-amount"
                  name="maxAmount"
                  inputMode="numeric"
                  maxLength={24}
                  defaultValue={errors?.values.maxAmount}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                />
              )}
            </Field>
            <Field
              id="rule-closer"
              label={t("approvals.admin.delegation.closer")}
              error={errors?.fieldErrors.closerPositionId}
            >
              {(describedBy, invalid) => (
                <select
                  id="rule-closer"
                  name="closerPositionId"
                  defaultValue={errors?.values.closerPositionId ?? ""}
                  required
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                >
                  <option value="" disabled>
                    {t("approvals.admin.delegation.error.positionRequired")}
                  </option>
                  {positions.map((position) => (
                    <option key={position.id} value={position.id}>
                      {position.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit" className="org-button">
              {t("approvals.ui.admin.delegation.add")}
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}
