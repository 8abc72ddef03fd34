import { formatDateTime, formatNumber, translate } from "@nuri/i18n";
import { Link } from "react-router";
import { localeFromMatches, useLocale, useTranslator } from "../i18n.ts";
import { checkServiceHealth, type ServiceHealth } from "../services/status/check-service-health.server.ts";
import authStyles from "../styles/auth.css?url";
import type { Route } from "./+types/home";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  return [
    { title: translate(locale, "home.metaTitle") },
    { name: "description", content: translate(locale, "app.description") },
  ];
}

export async function loader() {
  return { health: await checkServiceHealth(), checkedAt: new Date().toISOString() };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  return (
    <>
      <section className="hero" aria-labelledby="home-heading">
        <h1 id="home-heading">{t("app.name")}</h1>
        <p className="hero__lead">{t("app.description")}</p>
        <nav aria-label={t("auth.publicHome.actions")}>
          <ul className="home-actions">
            <li>
              <Link className="home-actions__primary" to="/sign-in">
                {t("auth.publicHome.signIn")}
              </Link>
            </li>
            <li>
              <Link to="/apply">{t("auth.publicHome.apply")}</Link>
            </li>
          </ul>
        </nav>
      </section>
      <section className="features" aria-labelledby="features-heading">
        <h2 id="features-heading">{t("home.features.heading")}</h2>
        <ul className="feature-list">
          <li>{t("home.features.documents")}</li>
          <li>{t("home.features.approvals")}</li>
          <li>{t("home.features.messaging")}</li>
        </ul>
      </section>
      <ServiceStatus health={loaderData.health} checkedAt={loaderData.checkedAt} />
    </>
  );
}

function ServiceStatus({ health, checkedAt }: { health: ServiceHealth; checkedAt: string }) {
  const t = useTranslator();
  const locale = useLocale();
  const ok = health.database === "ok";
  return (
    <section className="status" aria-labelledby="status-heading">
      <h2 id="status-heading">{t("status.heading")}</h2>
      <dl className="status-list">
        <div className="status-list__item">
          <dt>{t("status.database")}</dt>
          <dd>
            <span className={ok ? "badge badge--ok" : "badge badge--error"}>
              {t(ok ? "status.database.ok" : "status.database.unreachable")}
            </span>
          </dd>
        </div>
        {ok ? (
          <>
            <div className="status-list__item">
              <dt>{t("status.agencies")}</dt>
              <dd>{t("status.count", { count: formatNumber(health.active.agencies, locale) })}</dd>
            </div>
            <div className="status-list__item">
              <dt>{t("status.schools")}</dt>
              <dd>{t("status.count", { count: formatNumber(health.active.schools, locale) })}</dd>
            </div>
          </>
        ) : null}
        <div className="status-list__item">
          <dt>{t("status.checkedAt")}</dt>
          <dd>
            <time dateTime={checkedAt}>{formatDateTime(checkedAt, locale)}</time>
          </dd>
        </div>
      </dl>
      {ok ? null : <p className="status__notice">{t("status.unavailable")}</p>}
    </section>
  );
}
