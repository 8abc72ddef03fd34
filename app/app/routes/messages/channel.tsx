import { formatNumber, translate } from "@nuri/i18n";
import { useEffect, useRef, useState } from "react";
import {
  data,
  Form,
  Link,
  type ShouldRevalidateFunctionArgs,
  useActionData,
  useFetcher,
  useOutletContext,
  useParams,
} from "react-router";
import { z } from "zod";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { resolveLocale } from "../../locale.server.ts";
import {
  addMembers,
  joinChannel,
  leaveChannel,
  listMembers,
  listPeople,
  setMemberRole,
  updateChannel,
} from "../../services/messaging/channels.server.ts";
import { announceTyping } from "../../services/messaging/event-stream.server.ts";
import {
  acknowledgeMessage,
  deleteMessage,
  editMessage,
  listMessages,
  markRead,
  postMessage,
  toggleReaction,
} from "../../services/messaging/messages.server.ts";
import { MESSAGING_LIMITS } from "../../services/messaging/messaging-limits.ts";
import { followThread } from "../../services/messaging/threads.server.ts";
import type { Route } from "./+types/channel";
import type { MessagingOutletContext } from "./layout.tsx";
import { Composer, MessageItem } from "./message-ui.tsx";
import { answer, type MessagingResult, orNotFound, requireMessagingActor } from "./messaging-route.server.ts";

// /t/:tenant/messages/:channelId: one channel or conversation. Messages oldest first with
// "안 읽음 N" under each, reactions, 확인 요청 with its count, who has read; the composer; and
// the read position moved forward while the page is in view. A channel the person may not
// see (private, or another agency's) is a 404.

export function meta({ loaderData, matches }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  const title = loaderData?.page.channel.title ?? "";
  return [{ title: translate(locale, "messaging.channelMetaTitle", { title }) }];
}

export function headers() {
  return { "Cache-Control": "private, no-store" };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireMessagingActor(request, params);
  const before = Number(new URL(request.url).searchParams.get("before") ?? "");
  const page = await orNotFound(() =>
    listMessages(actor, params.channelId, {
      beforeSeq: Number.isSafeInteger(before) && before > 0 ? before : null,
    }),
  );
  const members = await listMembers(actor, params.channelId);
  const manages = page.membership?.role === "manager";
  const mayAdd =
    !page.channel.archived &&
    page.membership !== null &&
    (page.channel.kind === "public" || (page.channel.kind === "private" && manages));
  const people = mayAdd
    ? (await listPeople(actor)).filter((person) => !members.some((m) => m.userId === person.id))
    : [];
  return { page, members, people, mayAdd };
}

const MessageId = z.string().uuid();
const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("post"),
    body: z.string().max(20_000),
    threadRootId: MessageId.optional(),
    priority: z.enum(["normal", "important", "urgent"]).default("normal"),
    ack: z.literal("on").optional(),
  }),
  z.object({ intent: z.literal("edit"), messageId: MessageId, body: z.string().max(20_000) }),
  z.object({ intent: z.literal("delete"), messageId: MessageId }),
  z.object({ intent: z.literal("react"), messageId: MessageId, emoji: z.string().max(16) }),
  z.object({ intent: z.literal("ack"), messageId: MessageId }),
  z.object({ intent: z.literal("read"), seq: z.coerce.number().int().min(0) }),
  z.object({ intent: z.literal("typing") }),
  z.object({ intent: z.literal("follow"), messageId: MessageId, following: z.enum(["true", "false"]) }),
  z.object({ intent: z.literal("join") }),
  z.object({ intent: z.literal("leave") }),
  z.object({
    intent: z.literal("add"),
    people: z.array(z.string().uuid()).min(1).max(MESSAGING_LIMITS.addMembers),
  }),
  z.object({ intent: z.literal("settings"), topic: z.string().max(1000), purpose: z.string().max(1000) }),
  z.object({ intent: z.literal("archive"), archived: z.enum(["true", "false"]) }),
  z.object({ intent: z.literal("role"), userId: z.string().uuid(), role: z.enum(["member", "manager"]) }),
]);

