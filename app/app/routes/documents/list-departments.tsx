import { translate } from "@nuri/i18n";
import { Link } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { listDepartmentSpaces } from "../../services/documents/spaces.server.ts";
import type { Route } from "./+types/list-departments";
import { requireSpacesContext } from "./spaces-route.server.ts";

// 부서 문서함: one space for the person's own department and one for each department above it,
// as the org chart has them. Members of a department (and of the departments under it) edit
// the documents of its space.

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "documents.spaces.view.department") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant } = await requireSpacesContext(request, params, context);
  return { slug: tenant.slug, spaces: await listDepartmentSpaces(ctx.db, ctx) };
}

export default function DepartmentSpaces({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  return (
    <div className="org-page">
      <h1>{t("documents.spaces.view.department")}</h1>
      <p className="docs-lead">{t("documents.spaces.departmentLead")}</p>
      {loaderData.spaces.length === 0 ? (
        <p className="docs-empty">{t("documents.spaces.noDepartment")}</p>
      ) : (
        <ul className="org-sections" aria-label={t("documents.spaces.view.department")}>
          {loaderData.spaces.map((space, index) => (
            <li key={space.id}>
              <Link to={`/t/${loaderData.slug}/documents/departments/${space.id}`}>{space.name}</Link>
              <p>{t(index === 0 ? "documents.spaces.ownDepartment" : "documents.spaces.upperDepartment")}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
