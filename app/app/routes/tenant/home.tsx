import { formatNumber, translate } from "@nuri/i18n";
import { Link, useRouteLoaderData } from "react-router";
import { requireUser } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { resolveLocale } from "../../locale.server.ts";
import { listRecentForHome } from "../../services/documents/spaces.server.ts";
import { describeListDate } from "../../services/documents/spaces-dates.server.ts";
import { listMyChannels } from "../../services/messaging/channels.server.ts";
import spacesStyles from "../../styles/documents-spaces.css?url";
import type { Route } from "./+types/home";
import type { loader as layoutLoader } from "./layout.tsx";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: spacesStyles }];

// The tenant's home: a greeting and the three things a person checks first: the approvals
// waiting for them (students have none to see), recent documents, and the channels and
// conversations with messages they have not read.

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
  // 최근 문서: the five documents the person opened last (and may still read).
  const { db } = await getAppDatabase();
  const { locale } = resolveLocale(request);
  const now = new Date();
  const recent = (await listRecentForHome(db, { tenantId: tenant.id, userId: user.id }, 5)).map((row) => ({
    id: row.id,
    title: row.title,
    visited: describeListDate(row.visitedAt ?? row.updatedAt, now, locale),
  }));
  const unreadChannels = (await listMyChannels({ db, tenantId: tenant.id, userId: user.id, role: user.role }))
    .filter((channel) => channel.unread > 0)
    .slice(0, 5)
    .map((channel) => ({ id: channel.id, title: channel.title, unread: channel.unread }));
  return { name: user.displayName, tenantName: tenant.name, slug: tenant.slug, recent, unreadChannels };
}

export default function TenantHome({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  // The frame already counted the person's 결재대기 (loadShellPerson): no second query here.
  const person = useRouteLoaderData<typeof layoutLoader>("routes/tenant/layout")?.person;
  const sections = [
    ...(person?.canUseApprovals === false
      ? []
      : [{ id: "approvals", heading: t("auth.home.approvals"), empty: t("auth.home.approvalsEmpty") }]),
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
            {section.id === "approvals" && person ? (
              <WaitingApprovals slug={loaderData.slug} waiting={person.approvalsWaiting} />
            ) : section.id === "documents" && loaderData.recent.length > 0 ? (
              <RecentDocuments slug={loaderData.slug} recent={loaderData.recent} />
            ) : section.id === "messages" && loaderData.unreadChannels.length > 0 ? (
              <UnreadChannels slug={loaderData.slug} channels={loaderData.unreadChannels} />
            ) : (
              <p className="home-section__empty">{section.empty}</p>
            )}
          </section>
        ))}
      </div>
    </>
  );
}

function UnreadChannels({
  slug,
  channels,
}: {
  slug: string;
  channels: { id: string; title: string; unread: number }[];
}) {
  const t = useTranslator();
  const locale = useLocale();
  return (
    <ul className="home-recent">
      {channels.map((channel) => (
        <li key={channel.id}>
          <Link to={`/t/${slug}/messages/${channel.id}`}>{channel.title}</Link>
          <span>{t("messaging.unreadBadge", { count: formatNumber(channel.unread, locale) })}</span>
        </li>
      ))}
    </ul>
  );
}

function RecentDocuments({
  slug,
  recent,
}: {
  slug: string;
  recent: { id: string; title: string; visited: { label: string; exact: string; iso: string } }[];
}) {
  const t = useTranslator();
  return (
    <>
      <ul className="home-recent">
        {recent.map((document) => (
          <li key={document.id}>
            <Link to={`/t/${slug}/documents/${document.id}`}>
              {document.title.trim() || t("documents.spaces.untitled")}
            </Link>
            <time dateTime={document.visited.iso} title={document.visited.exact}>
              {document.visited.label}
            </time>
          </li>
        ))}
      </ul>
      <Link to={`/t/${slug}/documents/recent`}>{t("documents.spaces.homeAll")}</Link>
    </>
  );
}

function WaitingApprovals({ slug, waiting }: { slug: string; waiting: number }) {
  const t = useTranslator();
  const locale = useLocale();
  return (
    <>
      <p className={waiting > 0 ? "home-section__count" : "home-section__empty"}>
        {waiting > 0
          ? t("approvals.ui.home.waiting", { count: formatNumber(waiting, locale) })
          : t("auth.home.approvalsEmpty")}
      </p>
      <Link to={`/t/${slug}/approvals`}>{t("approvals.ui.home.open")}</Link>
    </>
  );
}
