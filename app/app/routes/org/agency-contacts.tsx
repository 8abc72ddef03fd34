import { translate } from "@nuri/i18n";
import { Form, useActionData } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { readAgencyContacts, updateAgencyContacts } from "../../services/org/agency-contacts.server.ts";
import {
  AGENCY_CONTACT_FIELDS,
  AGENCY_CONTACT_RULES,
  type AgencyContacts,
} from "../../services/org/agency-contacts.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/agency-contacts";
import {
  type ActionResult,
  formValues,
  requireAdminContext,
  runAction,
  translateKey,
} from "./admin-context.server.ts";
import { ActionNotice, AdminBreadcrumb, Field, type PlainKey } from "./org-ui.tsx";

// /t/:tenant/admin/agency — 기관 정보: the contacts the official document's 결문 prints (우편번호,
// 주소, 홈페이지, 전화, 전송) and the 발신명의. Tenant administrators only; audited.

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "org.contacts.title") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { db, tenant } = await requireAdminContext(request, params, context);
  return { agencyName: tenant.name, contacts: await readAgencyContacts(db, tenant.id) };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale } = await requireAdminContext(request, params, context);
  const form = await request.formData();
  const values = formValues(form);
  return runAction("contacts", form, locale, async (): Promise<ActionResult> => {
    const { changed } = await updateAgencyContacts(ctx, {
      postalCode: values.postalCode ?? "",
      address: values.address ?? "",
      homepage: values.homepage ?? "",
      phone: values.phone ?? "",
      fax: values.fax ?? "",
      senderTitle: values.senderTitle ?? "",
    });
    const notice = translateKey(locale, changed.length > 0 ? "org.contacts.saved" : "org.contacts.unchanged");
    return { ok: true, intent: "contacts", notice };
  });
}

const LABELS: Record<keyof AgencyContacts, PlainKey> = {
  postalCode: "org.contacts.postalCode",
  address: "org.contacts.address",
  homepage: "org.contacts.homepage",
  phone: "org.contacts.phone",
  fax: "org.contacts.fax",
  senderTitle: "org.contacts.senderTitle",
};

const INPUTS: Record<
  keyof AgencyContacts,
  { type: string; autoComplete: string; inputMode?: "numeric" | "tel" }
> = {
  postalCode: { type: "text", autoComplete: "postal-code", inputMode: "numeric" },
  address: { type: "text", autoComplete: "street-address" },
  homepage: { type: "url", autoComplete: "url" },
  phone: { type: "tel", autoComplete: "tel", inputMode: "tel" },
  fax: { type: "tel", autoComplete: "off", inputMode: "tel" },
  senderTitle: { type: "text", autoComplete: "organization-title" },
};

export default function AgencyContactsPage({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : undefined;
  const hint = (field: keyof AgencyContacts): string | undefined => {
    switch (field) {
      case "postalCode":
        return t("org.contacts.postalCode.hint");
      case "homepage":
        return t("org.contacts.homepage.hint");
      case "phone":
      case "fax":
        return t("org.contacts.phone.hint");
      case "senderTitle":
        return t("org.contacts.senderTitle.hint", { agency: loaderData.agencyName });
      default:
        return undefined;
    }
  };
  return (
    <div className="org-page">
      <AdminBreadcrumb current="org.contacts.title" />
      <h1>{t("org.contacts.title")}</h1>
      <p>{t("org.contacts.lead")}</p>
      <ActionNotice result={result} />
      <Form method="post" className="org-form" noValidate>
        {AGENCY_CONTACT_FIELDS.map((field) => (
          <Field
            key={field}
            id={`contacts-${field}`}
            label={t(LABELS[field])}
            hint={hint(field)}
            error={failed?.fieldErrors[field]}
          >
            {(describedBy, invalid) => (
              <input
                id={`contacts-${field}`}
                name={field}
                type={INPUTS[field].type}
                inputMode={INPUTS[field].inputMode}
                autoComplete={INPUTS[field].autoComplete}
                maxLength={AGENCY_CONTACT_RULES[field].maxLength}
                defaultValue={failed?.values[field] ?? loaderData.contacts[field]}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
        ))}
        <button type="submit" className="org-button">
          {t("org.contacts.save")}
        </button>
      </Form>
    </div>
  );
}
