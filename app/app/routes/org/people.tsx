import { translate } from "@nuri/i18n";
import { Form, Link } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { listPeople } from "../../services/org/list-people.server.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/people";
import { requireAdminContext } from "./admin-context.server.ts";
import { AdminBreadcrumb, PersonStatus } from "./org-ui.tsx";
import { loadPersonChoices } from "./person-choices.server.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "org.people.title") }];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { db, tenant } = await requireAdminContext(request, params, context);
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").replaceAll("\0", "").slice(0, 100);
  const department = url.searchParams.get("department") ?? "";
  const departmentId = UUID.test(department) ? department : null;
  const choices = await loadPersonChoices(db, tenant);
  const people = await listPeople(db, tenant.id, { query, departmentId });
  return { slug: tenant.slug, query, departmentId, departments: choices.departments, people };
}

export default function People({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const base = `/t/${loaderData.slug}/admin/people`;
  return (
    <div className="org-page">
      <AdminBreadcrumb current="org.people.title" />
      <h1>{t("org.people.title")}</h1>
      <p className="org-actions">
        <Link className="org-button" to={`${base}/new`}>
          {t("org.people.add")}
        </Link>
        <Link className="org-button org-button--secondary" to={`${base}/import`}>
          {t("org.people.import")}
        </Link>
      </p>
      <Form
        method="get"
        role="search"
        className="org-form org-form--inline"
        aria-label={t("org.people.search")}
      >
        <div className="org-field">
          <label htmlFor="people-q">{t("org.people.query")}</label>
          <input id="people-q" name="q" type="search" defaultValue={loaderData.query} />
        </div>
        <div className="org-field">
          <label htmlFor="people-department">{t("org.people.department")}</label>
          <select id="people-department" name="department" defaultValue={loaderData.departmentId ?? ""}>
            <option value="">{t("org.people.allDepartments")}</option>
            {loaderData.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.path}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="org-button org-button--secondary">
          {t("org.people.searchSubmit")}
        </button>
      </Form>
      <p role="status">{t("org.people.count", { count: loaderData.people.length })}</p>
      {loaderData.people.length === 0 ? (
        <p>{t("org.people.empty")}</p>
      ) : (
        <div className="org-table-wrap">
          <table className="org-table">
            <thead>
              <tr>
                <th scope="col">{t("org.person.displayName")}</th>
                <th scope="col">{t("org.person.loginId")}</th>
                <th scope="col">{t("org.people.department")}</th>
                <th scope="col">{t("org.person.position")}</th>
                <th scope="col">{t("org.person.rank")}</th>
                <th scope="col">{t("org.people.role")}</th>
                <th scope="col">{t("org.people.status")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.people.map((person) => (
                <tr key={person.id}>
                  <th scope="row">
                    <Link to={`${base}/${person.id}`}>{person.displayName}</Link>
                  </th>
                  <td>{person.loginId}</td>
                  <td>{person.departmentName ?? ""}</td>
                  <td>{person.positionName ?? ""}</td>
                  <td>{person.rankName ?? ""}</td>
                  <td>{t(`org.role.${person.role as "admin"}`)}</td>
                  <td>
                    <PersonStatus person={person} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
