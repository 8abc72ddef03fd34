import { NavLink, Outlet } from "react-router";
import { useTranslator } from "../../i18n.ts";
import { listDepartmentSpaces } from "../../services/documents/spaces.server.ts";
import spacesStyles from "../../styles/documents-spaces.css?url";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/list-layout";
import { requireSpacesContext } from "./spaces-route.server.ts";

// The frame of the spaces pages: the 문서함 menu (the person's own space, each department space
// from their own department up, shared, recent, starred, trash) beside the page. On a narrow
// screen the menu wraps above the page.

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: orgStyles },
  { rel: "stylesheet", href: spacesStyles },
];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant } = await requireSpacesContext(request, params, context);
  return { slug: tenant.slug, spaces: await listDepartmentSpaces(ctx.db, ctx) };
}

export default function SpacesLayout({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const base = `/t/${loaderData.slug}/documents`;
  const className = ({ isActive }: { isActive: boolean }) =>
    isActive ? "docs-nav__link is-current" : "docs-nav__link";
  return (
    <div className="docs-layout">
      <nav className="docs-nav" aria-label={t("documents.spaces.nav")}>
        <p className="docs-nav__new">
          <NavLink className="org-button" to={`${base}/new`}>
            {t("documents.spaces.newDocument")}
          </NavLink>
        </p>
        <ul className="docs-nav__list">
          <li>
            <NavLink className={className} to={base} end>
              {t("documents.spaces.view.mine")}
            </NavLink>
          </li>
          <li>
            <NavLink className={className} to={`${base}/departments`} end>
              {t("documents.spaces.view.department")}
            </NavLink>
            {loaderData.spaces.length > 0 ? (
              <ul className="docs-nav__sub">
                {loaderData.spaces.map((space) => (
                  <li key={space.id}>
                    <NavLink className={className} to={`${base}/departments/${space.id}`}>
                      {space.name}
                    </NavLink>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
          <li>
            <NavLink className={className} to={`${base}/shared`}>
              {t("documents.spaces.view.shared")}
            </NavLink>
          </li>
          <li>
            <NavLink className={className} to={`${base}/recent`}>
              {t("documents.spaces.view.recent")}
            </NavLink>
          </li>
          <li>
            <NavLink className={className} to={`${base}/starred`}>
              {t("documents.spaces.view.starred")}
            </NavLink>
          </li>
          <li>
            <NavLink className={className} to={`${base}/trash`}>
              {t("documents.spaces.view.trash")}
            </NavLink>
          </li>
          <li>
            <NavLink className={className} to={`${base}/templates`}>
              {t("documents.spaces.view.templates")}
            </NavLink>
          </li>
        </ul>
      </nav>
      <div className="docs-main">
        <Outlet />
      </div>
    </div>
  );
}
