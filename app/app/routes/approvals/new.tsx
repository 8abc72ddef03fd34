import { translate } from "@nuri/i18n";
import { data, Form, redirect, useNavigation } from "react-router";
import { AppError } from "../../errors.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { createApproval } from "../../services/approvals/create-approval.server.ts";
import { listForms } from "../../services/approvals/list-forms.server.ts";
import approvalStyles from "../../styles/approval-document.css?url";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/new";
import { field, messageOf, requireApprovalsActor } from "./approval-document.server.ts";

// 기안하기, /t/:tenant/approvals/new: the agency's forms (서식) with what each is for; choosing
// one makes the draft (its body, and a line proposed from the org chart) and opens it.

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: orgStyles },
  { rel: "stylesheet", href: approvalStyles },
];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "approvals.page.new.metaTitle") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx } = await requireApprovalsActor(request, params, context);
  return { forms: await listForms(ctx) };
}

type NewResult = { ok: false; fieldError?: string; formError?: string };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale, tenant } = await requireApprovalsActor(request, params, context);
  const form = await request.formData();
  const formId = field(form, "formId");
  if (!formId) {
    return data<NewResult>(
      { ok: false, fieldError: translate(locale, "approvals.page.new.error.form") },
      { status: 400 },
    );
  }
  try {
    const id = await createApproval(ctx, { formId });
    return redirect(`/t/${tenant.slug}/approvals/${id}?notice=created`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const message = messageOf(locale, error);
    return data<NewResult>(
      error.code === "approvals.form.not-found"
        ? { ok: false, fieldError: message }
        : { ok: false, formError: message },
      { status: error.status },
    );
  }
}

export default function NewApprovalPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useTranslator();
  const navigation = useNavigation();
  const result = actionData as NewResult | undefined;
  return (
    <div className="approval-page approval-new">
      <h1>{t("approvals.page.new.title")}</h1>
      <p className="approval-hint">{t("approvals.page.new.lead")}</p>
      {result?.formError ? (
        <p className="approval-alert approval-alert--error" role="alert">
          {result.formError}
        </p>
      ) : null}
      {loaderData.forms.length === 0 ? (
        <p>{t("approvals.page.new.empty")}</p>
      ) : (
        <Form method="post" noValidate>
          <fieldset
            className="approval-fieldset approval-forms"
            aria-describedby={result?.fieldError ? "new-form-error" : undefined}
          >
            <legend>{t("approvals.page.new.forms")}</legend>
            {result?.fieldError ? (
              <p id="new-form-error" className="org-field__error" role="alert">
                {result.fieldError}
              </p>
            ) : null}
            <ul className="approval-form-cards">
              {loaderData.forms.map((choice, index) => (
                <li key={choice.id}>
                  <label className="approval-form-card">
                    <input
                      type="radio"
                      name="formId"
                      value={choice.id}
                      defaultChecked={index === 0}
                      aria-describedby={`new-form-${choice.id}-description`}
                    />
                    <span className="approval-form-card__name">{choice.name}</span>
                    <span
                      id={`new-form-${choice.id}-description`}
                      className="approval-form-card__description"
                    >
                      {choice.description}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" className="org-button" disabled={navigation.state === "submitting"}>
            {t("approvals.page.new.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