export async function action({ request, params }: Route.ActionArgs) {
  const { actor, tenant } = await requireMessagingActor(request, params);
  const { locale } = resolveLocale(request);
  const form = await request.formData();
  const parsed = ActionSchema.safeParse({ ...Object.fromEntries(form), people: form.getAll("people") });
  // The composer's files (an empty file input sends one nameless, empty part).
  const files = form
    .getAll("files")
    .filter((value): value is File => value instanceof File && value.name !== "");
  if (!parsed.success) {
    return data<MessagingResult>(
      { ok: false, error: translate(locale, "messaging.error.form") },
      { status: 400 },
    );
  }
  const input = parsed.data;
  const channelId = params.channelId;
  return answer(locale, async () => {
    switch (input.intent) {
      case "post": {
        const { id } = await postMessage(actor, {
          channelId,
          body: input.body,
          priority: input.priority,
          ackRequested: input.ack === "on",
          threadRootId: input.threadRootId ?? null,
          attachments: await Promise.all(
            files.map(async (file) => ({
              filename: file.name,
              data: new Uint8Array(await file.arrayBuffer()),
            })),
          ),
        });
        return { ok: true, intent: "post", id };
      }
      case "edit":
        await editMessage(actor, input.messageId, input.body);
        return { ok: true, intent: "edit" };
      case "delete":
        await deleteMessage(actor, input.messageId);
        return { ok: true, intent: "delete" };
      case "react":
        await toggleReaction(actor, input.messageId, input.emoji);
        return { ok: true, intent: "react" };
      case "ack":
        await acknowledgeMessage(actor, input.messageId);
        return { ok: true, intent: "ack" };
      case "read":
        await markRead(actor, channelId, input.seq);
        return { ok: true, intent: "read" };
      case "follow":
        await followThread(actor, input.messageId, input.following === "true");
        return { ok: true, intent: "follow" };
      case "typing":
        await announceTyping(actor, channelId);
        return { ok: true, intent: "typing" };
      case "join":
        await joinChannel(actor, channelId);
        return { ok: true, intent: "join", notice: translate(locale, "messaging.done.joined") };
      case "leave":
        await leaveChannel(actor, channelId);
        throw new Response(null, { status: 303, headers: { Location: `/t/${tenant.slug}/messages` } });
      case "add": {
        const count = await addMembers(actor, channelId, input.people);
        return {
          ok: true,
          intent: "add",
          notice: translate(locale, "messaging.done.added", { count: formatNumber(count, locale) }),
        };
      }
      case "settings":
        await updateChannel(actor, channelId, { topic: input.topic, purpose: input.purpose });
        return { ok: true, intent: "settings", notice: translate(locale, "messaging.settings.saved") };
      case "archive": {
        const archived = input.archived === "true";
        await updateChannel(actor, channelId, { archived });
        return {
          ok: true,
          intent: "archive",
          notice: translate(
            locale,
            archived ? "messaging.settings.archived" : "messaging.settings.unarchived",
          ),
        };
      }
      case "role":
        await setMemberRole(actor, channelId, input.userId, input.role);
        return { ok: true, intent: "role", notice: translate(locale, "messaging.members.changed") };
    }
  });
}

