import { formatDateTime, translate } from "@nuri/i18n";
import { Form, Link, useSearchParams } from "react-router";
import { getAppDatabase } from "../../db.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { requireOperator } from "../../platform/guards.server.ts";
import {
  type ApplicationStatus,
  listApplications,
} from "../../services/onboarding/list-applications.server.ts";
import type { Route } from "./+types/platform-applications";

const STATUSES: ApplicationStatus[] = ["pending", "approved", "rejected"];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "onboarding.platform.list.metaTitle") }];
}

export async function loader({ request }: Route.LoaderArgs) {
  await requireOperator(request);
  const requested = new URL(request.url).searchParams.get("status");
  const status = STATUSES.find((s) => s === requested);
  const { db } = await getAppDatabase();
  const applications = await listApplications(db, { status });
  return {
    status: status ?? null,
    applications: applications.map((a) => ({
      ...a,
      createdAt: a.createdAt.toISOString(),
      decidedAt: a.decidedAt?.toISOString() ?? null,
    })),
  };
}

export default function PlatformApplications({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const [searchParams] = useSearchParams();
  const current = searchParams.get("status") ?? "";
  return (
    <section className="onboarding onboarding--wide" aria-labelledby="applications-heading">
      <h1 id="applications-heading">{t("onboarding.platform.list.heading")}</h1>
      <Form method="get" className="filter-form">
        <label htmlFor="status-filter">{t("onboarding.platform.list.filter")}</label>
        <select id="status-filter" name="status" defaultValue={current}>
          <option value="">{t("onboarding.status.all")}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`onboarding.status.${status}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary">
          {t("onboarding.platform.list.apply")}
        </button>
      </Form>
      {loaderData.applications.length === 0 ? (
        <p>{t("onboarding.platform.list.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t("onboarding.platform.list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("onboarding.field.name")}</th>
                <th scope="col">{t("onboarding.field.kind")}</th>
                <th scope="col">{t("onboarding.field.slug")}</th>
                <th scope="col">{t("onboarding.platform.list.received")}</th>
                <th scope="col">{t("onboarding.platform.list.status")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.applications.map((application) => (
                <tr key={application.id}>
                  <th scope="row">
                    <Link to={`/platform/applications/${application.id}`}>{application.tenantName}</Link>
                  </th>
                  <td>{t(`onboarding.kind.${application.kind}`)}</td>
                  <td>
                    <code>{application.tenantSlug}</code>
                  </td>
                  <td>{formatDateTime(application.createdAt, locale)}</td>
                  <td>
                    <span className={`status-badge status-badge--${application.status}`}>
                      {t(`onboarding.status.${application.status}`)}
                    </span>
                    {application.decisionReason ? (
                      <span className="status-reason">
                        {t("onboarding.platform.list.reason", { reason: application.decisionReason })}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
