import { translate } from "@nuri/i18n";
import { requireUser } from "../../auth/guards.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import type { Route } from "./+types/home";

// The tenant's home: a greeting and the three things a person checks first. Approvals,
// documents and messages arrive in later issues; until then each list is honestly empty.

export function meta({ matches, loaderData }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  return [
    {
      title: loaderData
        ? translate(locale, "auth.home.metaTitle", { tenant: loaderData.tenantName })
        : translate(locale, "app.name"),
    },
  ];
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { tenant, user } = await requireUser(request, params);
  return { name: user.displayName, tenantName: tenant.name };
}

export default function TenantHome({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const sections = [
    { id: "approvals", heading: t("auth.home.approvals"), empty: t("auth.home.approvalsEmpty") },
    { id: "documents", heading: t("auth.home.documents"), empty: t("auth.home.documentsEmpty") },
    { id: "messages", heading: t("auth.home.messages"), empty: t("auth.home.messagesEmpty") },
  ];
  return (
    <>
      <h1>{t("auth.home.greeting", { name: loaderData.name })}</h1>
      <p className="home-lead">{t("auth.home.lead", { tenant: loaderData.tenantName })}</p>
      <div className="home-sections">
        {sections.map((section) => (
          <section
            key={section.id}
            id={section.id}
            className="home-section"
            aria-labelledby={`${section.id}-heading`}
          >
            <h2 id={`${section.id}-heading`}>{section.heading}</h2>
            <p className="home-section__empty">{section.empty}</p>
          </section>
        ))}
      </div>
    </>
  );
}
