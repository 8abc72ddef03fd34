import { type MessageKey, translate } from "@nuri/i18n";
import { data, Form, redirect, useNavigation } from "react-router";
import { clientIp } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { ApplicationSchema, fieldErrorKeys } from "../../services/onboarding/application-schema.ts";
import { APPLY_RATE_LIMIT } from "../../services/onboarding/rate-limits.server.ts";
import { submitApplication } from "../../services/onboarding/submit-application.server.ts";
import stylesheet from "../../styles/onboarding.css?url";
import type { Route } from "./+types/apply";
import { ErrorSummary, FieldError, TextField } from "./form-fields.tsx";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "onboarding.apply.metaTitle") }];
}

type Values = Partial<Record<string, string>>;

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const values: Values = Object.fromEntries(
    [...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const ip = clientIp(context) ?? "unknown";
  if (!APPLY_RATE_LIMIT.hit(ip, Date.now()).allowed) {
    return data(
      {
        values,
        errors: {} as Partial<Record<string, MessageKey>>,
        formError: "onboarding.apply.rateLimited" as const,
      },
      { status: 429 },
    );
  }
  const parsed = ApplicationSchema.safeParse(values);
  if (!parsed.success) {
    return data({ values, errors: fieldErrorKeys(parsed.error), formError: null }, { status: 400 });
  }
  const { db } = await getAppDatabase();
  const result = await submitApplication(db, parsed.data);
  if (!result.ok) {
    const errors: Partial<Record<string, MessageKey>> = {};
    for (const field of result.taken) {
      errors[field] = field === "slug" ? "onboarding.error.slugTaken" : "onboarding.error.agencyCodeTaken";
    }
    return data({ values, errors, formError: null }, { status: 400 });
  }
  console.info(`application ${result.applicationId} received for pending tenant ${result.tenantId}`);
  return redirect("/apply/received");
}

export default function Apply({ actionData }: Route.ComponentProps) {
  const t = useTranslator();
  const navigation = useNavigation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  const kind = values.kind === "school" ? "school" : "agency";
  return (
    <section className="onboarding" aria-labelledby="apply-heading">
      <h1 id="apply-heading">{t("onboarding.apply.heading")}</h1>
      <p className="onboarding__lead">{t("onboarding.apply.lead")}</p>
      {actionData?.formError ? (
        <div className="form-alert form-alert--error" role="alert">
          {t(actionData.formError)}
        </div>
      ) : null}
      <ErrorSummary count={Object.keys(errors).length} />
      <Form method="post" className="onboarding-form" noValidate>
        <fieldset>
          <legend>{t("onboarding.apply.section.agency")}</legend>
          <TextField
            name="name"
            label={t("onboarding.field.name")}
            required
            defaultValue={values.name}
            error={errors.name}
            autoComplete="organization"
            maxLength={100}
          />
          <fieldset className="choice-group" aria-describedby={errors.kind ? "field-kind-error" : undefined}>
            <legend>
              {t("onboarding.field.kind")}{" "}
              <span className="form-field__required">{t("onboarding.form.required")}</span>
            </legend>
            <label className="choice">
              <input type="radio" name="kind" value="agency" defaultChecked={kind === "agency"} />
              {t("onboarding.kind.agency")}
            </label>
            <label className="choice">
              <input type="radio" name="kind" value="school" defaultChecked={kind === "school"} />
              {t("onboarding.kind.school")}
            </label>
            {errors.kind ? <FieldError id="field-kind-error" messageKey={errors.kind} /> : null}
          </fieldset>
          <TextField
            name="agencyCode"
            label={t("onboarding.field.agencyCode")}
            hint={t("onboarding.field.agencyCode.hint")}
            defaultValue={values.agencyCode}
            error={errors.agencyCode}
            inputMode="numeric"
            maxLength={7}
          />
          <TextField
            name="slug"
            label={t("onboarding.field.slug")}
            hint={t("onboarding.field.slug.hint")}
            required
            defaultValue={values.slug}
            error={errors.slug}
            autoComplete="off"
            maxLength={40}
          />
        </fieldset>
        <fieldset>
          <legend>{t("onboarding.apply.section.contact")}</legend>
          <TextField
            name="contactName"
            label={t("onboarding.field.contactName")}
            required
            defaultValue={values.contactName}
            error={errors.contactName}
            autoComplete="name"
            maxLength={50}
          />
          <TextField
            name="contactEmail"
            type="email"
            label={t("onboarding.field.contactEmail")}
            required
            defaultValue={values.contactEmail}
            error={errors.contactEmail}
            autoComplete="email"
          />
          <TextField
            name="contactPhone"
            type="tel"
            label={t("onboarding.field.contactPhone")}
            hint={t("onboarding.field.contactPhone.hint")}
            required
            defaultValue={values.contactPhone}
            error={errors.contactPhone}
            autoComplete="tel"
          />
        </fieldset>
        <fieldset>
          <legend>{t("onboarding.apply.section.admin")}</legend>
          <p className="form-field__hint">{t("onboarding.apply.section.admin.hint")}</p>
          <TextField
            name="adminName"
            label={t("onboarding.field.adminName")}
            required
            defaultValue={values.adminName}
            error={errors.adminName}
            autoComplete="off"
            maxLength={50}
          />
          <TextField
            name="adminLoginId"
            label={t("onboarding.field.adminLoginId")}
            hint={t("onboarding.field.adminLoginId.hint")}
            required
            defaultValue={values.adminLoginId}
            error={errors.adminLoginId}
            autoComplete="off"
            maxLength={64}
          />
          <TextField
            name="adminEmail"
            type="email"
            label={t("onboarding.field.adminEmail")}
            hint={t("onboarding.field.adminEmail.hint")}
            required
            defaultValue={values.adminEmail}
            error={errors.adminEmail}
            autoComplete="off"
          />
        </fieldset>
        <button type="submit" className="button button--primary" disabled={navigation.state === "submitting"}>
          {t("onboarding.apply.submit")}
        </button>
      </Form>
    </section>
  );
}
