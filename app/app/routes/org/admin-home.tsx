import { translate } from "@nuri/i18n";
import { Link } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/admin-home";
import { requireAdminContext } from "./admin-context.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "org.admin.title") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { tenant } = await requireAdminContext(request, params, context);
  return { tenantName: tenant.name, slug: tenant.slug };
}

const SECTIONS = [
  { path: "departments", title: "org.admin.departments", description: "org.admin.departments.description" },
  { path: "positions", title: "org.admin.positions", description: "org.admin.positions.description" },
  { path: "people", title: "org.admin.people", description: "org.admin.people.description" },
  { path: "people/import", title: "org.admin.import", description: "org.admin.import.description" },
  { path: "audit", title: "org.admin.audit", description: "org.admin.audit.description" },
  {
    path: "document-policy",
    title: "documents.sharing.policy.title",
    description: "documents.sharing.policy.lead",
  },
  { path: "agency", title: "org.admin.contacts", description: "org.admin.contacts.description" },
  { path: "messaging", title: "messaging.admin.title", description: "messaging.admin.lead" },
  {
    path: "approvals/forms",
    title: "approvals.admin.forms.title",
    description: "approvals.admin.forms.description",
  },
  {
    path: "approvals/delegation",
    title: "approvals.admin.delegation.title",
    description: "approvals.admin.delegation.description",
  },
] as const;

export default function AdminHome({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  return (
    <div className="org-page">
      <h1>{t("org.admin.title")}</h1>
      <p>{t("org.admin.lead", { tenant: loaderData.tenantName })}</p>
      <nav aria-label={t("org.admin.sections")}>
        <ul className="org-sections">
          {SECTIONS.map((section) => (
            <li key={section.path}>
              <Link to={`/t/${loaderData.slug}/admin/${section.path}`}>{t(section.title)}</Link>
              <p>{t(section.description)}</p>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
