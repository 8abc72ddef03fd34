import { formatDateTime, formatFileSize, formatNumber } from "@nuri/i18n";
import { useEffect, useRef } from "react";
import { Link, useFetcher } from "react-router";
import { MessageBody } from "../../components/messaging/message-body.tsx";
import { useLocale, useTranslator } from "../../i18n.ts";
import { ATTACHMENT_ACCEPT, MAX_ATTACHMENT_BYTES } from "../../services/approvals/attachment-limits.ts";
import type { MessageView } from "../../services/messaging/messages.server.ts";
import { MESSAGING_LIMITS, REACTIONS } from "../../services/messaging/messaging-limits.ts";

// A message as the channel and thread pages show it, and the composer. Every form posts to the
// channel page's action (`actionPath`), wherever it is shown.

type ActionAnswer = { ok: true; intent: string; notice?: string; id?: string } | { ok: false; error: string };

export function MessageItem({
  actionPath,
  threadPath,
  message,
  isMember,
  isManager,
  myId,
  firstUnread,
  archived,
}: {
  /** The channel page's URL: every form here posts to its action. */
  actionPath: string;
  /** The message's thread page, to show replies and answer; null inside the thread. */
  threadPath: string | null;
  message: MessageView;
  isMember: boolean;
  isManager: boolean;
  myId: string;
  firstUnread: boolean;
  archived: boolean;
}) {
  const t = useTranslator();
  const locale = useLocale();
  const fetcher = useFetcher<ActionAnswer>();
  const receipts = useFetcher<{
    read: string[];
    unread: string[];
    acknowledged: { name: string; at: string }[];
  }>();
  const mine = message.authorId === myId;
  const tenantBase = actionPath.slice(0, actionPath.indexOf("/messages/"));
  const mayAct = isMember && !message.deleted && !archived;
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  const priorityClass = message.priority === "normal" ? "" : ` message--${message.priority}`;
  return (
    <li id={`message-${message.seq}`} className={`message${priorityClass}${mine ? " message--mine" : ""}`}>
      {firstUnread ? <p className="message-list__unread-divider">{t("messaging.channel.newSince")}</p> : null}
      <article aria-label={`${message.authorName}, ${formatDateTime(message.createdAt, locale)}`}>
        <header className="message__header">
          <strong className="message__author">{message.authorName}</strong>
          <time dateTime={new Date(message.createdAt).toISOString()} className="message__time">
            {formatDateTime(message.createdAt, locale)}
          </time>
          {message.priority !== "normal" ? (
            <span className={`message__priority message__priority--${message.priority}`}>
              {t(`messaging.message.priority.${message.priority}`)}
            </span>
          ) : null}
          {message.ackRequested && !message.deleted ? (
            <span className="message__ack-requested">{t("messaging.message.ackRequested")}</span>
          ) : null}
          {message.editedAt && !message.deleted ? (
            <span className="message__edited">{t("messaging.message.edited")}</span>
          ) : null}
        </header>
        {message.body === null ? (
          <p className="message__deleted">{t("messaging.message.deleted")}</p>
        ) : (
          <MessageBody body={message.body} mentionNames={message.mentionNames} />
        )}
        {message.attachments.length > 0 ? (
          <ul className="message__attachments" aria-label={t("messaging.message.attachments")}>
            {message.attachments.map((file) => (
              <li key={file.id}>
                <a
                  href={`${actionPath}/attachments/${file.id}`}
                  download={file.filename}
                  aria-label={t("messaging.message.download", {
                    name: file.filename,
                    size: formatFileSize(file.sizeBytes, locale),
                  })}
                >
                  📎 {file.filename}
                </a>{" "}
                <span className="message__file-size">{formatFileSize(file.sizeBytes, locale)}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {message.cards.length > 0 ? (
          <ul className="message__cards" aria-label={t("messaging.card.list")}>
            {message.cards.map((card) => (
              <li key={`${card.type}:${card.id}`}>
                {"hidden" in card ? (
                  <span className="message-card message-card--hidden">{t("messaging.card.hidden")}</span>
                ) : (
                  <Link
                    className="message-card"
                    to={`${tenantBase}/${card.type === "document" ? "documents" : "approvals"}/${card.id}`}
                  >
                    <span className="message-card__type">
                      {t(card.type === "document" ? "messaging.card.document" : "messaging.card.approval")}
                    </span>{" "}
                    <strong>{card.title.trim() || t("messaging.card.untitled")}</strong>
                    {card.type === "approval" ? (
                      <span className="message-card__status">
                        {" "}
                        {t(
                          `approvals.draft.status.${card.status as "draft" | "in_progress" | "rejected" | "withdrawn" | "completed"}`,
                        )}
                      </span>
                    ) : null}
                  </Link>
                )}
              </li>
            ))}
          </ul>
        ) : null}
        <footer className="message__footer">
          {message.unread > 0 ? (
            <span
              className="message__unread"
              title={t("messaging.message.unreadLong", { count: message.unread })}
            >
              {t("messaging.message.unread", { count: formatNumber(message.unread, locale) })}
            </span>
          ) : null}
          {message.ack ? (
            <span className="message__ack-count">
              {t("messaging.message.ackCount", {
                done: formatNumber(message.ack.done, locale),
                asked: formatNumber(message.ack.asked, locale),
              })}
            </span>
          ) : null}
          {message.ack && mayAct && !mine ? (
            message.ack.mine ? (
              <span className="message__acked">{t("messaging.message.acked")}</span>
            ) : (
              <fetcher.Form method="post" action={actionPath} className="message__inline-form">
                <input type="hidden" name="intent" value="ack" />
                <input type="hidden" name="messageId" value={message.id} />
                <button type="submit" className="org-button message__ack-button">
                  {t("messaging.message.ack")}
                </button>
              </fetcher.Form>
            )
          ) : null}
          {message.reactions.length > 0 || mayAct ? (
            <span className="message__reactions">
              {message.reactions.map((reaction) => (
                <fetcher.Form
                  method="post"
                  action={actionPath}
                  key={reaction.emoji}
                  className="message__inline-form"
                >
                  <input type="hidden" name="intent" value="react" />
                  <input type="hidden" name="messageId" value={message.id} />
                  <input type="hidden" name="emoji" value={reaction.emoji} />
                  <button
                    type="submit"
                    className="message__reaction"
                    aria-pressed={reaction.mine}
                    disabled={!mayAct}
                    aria-label={t("messaging.message.reactionCount", {
                      emoji: reaction.emoji,
                      count: formatNumber(reaction.count, locale),
                    })}
                  >
                    {reaction.emoji} {formatNumber(reaction.count, locale)}
                  </button>
                </fetcher.Form>
              ))}
            </span>
          ) : null}
          {threadPath && !message.deleted && (message.replyCount > 0 || isMember) ? (
            <Link to={threadPath} className="message__thread-link">
              {message.replyCount > 0
                ? t("messaging.message.replies", { count: formatNumber(message.replyCount, locale) })
                : t("messaging.message.reply")}
            </Link>
          ) : null}
          {isMember ? (
            <details
              className="message__more"
              onToggle={(event) => {
                if (event.currentTarget.open && receipts.state === "idle") {
                  void receipts.load(`${actionPath}/receipts/${message.id}`);
                }
              }}
            >
              <summary>{t("messaging.message.receipts")}</summary>
              {receipts.data ? (
                <div className="message__receipts">
                  <p>
                    <strong>{t("messaging.message.readBy", { count: receipts.data.read.length })}</strong>{" "}
                    {receipts.data.read.join(", ")}
                  </p>
                  <p>
                    <strong>
                      {t("messaging.message.notReadBy", { count: receipts.data.unread.length })}
                    </strong>{" "}
                    {receipts.data.unread.join(", ")}
                  </p>
                  {message.ackRequested ? (
                    <p>
                      <strong>{t("messaging.message.ackedBy")}</strong>{" "}
                      {receipts.data.acknowledged.map((a) => a.name).join(", ")}
                    </p>
                  ) : null}
                </div>
              ) : null}
              {mayAct ? (
                <div className="message__palette">
                  {REACTIONS.filter(
                    (emoji) => !message.reactions.some((r) => r.emoji === emoji && r.mine),
                  ).map((emoji) => (
                    <fetcher.Form
                      method="post"
                      action={actionPath}
                      key={emoji}
                      className="message__inline-form"
                    >
                      <input type="hidden" name="intent" value="react" />
                      <input type="hidden" name="messageId" value={message.id} />
                      <input type="hidden" name="emoji" value={emoji} />
                      <button
                        type="submit"
                        className="message__reaction"
                        aria-label={t("messaging.message.react", { emoji })}
                      >
                        {emoji}
                      </button>
                    </fetcher.Form>
                  ))}
                </div>
              ) : null}
              {mayAct && mine ? (
                <fetcher.Form method="post" action={actionPath} className="org-form message__edit">
                  <input type="hidden" name="intent" value="edit" />
                  <input type="hidden" name="messageId" value={message.id} />
                  <label htmlFor={`edit-${message.id}`}>{t("messaging.message.edit")}</label>
                  <textarea
                    id={`edit-${message.id}`}
                    name="body"
                    defaultValue={message.body ?? ""}
                    maxLength={MESSAGING_LIMITS.messageChars}
                    rows={3}
                  />
                  <button type="submit" className="org-button org-button--secondary">
                    {t("messaging.message.editSave")}
                  </button>
                </fetcher.Form>
              ) : null}
              {mayAct && (mine || isManager) ? (
                <fetcher.Form method="post" action={actionPath} className="message__inline-form">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="messageId" value={message.id} />
                  <button type="submit" className="org-button org-button--danger">
                    {t("messaging.message.delete")}
                  </button>
                </fetcher.Form>
              ) : null}
            </details>
          ) : null}
        </footer>
        {error ? (
          <p className="org-notice org-notice--error" role="alert">
            {error}
          </p>
        ) : null}
      </article>
    </li>
  );
}

const TYPING_EVERY_MS = 3000;

export function Composer({
  actionPath,
  channelId,
  threadRootId = null,
}: {
  actionPath: string;
  channelId: string;
  threadRootId?: string | null;
}) {
  const t = useTranslator();
  const locale = useLocale();
  const fetcher = useFetcher<ActionAnswer>();
  const typing = useFetcher();
  const form = useRef<HTMLFormElement>(null);
  const lastTyping = useRef(0);
  const sent = fetcher.state === "idle" && fetcher.data?.ok === true && fetcher.data.intent === "post";
  const sentId = sent && fetcher.data?.ok ? fetcher.data.id : null;
  useEffect(() => {
    if (sentId) form.current?.reset();
  }, [sentId]);
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  return (
    <fetcher.Form
      method="post"
      action={actionPath}
      encType="multipart/form-data"
      className="messenger-composer"
      ref={form}
      key={channelId}
    >
      <input type="hidden" name="intent" value="post" />
      {threadRootId ? <input type="hidden" name="threadRootId" value={threadRootId} /> : null}
      <label htmlFor="composer-body">{t("messaging.composer.label")}</label>
      <textarea
        id="composer-body"
        name="body"
        rows={3}
        maxLength={MESSAGING_LIMITS.messageChars}
        aria-describedby="composer-hint"
        onKeyDown={(event) => {
          // Enter sends, Shift+Enter starts a new line; never while a Korean syllable is being composed.
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            if (event.currentTarget.value.trim() !== "") event.currentTarget.form?.requestSubmit();
          }
        }}
        onInput={() => {
          const now = Date.now();
          if (now - lastTyping.current < TYPING_EVERY_MS) return;
          lastTyping.current = now;
          void typing.submit({ intent: "typing" }, { method: "post", action: actionPath });
        }}
      />
      <p id="composer-hint" className="org-field__hint">
        {t("messaging.composer.hint", { max: MESSAGING_LIMITS.messageChars })}
      </p>
      <div className="messenger-composer__files">
        <label htmlFor="composer-files">{t("messaging.composer.files")}</label>{" "}
        <input
          id="composer-files"
          type="file"
          name="files"
          multiple
          accept={ATTACHMENT_ACCEPT}
          aria-describedby="composer-files-hint"
        />
        <p id="composer-files-hint" className="org-field__hint">
          {t("messaging.composer.filesHint", {
            count: MESSAGING_LIMITS.attachmentsPerMessage,
            total: formatFileSize(MESSAGING_LIMITS.attachmentBytesPerMessage, locale),
            max: formatFileSize(MAX_ATTACHMENT_BYTES, locale),
          })}
        </p>
      </div>
      <div className="messenger-composer__options">
        <label>
          {t("messaging.composer.priority")}{" "}
          <select name="priority" defaultValue="normal">
            <option value="normal">{t("messaging.composer.priority.normal")}</option>
            <option value="important">{t("messaging.message.priority.important")}</option>
            <option value="urgent">{t("messaging.message.priority.urgent")}</option>
          </select>
        </label>
        <label>
          <input type="checkbox" name="ack" /> {t("messaging.composer.ackRequest")}
        </label>
        <button type="submit" className="org-button" disabled={fetcher.state !== "idle"}>
          {t("messaging.composer.send")}
        </button>
      </div>
      {error ? (
        <p className="org-notice org-notice--error" role="alert">
          {error}
        </p>
      ) : null}
    </fetcher.Form>
  );
}
