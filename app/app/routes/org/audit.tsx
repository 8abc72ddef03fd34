import { formatDateTime, formatNumber, translate } from "@nuri/i18n";
import { Form, Link, useActionData } from "react-router";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { listAuditEntries } from "../../services/audit/list-audit-entries.server.ts";
import { verifyAuditLog } from "../../services/audit/verify-audit-log.server.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/audit";
import { requireAdminContext, translateKey } from "./admin-context.server.ts";
import { ActionNotice, AdminBreadcrumb, type PlainKey } from "./org-ui.tsx";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "org.audit.title") }];
}

// Years PostgreSQL and Korean records both use; 0001-01-01 in Seoul would be year 0 in UTC.
const DAY = /^(19|20)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { db, tenant } = await requireAdminContext(request, params, context);
  const search = new URL(request.url).searchParams;
  const day = (name: string) => {
    const value = search.get(name) ?? "";
    return DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : "";
  };
  const filter = {
    actionPrefix: (search.get("action") ?? "").replaceAll("\0", "").trim().slice(0, 100),
    actorId: UUID.test(search.get("actor") ?? "") ? search.get("actor")! : "",
    from: day("from"),
    to: day("to"),
    page: Math.min(Math.max(1, Number.parseInt(search.get("page") ?? "1", 10) || 1), 100_000),
  };
  const result = await listAuditEntries(db, tenant.id, {
    actionPrefix: filter.actionPrefix || undefined,
    actorId: filter.actorId || undefined,
    from: filter.from || undefined,
    to: filter.to || undefined,
    page: filter.page,
  });
  return { filter, ...result };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale } = await requireAdminContext(request, params, context);
  const result = await verifyAuditLog(ctx);
  const notice = result.ok
    ? translateKey(locale, "org.audit.verifyOk", { count: formatNumber(result.entries, locale) })
    : translateKey(locale, "org.audit.verifyBroken", {
        seq: result.brokenAt,
        problem: translateKey(locale, `org.audit.problem.${result.problem}`),
      });
  return result.ok
    ? { ok: true as const, intent: "verify", notice }
    : { ok: false as const, intent: "verify", formError: notice, fieldErrors: {}, values: {} };
}

function actionLabel(t: ReturnType<typeof useTranslator>, action: string): string {
  const key = `org.audit.action.${action}`;
  return key in KNOWN ? t(key as PlainKey) : action;
}

// The actions this area labels; others (e.g. sign-in) are shown by their dotted name.
const KNOWN: Record<string, true> = Object.fromEntries(
  [
    "org.department.create",
    "org.department.update",
    "org.department.move",
    "org.department.reorder",
    "org.department.close",
    "org.position.create",
    "org.position.rename",
    "org.position.reorder",
    "org.rank.create",
    "org.rank.rename",
    "org.rank.reorder",
    "org.person.create",
    "org.person.update",
    "org.person.move",
    "org.person.disable",
    "org.person.enable",
    "org.person.reset_password",
    "org.people.import",
    "audit.verified",
    "tenant.contacts.update",
    "messaging.retention.update",
    "messaging.retention.purge",
    "messaging.channel.export",
  ].map((action) => [`org.audit.action.${action}`, true]),
);

export default function Audit({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const { filter } = loaderData;
  const pageLink = (page: number) => {
    const search = new URLSearchParams();
    if (filter.actionPrefix) search.set("action", filter.actionPrefix);
    if (filter.actorId) search.set("actor", filter.actorId);
    if (filter.from) search.set("from", filter.from);
    if (filter.to) search.set("to", filter.to);
    search.set("page", String(page));
    return `?${search}`;
  };
  return (
    <div className="org-page">
      <AdminBreadcrumb current="org.audit.title" />
      <h1>{t("org.audit.title")}</h1>

      <section aria-labelledby="verify-heading" className="org-panel">
        <h2 id="verify-heading">{t("org.audit.verify")}</h2>
        <p className="org-field__hint">{t("org.audit.verifyHint")}</p>
        <ActionNotice result={result} />
        <Form method="post">
          <button type="submit" className="org-button org-button--secondary">
            {t("org.audit.verify")}
          </button>
        </Form>
      </section>

      <Form
        method="get"
        role="search"
        aria-label={t("org.audit.filter")}
        className="org-form org-form--inline"
      >
        <div className="org-field">
          <label htmlFor="audit-action">{t("org.audit.actionPrefix")}</label>
          <p id="audit-action-hint" className="org-field__hint">
            {t("org.audit.actionPrefixHint")}
          </p>
          <input
            id="audit-action"
            name="action"
            defaultValue={filter.actionPrefix}
            aria-describedby="audit-action-hint"
          />
        </div>
        <div className="org-field">
          <label htmlFor="audit-actor">{t("org.audit.actor")}</label>
          <select id="audit-actor" name="actor" defaultValue={filter.actorId}>
            <option value="">{t("org.audit.anyActor")}</option>
            {loaderData.actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.label}
              </option>
            ))}
          </select>
        </div>
        <div className="org-field">
          <label htmlFor="audit-from">{t("org.audit.from")}</label>
          <input id="audit-from" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div className="org-field">
          <label htmlFor="audit-to">{t("org.audit.to")}</label>
          <input id="audit-to" name="to" type="date" defaultValue={filter.to} />
        </div>
        <button type="submit" className="org-button org-button--secondary">
          {t("org.audit.search")}
        </button>
      </Form>

      <p role="status">{t("org.audit.total", { count: formatNumber(loaderData.total, locale) })}</p>
      {loaderData.entries.length === 0 ? (
        <p>{t("org.audit.empty")}</p>
      ) : (
        // A wide entry (a file's hash, a long name) scrolls the table sideways: the scrolling
        // region is then reachable from the keyboard.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
        <section className="org-table-wrap" aria-label={t("org.audit.title")} tabIndex={0}>
          <table className="org-table org-table--audit">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("org.audit.time")}</th>
                <th scope="col">{t("org.audit.actor")}</th>
                <th scope="col">{t("org.audit.action")}</th>
                <th scope="col">{t("org.audit.target")}</th>
                <th scope="col">{t("org.audit.ip")}</th>
                <th scope="col">{t("org.audit.details")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.entries.map((entry) => (
                <tr key={entry.seq}>
                  <td>{entry.seq}</td>
                  <td>
                    <time dateTime={new Date(entry.occurredAt).toISOString()}>
                      {formatDateTime(entry.occurredAt, locale)}
                    </time>
                  </td>
                  <td>{entry.actorLabel}</td>
                  <td>
                    <span title={entry.action}>{actionLabel(t, entry.action)}</span>
                  </td>
                  <td>{entry.targetType ? `${entry.targetType} ${entry.targetId ?? ""}` : ""}</td>
                  <td>{entry.ip ?? ""}</td>
                  <td>
                    <dl className="org-details-list">
                      {Object.entries(entry.details).map(([key, value]) => (
                        <div key={key}>
                          <dt>{key}</dt>
                          <dd>{value === null ? "—" : String(value)}</dd>
                        </div>
                      ))}
                    </dl>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <nav aria-label={t("org.audit.paging")} className="org-paging">
        {loaderData.page > 1 ? (
          <Link to={pageLink(loaderData.page - 1)}>{t("org.audit.previous")}</Link>
        ) : null}
        <span>{t("org.audit.page", { page: loaderData.page, pages: loaderData.pages })}</span>
        {loaderData.page < loaderData.pages ? (
          <Link to={pageLink(loaderData.page + 1)}>{t("org.audit.next")}</Link>
        ) : null}
      </nav>
    </div>
  );
}
