import { formatNumber, translate } from "@nuri/i18n";
import { useCallback, useEffect, useRef, useState } from "react";
import { Form, Link, Outlet, type ShouldRevalidateFunctionArgs, useNavigate, useParams } from "react-router";
import { useLiveStream } from "../../components/messaging/use-live-stream.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { listMyChannels } from "../../services/messaging/channels.server.ts";
import { latestEventId } from "../../services/messaging/events.server.ts";
import messagingStyles from "../../styles/messaging.css?url";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/layout";
import { requireMessagingActor } from "./messaging-route.server.ts";

// The messenger's frame: the person's channels and conversations with their unread counts
// beside the open one, and the one live stream that keeps both up to date.

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: orgStyles },
  { rel: "stylesheet", href: messagingStyles },
];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "messaging.metaTitle") }];
}

export function headers() {
  return { "Cache-Control": "private, no-store" };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor, tenant } = await requireMessagingActor(request, params);
  // The stream starts after the newest event at the time the page was read: nothing between
  // the two is missed.
  const eventId = await latestEventId(actor);
  return { channels: await listMyChannels(actor), eventId, tenantSlug: tenant.slug, userId: actor.userId };
}

/** Typing notices change nothing the list shows: no reload after them. */
export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formData?.get("intent") === "typing" ? false : defaultShouldRevalidate;
}

export interface MessagingOutletContext {
  userId: string;
  connected: boolean | null;
  typing: Record<string, string[]>;
}

export default function MessagingLayout({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const { channelId } = useParams();
  const base = `/t/${loaderData.tenantSlug}/messages`;
  const navigate = useNavigate();
  const notifications = useBrowserNotifications();
  const channelsRef = useRef(loaderData.channels);
  channelsRef.current = loaderData.channels;
  const live = useLiveStream(`${base}/events?after=${loaderData.eventId}`, {
    openChannelId: channelId ?? null,
    selfId: loaderData.userId,
    onMessage: (event) => {
      // A browser notification, when the person asked for them and is looking elsewhere: for
      // conversations, mentions of them or of everyone, and 긴급 messages.
      if (notifications.state !== "granted" || document.visibilityState === "visible") return;
      const payload = event.payload as {
        authorId?: string;
        body?: string;
        mentions?: string[];
        mentionsChannel?: boolean;
        priority?: string;
      };
      if (payload.authorId === loaderData.userId) return;
      const channel = channelsRef.current.find((c) => c.id === event.channelId);
      const personal =
        channel?.kind === "direct" ||
        channel?.kind === "group" ||
        payload.mentionsChannel === true ||
        payload.priority === "urgent" ||
        (payload.mentions ?? []).includes(loaderData.userId);
      if (!channel || !personal) return;
      const shown = new Notification(channel.title, {
        body: (payload.body ?? "").replace(/\s+/g, " ").slice(0, 120),
        tag: `nuri-message-${event.channelId}`,
      });
      shown.onclick = () => {
        window.focus();
        navigate(`${base}/${event.channelId}`);
        shown.close();
      };
    },
  });
  const groups = [
    {
      heading: t("messaging.channels"),
      empty: t("messaging.noChannels"),
      items: loaderData.channels.filter((c) => c.kind !== "direct" && c.kind !== "group"),
    },
    {
      heading: t("messaging.conversations"),
      empty: t("messaging.noConversations"),
      items: loaderData.channels.filter((c) => c.kind === "direct" || c.kind === "group"),
    },
  ];
  const context: MessagingOutletContext = { userId: loaderData.userId, ...live };
  return (
    <div className="messenger">
      <nav className="messenger-nav" aria-label={t("messaging.nav")}>
        <p>
          <Link to={base} className="org-button org-button--secondary messenger-nav__new">
            {t("messaging.create.heading")} · {t("messaging.join.heading")}
          </Link>
        </p>
        <Form method="get" action={`${base}/search`} role="search" className="messenger-nav__search">
          <label htmlFor="message-search">{t("messaging.search.label")}</label>
          <input id="message-search" name="q" type="search" maxLength={100} />
          <button type="submit" className="org-button org-button--secondary">
            {t("messaging.search.submit")}
          </button>
        </Form>
        {groups.map((group) => (
          <section key={group.heading}>
            <h2 className="messenger-nav__heading">{group.heading}</h2>
            {group.items.length === 0 ? (
              <p className="messenger-nav__empty">{group.empty}</p>
            ) : (
              <ul className="messenger-nav__list">
                {group.items.map((item) => (
                  <li key={item.id}>
                    <Link
                      to={`${base}/${item.id}`}
                      aria-current={item.id === channelId ? "page" : undefined}
                      className={
                        item.unread > 0
                          ? "messenger-nav__link messenger-nav__link--unread"
                          : "messenger-nav__link"
                      }
                    >
                      <span className="messenger-nav__mark" aria-hidden="true">
                        {item.kind === "private"
                          ? "🔒"
                          : item.kind === "direct" || item.kind === "group"
                            ? "@"
                            : "#"}
                      </span>
                      <span className="messenger-nav__title">{item.title}</span>
                      {item.archived ? (
                        <span className="messenger-nav__archived">{t("messaging.archivedMark")}</span>
                      ) : null}
                      {item.unread > 0 ? (
                        <span
                          className="shell-badge"
                          title={t("messaging.unreadBadge", { count: item.unread })}
                        >
                          <span aria-hidden="true">{formatNumber(item.unread, locale)}</span>
                          <span className="visually-hidden">
                            {t("messaging.unreadBadge", { count: formatNumber(item.unread, locale) })}
                            {item.mentions > 0
                              ? `, ${t("messaging.mentionBadge", { count: formatNumber(item.mentions, locale) })}`
                              : ""}
                          </span>
                        </span>
                      ) : null}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
        {notifications.state === "default" ? (
          <p>
            <button
              type="button"
              className="org-button org-button--secondary"
              onClick={notifications.request}
            >
              {t("messaging.notify.enable")}
            </button>
          </p>
        ) : notifications.state === "granted" ? (
          <p className="messenger-nav__status">{t("messaging.notify.on")}</p>
        ) : notifications.state === "denied" ? (
          <p className="messenger-nav__status">{t("messaging.notify.blocked")}</p>
        ) : null}
        <p className="messenger-nav__status" role="status">
          {live.connected === null
            ? ""
            : live.connected
              ? t("messaging.channel.live")
              : t("messaging.channel.offline")}
        </p>
      </nav>
      <div className="messenger-main">
        <Outlet context={context} />
      </div>
    </div>
  );
}

/** The browser's notification permission (null before hydration or where there are none), and the request. */
function useBrowserNotifications() {
  const [state, setState] = useState<NotificationPermission | null>(null);
  useEffect(() => {
    if ("Notification" in window) setState(Notification.permission);
  }, []);
  const request = useCallback(() => {
    void Notification.requestPermission().then(setState);
  }, []);
  return { state, request };
}