/** Typing notices change nothing the pages show: no reload after them. */
export function shouldRevalidate({ formData, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return formData?.get("intent") === "typing" ? false : defaultShouldRevalidate;
}

export default function Channel({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const { page, members, people, mayAdd } = loaderData;
  const { channel, membership } = page;
  const live = useOutletContext<MessagingOutletContext>();
  const { tenant } = useParams();
  const channelPath = `/t/${tenant}/messages/${channel.id}`;
  const result = useActionData<typeof action>();
  const names = new Map(members.map((m) => [m.userId, m.name] as const));
  const typingNames = (live.typing[channel.id] ?? []).flatMap((id) => names.get(id) ?? []);
  // The unread marker stays where it was when the channel was opened, though reading moves on.
  const [firstUnread, setFirstUnread] = useState(page.firstUnreadSeq);
  const [shownFor, setShownFor] = useState(channel.id);
  if (shownFor !== channel.id) {
    setShownFor(channel.id);
    setFirstUnread(page.firstUnreadSeq);
  }
  useMarkRead(channel.id, channel.lastSeq, membership?.lastReadSeq ?? null);
  const list = useRef<HTMLOListElement>(null);
  useKeepLatestInView(list, channel.id, page.messages.length, firstUnread);

  const mayPost =
    membership !== null && !channel.archived && (!channel.announcement || membership.role === "manager");
  const kindLabel = t(
    `messaging.kind.${channel.kind as "public" | "private" | "department" | "direct" | "group"}`,
  );
  return (
    <div className="messenger-channel">
      <header className="messenger-channel__header">
        <h1>
          <span className="messenger-channel__mark" aria-hidden="true">
            {channel.kind === "private"
              ? "🔒 "
              : channel.kind === "direct" || channel.kind === "group"
                ? ""
                : "# "}
          </span>
          {channel.title}
        </h1>
        <p className="messenger-channel__meta">
          {kindLabel}
          {channel.announcement ? ` · ${t("messaging.announcement")}` : ""}
          {" · "}
          {t("messaging.channel.members", { count: formatNumber(channel.memberCount, locale) })}
          {channel.topic ? ` · ${channel.topic}` : ""}
        </p>
        <div className="messenger-channel__actions">
          {membership === null ? (
            <Form method="post">
              <input type="hidden" name="intent" value="join" />
              <button type="submit" className="org-button">
                {t("messaging.channel.join")}
              </button>
            </Form>
          ) : channel.kind === "public" || channel.kind === "private" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="leave" />
              <button type="submit" className="org-button org-button--secondary">
                {t("messaging.channel.leave")}
              </button>
            </Form>
          ) : null}
          {mayAdd && people.length > 0 ? (
            <details className="messenger-add">
              <summary>{t("messaging.channel.addMembers")}</summary>
              <Form method="post" className="org-form">
                <input type="hidden" name="intent" value="add" />
                <label htmlFor="add-people">{t("messaging.direct.people")}</label>
                <select id="add-people" name="people" multiple required size={Math.min(8, people.length)}>
                  {people.map((person) => (
                    <option key={person.id} value={person.id}>
                      {person.name}
                    </option>
                  ))}
                </select>
                <button type="submit" className="org-button">
                  {t("messaging.channel.addSubmit")}
                </button>
              </Form>
            </details>
          ) : null}
        </div>
        <ChannelDetails
          kind={channel.kind}
          topic={channel.topic}
          purpose={channel.purpose}
          archived={channel.archived}
          manages={membership?.role === "manager"}
          members={members}
        />
      </header>

      {result && !result.ok ? (
        <p className="org-notice org-notice--error" role="alert">
          {result.error}
        </p>
      ) : result?.ok && result.notice ? (
        <p className="org-notice org-notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
      {membership === null ? <p className="org-notice">{t("messaging.channel.notJoined")}</p> : null}
      {channel.archived ? <p className="org-notice">{t("messaging.channel.archived")}</p> : null}

      {page.earlier ? (
        <p className="messenger-earlier">
          <Link to={`?before=${page.earlier}`}>{t("messaging.channel.earlier")}</Link>
        </p>
      ) : null}
      {firstUnread !== null && page.messages.some((m) => m.seq === firstUnread) ? (
        <p className="messenger-jump">
          <a href={`#message-${firstUnread}`}>{t("messaging.channel.firstUnread")}</a>
        </p>
      ) : null}

      {page.messages.length === 0 ? (
        <p className="messenger-empty">{t("messaging.channel.empty")}</p>
      ) : (
        <ol className="message-list" aria-label={t("messaging.message.list")} ref={list}>
          {page.messages.map((message) => (
            <MessageItem
              key={message.id}
              actionPath={channelPath}
              threadPath={`${channelPath}/threads/${message.id}`}
              message={message}
              isMember={membership !== null}
              isManager={membership?.role === "manager"}
              myId={live.userId}
              firstUnread={message.seq === firstUnread}
              archived={channel.archived}
            />
          ))}
        </ol>
      )}

      <p className="messenger-typing" aria-live="polite">
        {typingNames.map((name) => t("messaging.composer.typing", { name })).join(" ")}
      </p>
      {mayPost ? (
        <Composer actionPath={channelPath} channelId={channel.id} />
      ) : membership !== null && channel.announcement && !channel.archived ? (
        <p className="org-notice">{t("messaging.channel.announcementOnly")}</p>
      ) : null}
    </div>
  );
}

/** Moves the read position to the channel's last message while the page is in view. */
function useMarkRead(channelId: string, lastSeq: number, lastReadSeq: number | null) {
  const fetcher = useFetcher();
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === "visible");
    update();
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);
  const submit = fetcher.submit;
  const idle = fetcher.state === "idle";
  // The number last asked for: a refused request (a 403 after leaving, a 500) does not
  // revalidate, and must not be sent again and again; a new message asks anew.
  const asked = useRef({ channelId: "", seq: 0 });
  useEffect(() => {
    if (!visible || !idle || lastReadSeq === null || lastSeq <= lastReadSeq) return;
    if (asked.current.channelId === channelId && lastSeq <= asked.current.seq) return;
    asked.current = { channelId, seq: lastSeq };
    void submit({ intent: "read", seq: String(lastSeq) }, { method: "post" });
  }, [visible, idle, channelId, lastSeq, lastReadSeq, submit]);
}

/** Shows the first unread message when a channel opens, and keeps the newest in view after. */
function useKeepLatestInView(
  list: React.RefObject<HTMLOListElement | null>,
  channelId: string,
  count: number,
  firstUnread: number | null,
) {
  const opened = useRef<string | null>(null);
  useEffect(() => {
    const element = list.current;
    if (!element) return;
    if (opened.current !== channelId) {
      opened.current = channelId;
      const target =
        firstUnread !== null ? document.getElementById(`message-${firstUnread}`) : element.lastElementChild;
      target?.scrollIntoView({ block: "center" });
      return;
    }
    const last = element.lastElementChild;
    if (last && count > 0) {
      const rect = last.getBoundingClientRect();
      // only when the person was reading the end: never yank them away from older messages
      if (rect.top < window.innerHeight * 1.5) last.scrollIntoView({ block: "end" });
    }
  }, [list, channelId, count, firstUnread]);
}

/** 채널 정보: the topic, purpose and members; for a channel's managers, their settings too. */
function ChannelDetails({
  kind,
  topic,
  purpose,
  archived,
  manages,
  members,
}: {
  kind: string;
  topic: string;
  purpose: string;
  archived: boolean;
  manages: boolean;
  members: { userId: string; name: string; role: "member" | "manager" }[];
}) {
  const t = useTranslator();
  const conversation = kind === "direct" || kind === "group";
  return (
    <details className="messenger-details">
      <summary>{t("messaging.settings.heading")}</summary>
      {!manages && (topic || purpose) ? (
        <dl>
          {topic ? (
            <>
              <dt>{t("messaging.create.topic")}</dt>
              <dd>{topic}</dd>
            </>
          ) : null}
          {purpose ? (
            <>
              <dt>{t("messaging.settings.purpose")}</dt>
              <dd>{purpose}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {manages && !conversation ? (
        <>
          <Form method="post" className="org-form">
            <input type="hidden" name="intent" value="settings" />
            <div className="org-field">
              <label htmlFor="channel-topic-edit">{t("messaging.create.topic")}</label>
              <input
                id="channel-topic-edit"
                name="topic"
                defaultValue={topic}
                maxLength={MESSAGING_LIMITS.topicChars}
              />
            </div>
            <div className="org-field">
              <label htmlFor="channel-purpose-edit">{t("messaging.settings.purpose")}</label>
              <textarea
                id="channel-purpose-edit"
                name="purpose"
                defaultValue={purpose}
                maxLength={MESSAGING_LIMITS.topicChars}
                rows={2}
              />
            </div>
            <button type="submit" className="org-button org-button--secondary">
              {t("messaging.settings.save")}
            </button>
          </Form>
          {kind === "department" ? null : (
            <Form method="post">
              <input type="hidden" name="intent" value="archive" />
              <input type="hidden" name="archived" value={archived ? "false" : "true"} />
              <button type="submit" className="org-button org-button--secondary">
                {archived ? t("messaging.settings.unarchive") : t("messaging.settings.archive")}
              </button>
            </Form>
          )}
        </>
      ) : null}
      <h2 className="messenger-details__heading">{t("messaging.members.heading")}</h2>
      <ul className="messenger-details__members">
        {members.map((member) => (
          <li key={member.userId}>
            {member.name}
            {member.role === "manager" ? ` (${t("messaging.members.manager")})` : ""}
            {manages && !conversation ? (
              <Form method="post" className="message__inline-form">
                <input type="hidden" name="intent" value="role" />
                <input type="hidden" name="userId" value={member.userId} />
                <input type="hidden" name="role" value={member.role === "manager" ? "member" : "manager"} />{" "}
                <button type="submit" className="messenger-details__role">
                  {member.role === "manager"
                    ? t("messaging.members.makeMember", { name: member.name })
                    : t("messaging.members.makeManager", { name: member.name })}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </details>
  );
}
