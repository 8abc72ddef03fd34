import { formatDateTime, translate } from "@nuri/i18n";
import { data, Form, redirect } from "react-router";
import { z } from "zod";
import { clearSessionCookie } from "../../auth/cookie.server.ts";
import { clientIp, requireUser } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { describeUserAgent } from "../../services/auth/describe-user-agent.ts";
import { listOwnSessions } from "../../services/auth/list-sessions.server.ts";
import { revokeOwnSession } from "../../services/auth/revoke-own-session.server.ts";
import authStyles from "../../styles/auth.css?url";
import type { Route } from "./+types/sessions";

// The person's own open sessions, with a way to end each one.

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "auth.sessions.metaTitle") }];
}

export function headers() {
  return { "Cache-Control": "no-store" };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { tenant, user, session } = await requireUser(request, params);
  const { db } = await getAppDatabase();
  const open = await listOwnSessions(db, { tenant, userId: user.id, currentSessionId: session.id });
  const revoked = new URL(request.url).searchParams.get("revoked") === "1";
  return {
    revoked,
    sessions: open.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      ip: row.ip,
      ...describeUserAgent(row.userAgent),
      current: row.current,
    })),
  };
}

const RevokeSchema = z.object({ sessionId: z.string().min(1).max(128) });

export async function action({ request, params, context }: Route.ActionArgs) {
  const { tenant, user, session } = await requireUser(request, params);
  const parsed = RevokeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ notFound: true }, { status: 400 });
  const { db } = await getAppDatabase();
  const revoked = await revokeOwnSession(db, {
    tenant,
    user,
    sessionId: parsed.data.sessionId,
    ip: clientIp(context),
  });
  if (!revoked) return data({ notFound: true }, { status: 404 });
  if (parsed.data.sessionId === session.id) {
    return redirect(`/t/${tenant.slug}/sign-in?reason=signed-out`, {
      headers: { "Set-Cookie": clearSessionCookie() },
    });
  }
  return redirect(`/t/${tenant.slug}/account/sessions?revoked=1`);
}

export default function Sessions({ loaderData, actionData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  return (
    <section className="auth-page auth-page--wide" aria-labelledby="sessions-heading">
      <h1 id="sessions-heading">{t("auth.sessions.heading")}</h1>
      <p>{t("auth.sessions.lead")}</p>
      {actionData?.notFound ? (
        <p className="auth-alert" role="alert">
          {t("auth.sessions.notFound")}
        </p>
      ) : loaderData.revoked ? (
        <p className="auth-notice" role="status">
          {t("auth.sessions.revoked")}
        </p>
      ) : null}
      <ul className="session-list">
        {loaderData.sessions.map((row) => {
          const browser = browserLabel(t, row.browser, row.os);
          const createdAt = formatDateTime(row.createdAt, locale);
          return (
            <li key={row.id} className="session-list__item">
              <p className="session-list__title">
                <strong>{browser}</strong>
                {row.current ? (
                  <span className="session-list__current">{t("auth.sessions.current")}</span>
                ) : null}
              </p>
              <dl className="session-list__facts">
                <div>
                  <dt>{t("auth.sessions.createdAt")}</dt>
                  <dd>
                    <time dateTime={row.createdAt}>{createdAt}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t("auth.sessions.lastSeenAt")}</dt>
                  <dd>
                    <time dateTime={row.lastSeenAt}>{formatDateTime(row.lastSeenAt, locale)}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t("auth.sessions.ip")}</dt>
                  <dd>{row.ip ?? t("auth.sessions.unknownIp")}</dd>
                </div>
              </dl>
              <Form method="post">
                <input type="hidden" name="sessionId" value={row.id} />
                <button
                  type="submit"
                  className="auth-button auth-button--secondary"
                  aria-label={t("auth.sessions.revokeLabel", { browser, createdAt })}
                >
                  {t("auth.sessions.revoke")}
                </button>
              </Form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function browserLabel(
  t: ReturnType<typeof useTranslator>,
  browser: string | null,
  os: string | null,
): string {
  const name = browser ?? t("auth.sessions.unknownBrowser");
  return os ? t("auth.sessions.browserOn", { browser: name, os }) : name;
}
