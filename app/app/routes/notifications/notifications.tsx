import { formatDateTime, translate } from "@nuri/i18n";
import { data, Form, Link, useActionData } from "react-router";
import { z } from "zod";
import { requireUser } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { resolveLocale } from "../../locale.server.ts";
import {
  countUnread,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationView,
} from "../../services/documents/notifications.server.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/notifications";

// /t/:tenant/notifications — the signed-in person's notifications, newest first, 50 a page:
// mentions and shares, and 전자결재 (a step to act on, what became of one's document, 공람).
// Each shows what it is about only while the person may still open it. Mark one read, or all.

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "notifications.metaTitle") }];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { tenant, user } = await requireUser(request, params);
  const { db } = await getAppDatabase();
  const before = new URL(request.url).searchParams.get("before") ?? "";
  const person = { tenantId: tenant.id, userId: user.id };
  const page = await listNotifications(db, person, { before: UUID.test(before) ? before : null });
  return { ...page, unread: await countUnread(db, tenant.id, user.id), tenantSlug: tenant.slug };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.string().regex(UUID) }),
  z.object({ intent: z.literal("read-all") }),
]);

type NotificationsResult = { ok: true; notice: string } | { ok: false; error: string };

export async function action({ request, params }: Route.ActionArgs) {
  const { tenant, user } = await requireUser(request, params);
  const { db } = await getAppDatabase();
  const { locale } = resolveLocale(request);
  const form = await request.formData();
  const parsed = ActionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return data<NotificationsResult>(
      { ok: false, error: translate(locale, "notifications.error.form") },
      { status: 400 },
    );
  }
  const person = { tenantId: tenant.id, userId: user.id };
  if (parsed.data.intent === "read") {
    // Someone else's notification (or another agency's) is "not found", never "not yours".
    if (!(await markNotificationRead(db, person, parsed.data.id))) {
      return data<NotificationsResult>(
        { ok: false, error: translate(locale, "notifications.error.notFound") },
        { status: 404 },
      );
    }
    return data<NotificationsResult>({ ok: true, notice: translate(locale, "notifications.markedRead") });
  }
  const count = await markAllNotificationsRead(db, person);
  return data<NotificationsResult>({
    ok: true,
    notice: translate(locale, "notifications.markedAll", { count }),
  });
}

export default function Notifications({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const base = `/t/${loaderData.tenantSlug}`;
  return (
    <div className="org-page notifications-page">
      <h1>{t("notifications.title")}</h1>
      <p>{t("notifications.unreadCount", { count: loaderData.unread })}</p>
      {result?.ok ? (
        <p className="org-notice org-notice--ok" role="status">
          {result.notice}
        </p>
      ) : result ? (
        <p className="org-notice org-notice--error" role="alert">
          {result.error}
        </p>
      ) : null}
      {loaderData.unread > 0 ? (
        <Form method="post" className="org-inline-form">
          <input type="hidden" name="intent" value="read-all" />
          <button type="submit" className="org-button org-button--secondary">
            {t("notifications.markAllRead")}
          </button>
        </Form>
      ) : null}
      {loaderData.items.length === 0 ? (
        <p>{t("notifications.empty")}</p>
      ) : (
        <ol className="notification-list">
          {loaderData.items.map((item) => (
            <NotificationItem key={item.id} item={item} base={base} />
          ))}
        </ol>
      )}
      {loaderData.next ? (
        <p className="org-paging">
          <Link to={`?before=${loaderData.next}`}>{t("notifications.more")}</Link>
        </p>
      ) : null}
    </div>
  );
}

/** What an approval notification says (전자결재): whose turn, or what became of the document. */
function approvalText(
  t: ReturnType<typeof useTranslator>,
  item: NotificationView,
  actor: string,
  title: string,
) {
  const number = typeof item.details.registrationNumber === "string" ? item.details.registrationNumber : "";
  switch (item.kind) {
    case "approval.task":
      return t("notifications.approval.task", { title });
    case "approval.rejected":
      return t("notifications.approval.rejected", { actor, title });
    case "approval.completed":
      return number
        ? t("notifications.approval.completedNumber", { title, number })
        : t("notifications.approval.completed", { title });
    case "approval.post_approval":
      return t("notifications.approval.post_approval", { title });
    case "approval.withdrawn":
      return t("notifications.approval.withdrawn", { actor, title });
    case "approval.circulation":
      return t("notifications.approval.circulation", { actor, title });
    default:
      return t("notifications.other");
  }
}

function NotificationItem({ item, base }: { item: NotificationView; base: string }) {
  const t = useTranslator();
  const locale = useLocale();
  const actor = item.actorName ?? t("notifications.someone");
  const title = item.document
    ? item.document.title || t("documents.sharing.untitled")
    : item.approval
      ? item.approval.title || t("approvals.draft.untitled")
      : (item.message?.channelTitle ?? "");
  const role = typeof item.details.role === "string" ? item.details.role : "";
  // A mention leads to its comment in the document's comments panel.
  const commentId = typeof item.details.commentId === "string" ? item.details.commentId : "";
  const fragment =
    item.kind === "mention" && /^[0-9a-f-]{36}$/.test(commentId) ? `#comment-${commentId}` : "";
  // What the person may no longer open shows nothing of itself (its title included).
  const message = item.message;
  const channel = message
    ? message.channelKind === "direct" || message.channelKind === "group"
      ? message.channelTitle
      : `#${message.channelTitle}`
    : "";
  const text = item.kind.startsWith("message.")
    ? !message
      ? t("messaging.notification.gone")
      : item.kind === "message.reply"
        ? t("messaging.notification.reply", { actor, channel })
        : t("messaging.notification.mention", { actor, channel })
    : item.approval
      ? approvalText(t, item, actor, title)
      : !item.document
        ? t("notifications.unavailable")
        : item.kind === "mention"
          ? t("notifications.mention", { actor, title })
          : item.kind === "share" && role === "owner"
            ? t("notifications.shareOwner", { actor, title })
            : item.kind === "share"
              ? t("notifications.share", {
                  actor,
                  title,
                  role: t(
                    role === "editor"
                      ? "documents.sharing.role.editor"
                      : role === "commenter"
                        ? "documents.sharing.role.commenter"
                        : "documents.sharing.role.reader",
                  ),
                })
              : t("notifications.other");
  const href = item.document
    ? `${base}/documents/${item.document.id}${fragment}`
    : item.approval
      ? `${base}/approvals/${item.approval.id}`
      : message
        ? message.threadRootId
          ? `${base}/messages/${message.channelId}/threads/${message.threadRootId}`
          : `${base}/messages/${message.channelId}#message-${message.seq}`
        : null;
  return (
    <li className={item.read ? "notification" : "notification notification--unread"}>
      <p>
        {item.read ? null : <span className="org-badge org-badge--warn">{t("notifications.unread")}</span>}{" "}
        {href ? <Link to={href}>{text}</Link> : text}
      </p>
      <p className="org-field__hint">
        <time dateTime={item.createdAt}>{formatDateTime(new Date(item.createdAt), locale)}</time>
      </p>
      {item.read ? null : (
        <Form method="post" className="org-inline-form">
          <input type="hidden" name="intent" value="read" />
          <input type="hidden" name="id" value={item.id} />
          <button
            type="submit"
            className="org-button org-button--secondary"
            aria-label={href ? t("notifications.markReadOf", { title }) : undefined}
          >
            {t("notifications.markRead")}
          </button>
        </Form>
      )}
    </li>
  );
}
