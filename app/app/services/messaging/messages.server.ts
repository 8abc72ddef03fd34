import { createHash, randomUUID } from "node:crypto";
import {
  and,
  asc,
  channelMembers,
  channels,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  lt,
  type MessagePriority,
  messageAcks,
  messageAttachments,
  messageEdits,
  messageReactions,
  messages,
  sql,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import { formatFileSize } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";
import { attachmentTooLarge, checkAttachmentName } from "../approvals/approval-attachments.server.ts";
import { MAX_ATTACHMENT_BYTES } from "../approvals/attachment-limits.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import { requireChannelFor, requireMembership } from "./channel-access.server.ts";
import { conversationTitles } from "./channels.server.ts";
import { appendEvent, redactMessageEvents } from "./events.server.ts";
import { type LinkCard, linkCards } from "./link-cards.server.ts";
import type { MessagingActor } from "./messaging-actor.server.ts";
import { MESSAGING_LIMITS, REACTIONS } from "./messaging-limits.ts";
import { isFollowing, notifyOfMessage } from "./threads.server.ts";

export { REACTIONS };

// Messages: posting (with mentions, priority and 확인 요청), editing with history, deleting
// (kept for audit), reactions, acknowledgements, read positions, and reading a channel with
// "안 읽음 N" under each message.

/** A message's columns but its search grams (which only search reads). */
const { searchGrams: _searchGrams, ...MESSAGE_COLUMNS } = getTableColumns(messages);

/** Words that mention everyone in the channel. */
const CHANNEL_MENTIONS = new Set(["channel", "채널", "모두", "all"]);
const MENTION = /(^|[\s(])@([^\s@,.!?;:()[\]]+)/gu;

export interface NewMessage {
  channelId: string;
  body: string;
  priority?: MessagePriority;
  /** 확인 요청: members are asked to acknowledge it. */
  ackRequested?: boolean;
  /** A reply in the thread of this message. */
  threadRootId?: string | null;
  /** Files sent with it (names checked, types by extension, sizes limited). */
  attachments?: readonly { filename: string; data: Uint8Array }[];
}

export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

/** Checks the files of a message before anything is written; answers them ready to store. */
function checkAttachments(files: readonly { filename: string; data: Uint8Array }[]) {
  if (files.length > MESSAGING_LIMITS.attachmentsPerMessage) {
    throw new AppError("attachments-count", "messaging.error.attachmentCount", 400, {
      max: MESSAGING_LIMITS.attachmentsPerMessage,
    });
  }
  let total = 0;
  const checked = files.map((file) => {
    const { filename, contentType } = checkAttachmentName(file.filename);
    if (file.data.byteLength === 0) throw new AppError("attachment-empty", "messaging.error.attachmentEmpty");
    if (file.data.byteLength > MAX_ATTACHMENT_BYTES) throw attachmentTooLarge();
    total += file.data.byteLength;
    return {
      filename,
      contentType,
      data: file.data,
      sha256: new Uint8Array(createHash("sha256").update(file.data).digest()),
    };
  });
  if (total > MESSAGING_LIMITS.attachmentBytesPerMessage) {
    throw new AppError("attachments-total", "messaging.error.attachmentTotal", 413, {
      max: formatFileSize(MESSAGING_LIMITS.attachmentBytesPerMessage, "ko"),
    });
  }
  return checked;
}

function cleanBody(body: string, options: { mayBeEmpty?: boolean } = {}): string {
  // Trailing spaces and blank lines are dropped; a message is never only whitespace (unless
  // it carries files: then it may have no text at all).
  const cleaned = body.replace(/\r\n?/g, "\n").replace(/\s+$/u, "").replace(/^\n+/, "");
  if (cleaned.trim().length === 0) {
    if (options.mayBeEmpty) return "";
    throw new AppError("message-empty", "messaging.error.messageEmpty");
  }
  if ([...cleaned].length > MESSAGING_LIMITS.messageChars) {
    throw new AppError("message-long", "messaging.error.messageLong", 400, {
      max: MESSAGING_LIMITS.messageChars,
    });
  }
  return cleaned;
}

/** The members a body mentions by display name, and whether it mentions the whole channel. */
async function resolveMentions(
  tx: TenantTx,
  tenantId: string,
  channelId: string,
  body: string,
): Promise<{ ids: string[]; channel: boolean }> {
  const words = new Set([...body.matchAll(MENTION)].map((match) => match[2] ?? ""));
  if (words.size === 0) return { ids: [], channel: false };
  const mentionsChannel = [...words].some((word) => CHANNEL_MENTIONS.has(word.toLowerCase()));
  const names = [...words].filter((word) => !CHANNEL_MENTIONS.has(word.toLowerCase()));
  if (names.length === 0) return { ids: [], channel: mentionsChannel };
  const rows = await tx
    .select({ id: users.id })
    .from(channelMembers)
    .innerJoin(users, and(eq(users.tenantId, channelMembers.tenantId), eq(users.id, channelMembers.userId)))
    .where(
      and(
        eq(channelMembers.tenantId, tenantId),
        eq(channelMembers.channelId, channelId),
        inArray(users.displayName, names),
      ),
    );
  return { ids: rows.map((row) => row.id), channel: mentionsChannel };
}

async function requireWithinRate(tx: TenantTx, actor: MessagingActor): Promise<void> {
  const [row] = await tx
    .select({ n: count() })
    .from(messages)
    .where(
      and(
        eq(messages.tenantId, actor.tenantId),
        eq(messages.authorId, actor.userId),
        gt(messages.createdAt, sql`now() - make_interval(secs => ${MESSAGING_LIMITS.rateWindowSeconds})`),
      ),
    );
  if ((row?.n ?? 0) >= MESSAGING_LIMITS.messagesPerWindow) {
    throw new AppError("message-rate", "messaging.error.rate", 429, {
      count: MESSAGING_LIMITS.messagesPerWindow,
      seconds: MESSAGING_LIMITS.rateWindowSeconds,
    });
  }
}

/** Posts a message (or a reply in a thread); returns its id and number in the channel. */
export async function postMessage(
  actor: MessagingActor,
  input: NewMessage,
): Promise<{ id: string; seq: number }> {
  const files = checkAttachments(input.attachments ?? []);
  const body = cleanBody(input.body, { mayBeEmpty: files.length > 0 });
  const priority = input.priority ?? "normal";
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    // Everything that only reads comes first: the channel's row is locked from the numbering to
    // the commit, and every message of the channel waits for that.
    const { channel, member } = await requireMembership(tx, actor, input.channelId);
    const threadRootId = input.threadRootId ?? null;
    if (channel.posting === "managers" && member.role !== "manager" && !threadRootId) {
      throw new AppError("announcement-only", "messaging.error.announcementOnly", 403);
    }
    await requireWithinRate(tx, actor);
    let rootAuthorId: string | null = null;
    if (threadRootId) {
      const [root] = await tx
        .select({
          id: messages.id,
          authorId: messages.authorId,
          rootOf: messages.threadRootId,
          deletedAt: messages.deletedAt,
        })
        .from(messages)
        .where(
          and(
            eq(messages.tenantId, actor.tenantId),
            eq(messages.channelId, channel.id),
            eq(messages.id, threadRootId),
          ),
        );
      if (!root || root.rootOf !== null || root.deletedAt) {
        throw new AppError("thread-not-found", "messaging.error.threadNotFound", 404);
      }
      rootAuthorId = root.authorId;
    }
    const mentions = await resolveMentions(tx, actor.tenantId, channel.id, body);
    const id = randomUUID();
    await notifyOfMessage(tx, actor, {
      id,
      channelId: channel.id,
      threadRootId,
      rootAuthorId,
      mentions: mentions.ids,
      mentionsChannel: mentions.channel,
    });
    // Numbered: the channel's row is locked from here to the commit, so that its messages take
    // their numbers one after another. Only writes follow, and the event last.
    const [numbered] = await tx
      .update(channels)
      .set({ lastSeq: sql`${channels.lastSeq} + 1`, lastMessageAt: sql`now()` })
      .where(and(eq(channels.tenantId, actor.tenantId), eq(channels.id, channel.id)))
      .returning({ seq: channels.lastSeq });
    if (!numbered) throw new Error("the channel vanished while a message was posted to it");
    const seq = numbered.seq;
    const [inserted] = await tx
      .insert(messages)
      .values({
        tenantId: actor.tenantId,
        id,
        channelId: channel.id,
        seq,
        authorId: actor.userId,
        body,
        priority,
        ackRequested: input.ackRequested ?? false,
        threadRootId,
        mentions: mentions.ids,
        mentionsChannel: mentions.channel,
      })
      .returning({ id: messages.id, createdAt: messages.createdAt, ackRequested: messages.ackRequested });
    if (!inserted) throw new Error("insert into messages returned no row");
    const attachments: AttachmentView[] = files.length
      ? await tx
          .insert(messageAttachments)
          .values(
            files.map((file) => ({
              tenantId: actor.tenantId,
              messageId: inserted.id,
              channelId: channel.id,
              filename: file.filename,
              contentType: file.contentType,
              sizeBytes: file.data.byteLength,
              sha256: file.sha256,
              data: file.data,
              uploadedBy: actor.userId,
            })),
          )
          .returning({
            id: messageAttachments.id,
            filename: messageAttachments.filename,
            contentType: messageAttachments.contentType,
            sizeBytes: messageAttachments.sizeBytes,
          })
      : [];
    // What one writes, one has read.
    await tx
      .update(channelMembers)
      .set({ lastReadSeq: seq })
      .where(
        and(
          eq(channelMembers.tenantId, actor.tenantId),
          eq(channelMembers.channelId, channel.id),
          eq(channelMembers.userId, actor.userId),
        ),
      );
    if (threadRootId) {
      await tx
        .update(messages)
        .set({ replyCount: sql`${messages.replyCount} + 1`, lastReplyAt: inserted.createdAt })
        .where(and(eq(messages.tenantId, actor.tenantId), eq(messages.id, threadRootId)));
    }
    await appendEvent(tx, channel.id, "message.created", {
      id: inserted.id,
      seq,
      authorId: actor.userId,
      body,
      priority,
      ackRequested: inserted.ackRequested,
      threadRootId,
      mentions: mentions.ids,
      mentionsChannel: mentions.channel,
      attachments,
      createdAt: inserted.createdAt.toISOString(),
    });
    return { id: inserted.id, seq };
  });
}

/** An archived channel is read-only: nothing is posted, changed or reacted to in it. */
function requireOpen(channel: { archivedAt: Date | null }): void {
  if (channel.archivedAt) throw new AppError("channel-archived", "messaging.error.archived", 409);
}

async function requireMessage(tx: TenantTx, actor: MessagingActor, messageId: string) {
  const notFound = new AppError("message-not-found", "messaging.error.messageNotFound", 404);
  if (!isUuid(messageId)) throw notFound;
  const [message] = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.tenantId, actor.tenantId), eq(messages.id, messageId)))
    .for("update");
  if (!message) throw notFound;
  // A message of a channel the person may not see is not found either.
  const access = await requireChannelFor(tx, actor, message.channelId).catch(() => null);
  if (!access) throw notFound;
  return { message, ...access };
}

/** Edits one's own message; the earlier body is kept, and the message is marked as edited. */
export async function editMessage(actor: MessagingActor, messageId: string, newBody: string): Promise<void> {
  const body = cleanBody(newBody);
  await withTenant(actor.db, actor.tenantId, async (tx) => {
    const { message, member, channel } = await requireMessage(tx, actor, messageId);
    if (message.authorId !== actor.userId || !member) {
      throw new AppError("not-author", "messaging.error.notAuthor", 403);
    }
    if (message.deletedAt) throw new AppError("message-deleted", "messaging.error.messageDeleted", 409);
    if (channel.archivedAt) throw new AppError("channel-archived", "messaging.error.archived", 409);
    if (message.body === body) return;
    const mentions = await resolveMentions(tx, actor.tenantId, message.channelId, body);
    await tx
      .insert(messageEdits)
      .values({ tenantId: actor.tenantId, messageId, body: message.body, editedBy: actor.userId });
    const [updated] = await tx
      .update(messages)
      .set({ body, editedAt: sql`now()`, mentions: mentions.ids, mentionsChannel: mentions.channel })
      .where(and(eq(messages.tenantId, actor.tenantId), eq(messages.id, messageId)))
      .returning({ editedAt: messages.editedAt });
    await redactMessageEvents(tx, actor.tenantId, message.channelId, messageId);
    await appendEvent(tx, message.channelId, "message.edited", {
      id: messageId,
      body,
      mentions: mentions.ids,
      mentionsChannel: mentions.channel,
      editedAt: updated?.editedAt?.toISOString() ?? null,
    });
  });
}

/** Deletes a message (its author, or a manager of the channel): it stays, shown as deleted. */
export async function deleteMessage(actor: MessagingActor, messageId: string): Promise<void> {
  await withTenant(actor.db, actor.tenantId, async (tx) => {
    const { message, member, channel } = await requireMessage(tx, actor, messageId);
    const may = member && (message.authorId === actor.userId || member.role === "manager");
    if (!may) throw new AppError("cannot-delete", "messaging.error.cannotDelete", 403);
    if (message.deletedAt) return;
    requireOpen(channel);
    await tx
      .update(messages)
      .set({ deletedAt: sql`now()`, deletedBy: actor.userId })
      .where(and(eq(messages.tenantId, actor.tenantId), eq(messages.id, messageId)));
    await redactMessageEvents(tx, actor.tenantId, message.channelId, messageId);
    await appendEvent(tx, message.channelId, "message.deleted", { id: messageId, deletedBy: actor.userId });
  });
}

/** Adds the person's reaction, or takes it back when it is there; answers whether it is on now. */
export async function toggleReaction(
  actor: MessagingActor,
  messageId: string,
  emoji: string,
): Promise<boolean> {
  if (!(REACTIONS as readonly string[]).includes(emoji)) {
    throw new AppError("reaction-unknown", "messaging.error.reactionUnknown");
  }
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    const { message, member, channel } = await requireMessage(tx, actor, messageId);
    if (!member) throw new AppError("not-a-member", "messaging.error.notMember", 403);
    if (message.deletedAt) throw new AppError("message-deleted", "messaging.error.messageDeleted", 409);
    requireOpen(channel);
    const where = and(
      eq(messageReactions.tenantId, actor.tenantId),
      eq(messageReactions.messageId, messageId),
      eq(messageReactions.userId, actor.userId),
    );
    const removed = await tx
      .delete(messageReactions)
      .where(and(where, eq(messageReactions.emoji, emoji)))
      .returning({ emoji: messageReactions.emoji });
    const on = removed.length === 0;
    if (on) {
      const [row] = await tx.select({ n: count() }).from(messageReactions).where(where);
      if ((row?.n ?? 0) >= MESSAGING_LIMITS.reactionsPerPerson) {
        throw new AppError("reaction-limit", "messaging.error.reactionLimit", 400, {
          max: MESSAGING_LIMITS.reactionsPerPerson,
        });
      }
      await tx
        .insert(messageReactions)
        .values({ tenantId: actor.tenantId, messageId, userId: actor.userId, emoji });
    }
    await appendEvent(tx, message.channelId, "message.reaction", {
      id: messageId,
      userId: actor.userId,
      emoji,
      on,
    });
    return on;
  });
}

/** 확인: acknowledges a message that asked for it; acknowledging twice changes nothing. */
export async function acknowledgeMessage(actor: MessagingActor, messageId: string): Promise<void> {
  await withTenant(actor.db, actor.tenantId, async (tx) => {
    const { message, member, channel } = await requireMessage(tx, actor, messageId);
    if (!member) throw new AppError("not-a-member", "messaging.error.notMember", 403);
    requireOpen(channel);
    if (!message.ackRequested || message.deletedAt) {
      throw new AppError("no-ack-requested", "messaging.error.noAckRequested", 409);
    }
    if (message.authorId === actor.userId) throw new AppError("own-message", "messaging.error.ownAck", 409);
    const inserted = await tx
      .insert(messageAcks)
      .values({ tenantId: actor.tenantId, messageId, userId: actor.userId })
      .onConflictDoNothing()
      .returning({ at: messageAcks.ackedAt });
    if (inserted.length === 0) return;
    // Acknowledging a message is reading it, too.
    await moveReadPosition(tx, actor, message.channelId, message.seq);
    await appendEvent(tx, message.channelId, "message.ack", { id: messageId, userId: actor.userId });
  });
}

/** Moves the read position forward to `seq`; answers the new position, or null if unchanged. */
async function moveReadPosition(
  tx: TenantTx,
  actor: MessagingActor,
  channelId: string,
  seq: number,
): Promise<number | null> {
  const [row] = await tx
    .update(channelMembers)
    .set({ lastReadSeq: seq })
    .where(
      and(
        eq(channelMembers.tenantId, actor.tenantId),
        eq(channelMembers.channelId, channelId),
        eq(channelMembers.userId, actor.userId),
        lt(channelMembers.lastReadSeq, seq),
      ),
    )
    .returning({ seq: channelMembers.lastReadSeq });
  if (!row) return null;
  await appendEvent(tx, channelId, "channel.read", { userId: actor.userId, seq });
  return row.seq;
}

/** Marks the channel read up to message `seq` (at most its last); a position never moves back. */
export async function markRead(
  actor: MessagingActor,
  channelId: string,
  seq: number,
): Promise<number | null> {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new AppError("read-position", "messaging.error.form");
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    const { channel, member } = await requireChannelFor(tx, actor, channelId);
    if (!member) throw new AppError("not-a-member", "messaging.error.notMember", 403);
    return moveReadPosition(tx, actor, channelId, Math.min(seq, channel.lastSeq));
  });
}

export interface MessageView {
  id: string;
  seq: number;
  authorId: string;
  authorName: string;
  /** Null once deleted: a deleted message shows only that it was. */
  body: string | null;
  priority: MessagePriority;
  ackRequested: boolean;
  threadRootId: string | null;
  replyCount: number;
  createdAt: Date;
  editedAt: Date | null;
  deleted: boolean;
  /** 안 읽음 N: members (who were members when it was sent) who have not read it yet. */
  unread: number;
  reactions: { emoji: string; count: number; mine: boolean }[];
  /** Members asked to acknowledge it (all but its author), and how many have. */
  ack: { done: number; asked: number; mine: boolean } | null;
  /** The names it mentions, for highlighting. */
  mentionNames: string[];
  mentionsChannel: boolean;
  /** Its files (none once it is deleted). */
  attachments: AttachmentView[];
  /** Cards of the documents and approvals it links to, as this reader may see them. */
  cards: LinkCard[];
}

export interface ChannelPage {
  channel: {
    id: string;
    kind: string;
    title: string;
    topic: string;
    purpose: string;
    announcement: boolean;
    archived: boolean;
    lastSeq: number;
    memberCount: number;
  };
  /** The person's membership: null for a public channel they have not joined. */
  membership: { role: "member" | "manager"; lastReadSeq: number } | null;
  /** Oldest first; the newest page unless `beforeSeq` asks for an earlier one. */
  messages: MessageView[];
  /** The seq to ask for the page before this one, or null at the channel's start. */
  earlier: number | null;
  /** The first message the person has not read (for 안 읽은 메시지로 이동), or null. */
  firstUnreadSeq: number | null;
  /** For a thread: its root message, and whether the person follows it. */
  thread: { root: MessageView; following: boolean } | null;
}

/** Reads one page of a channel (top-level messages) with receipts, reactions and 확인. */
export async function listMessages(
  actor: MessagingActor,
  channelId: string,
  options: { beforeSeq?: number | null; threadRootId?: string | null } = {},
): Promise<ChannelPage> {
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    const { channel, member } = await requireChannelFor(tx, actor, channelId);
    const members = await tx
      .select({ userId: channelMembers.userId, lastReadSeq: channelMembers.lastReadSeq })
      .from(channelMembers)
      .where(and(eq(channelMembers.tenantId, actor.tenantId), eq(channelMembers.channelId, channelId)));
    const readPositions = members.map((m) => m.lastReadSeq).sort((a, b) => a - b);
    const threadRootId = options.threadRootId ?? null;
    if (threadRootId !== null && !isUuid(threadRootId)) {
      throw new AppError("thread-not-found", "messaging.error.threadNotFound", 404);
    }
    const rows = await tx
      .select({ message: MESSAGE_COLUMNS, authorName: users.displayName })
      .from(messages)
      .innerJoin(users, and(eq(users.tenantId, messages.tenantId), eq(users.id, messages.authorId)))
      .where(
        and(
          eq(messages.tenantId, actor.tenantId),
          eq(messages.channelId, channelId),
          threadRootId ? eq(messages.threadRootId, threadRootId) : isNull(messages.threadRootId),
          options.beforeSeq ? lt(messages.seq, options.beforeSeq) : undefined,
        ),
      )
      .orderBy(desc(messages.seq))
      .limit(MESSAGING_LIMITS.pageSize + 1);
    const more = rows.length > MESSAGING_LIMITS.pageSize;
    const page = rows.slice(0, MESSAGING_LIMITS.pageSize).reverse();
    const rootRows = threadRootId
      ? await tx
          .select({ message: MESSAGE_COLUMNS, authorName: users.displayName })
          .from(messages)
          .innerJoin(users, and(eq(users.tenantId, messages.tenantId), eq(users.id, messages.authorId)))
          .where(
            and(
              eq(messages.tenantId, actor.tenantId),
              eq(messages.channelId, channelId),
              eq(messages.id, threadRootId),
              isNull(messages.threadRootId),
            ),
          )
      : [];
    if (threadRootId && rootRows.length === 0) {
      throw new AppError("thread-not-found", "messaging.error.threadNotFound", 404);
    }
    const shown = [...rootRows, ...page];
    const ids = shown.map((row) => row.message.id);
    const reactionRows = ids.length
      ? await tx
          .select({
            messageId: messageReactions.messageId,
            emoji: messageReactions.emoji,
            n: count(),
            mine: sql<boolean>`bool_or(${messageReactions.userId} = ${actor.userId})`,
          })
          .from(messageReactions)
          .where(and(eq(messageReactions.tenantId, actor.tenantId), inArray(messageReactions.messageId, ids)))
          .groupBy(messageReactions.messageId, messageReactions.emoji)
          .orderBy(asc(sql`min(${messageReactions.createdAt})`))
      : [];
    const ackRows = ids.length
      ? await tx
          .select({
            messageId: messageAcks.messageId,
            n: count(),
            mine: sql<boolean>`bool_or(${messageAcks.userId} = ${actor.userId})`,
          })
          .from(messageAcks)
          .where(and(eq(messageAcks.tenantId, actor.tenantId), inArray(messageAcks.messageId, ids)))
          .groupBy(messageAcks.messageId)
      : [];
    const attachmentRows = ids.length
      ? await tx
          .select({
            messageId: messageAttachments.messageId,
            id: messageAttachments.id,
            filename: messageAttachments.filename,
            contentType: messageAttachments.contentType,
            sizeBytes: messageAttachments.sizeBytes,
          })
          .from(messageAttachments)
          .where(
            and(eq(messageAttachments.tenantId, actor.tenantId), inArray(messageAttachments.messageId, ids)),
          )
          .orderBy(asc(messageAttachments.createdAt), asc(messageAttachments.filename))
      : [];
    const cardsOf = new Map(
      (
        await linkCards(
          tx,
          actor,
          shown.map((row) => (row.message.deletedAt ? "" : row.message.body)),
        )
      ).map((cards, index) => [shown[index]?.message.id ?? "", cards] as const),
    );
    const mentioned = [...new Set(shown.flatMap((row) => row.message.mentions))];
    const mentionNames = new Map(
      mentioned.length
        ? (
            await tx
              .select({ id: users.id, name: users.displayName })
              .from(users)
              .where(and(eq(users.tenantId, actor.tenantId), inArray(users.id, mentioned)))
          ).map((row) => [row.id, row.name] as const)
        : [],
    );
    const [unreadRow] = member
      ? await tx
          .select({ seq: sql<number | null>`min(${messages.seq})`.mapWith(Number) })
          .from(messages)
          .where(
            and(
              eq(messages.tenantId, actor.tenantId),
              eq(messages.channelId, channelId),
              gt(messages.seq, member.lastReadSeq),
              isNull(messages.threadRootId),
              isNull(messages.deletedAt),
              sql`${messages.authorId} <> ${actor.userId}`,
            ),
          )
      : [];
    const titles =
      channel.kind === "direct" || channel.kind === "group"
        ? await conversationTitles(tx, actor, [channel.id])
        : new Map<string, string>();
    const memberCount = members.length;
    const toView = ({ message, authorName }: (typeof shown)[number]): MessageView => {
      const acks = ackRows.find((row) => row.messageId === message.id);
      return {
        id: message.id,
        seq: message.seq,
        authorId: message.authorId,
        authorName,
        body: message.deletedAt ? null : message.body,
        priority: message.priority,
        ackRequested: message.ackRequested,
        threadRootId: message.threadRootId,
        replyCount: message.replyCount,
        createdAt: message.createdAt,
        editedAt: message.editedAt,
        deleted: message.deletedAt !== null,
        unread: countBelow(readPositions, message.seq),
        reactions: reactionRows
          .filter((row) => row.messageId === message.id)
          .map((row) => ({ emoji: row.emoji, count: row.n, mine: row.mine })),
        ack: message.ackRequested
          ? { done: acks?.n ?? 0, asked: Math.max(0, memberCount - 1), mine: acks?.mine ?? false }
          : null,
        mentionNames: message.mentions.flatMap((id) => mentionNames.get(id) ?? []),
        mentionsChannel: message.mentionsChannel,
        cards: cardsOf.get(message.id) ?? [],
        attachments: message.deletedAt
          ? []
          : attachmentRows
              .filter((row) => row.messageId === message.id)
              .map(({ messageId: _, ...file }) => file),
      };
    };
    return {
      channel: {
        id: channel.id,
        kind: channel.kind,
        title: titles.get(channel.id) ?? channel.name,
        topic: channel.topic,
        purpose: channel.purpose,
        announcement: channel.posting === "managers",
        archived: channel.archivedAt !== null,
        lastSeq: channel.lastSeq,
        memberCount,
      },
      membership: member ? { role: member.role, lastReadSeq: member.lastReadSeq } : null,
      messages: page.map(toView),
      earlier: more ? (page[0]?.message.seq ?? null) : null,
      firstUnreadSeq: unreadRow?.seq ?? null,
      thread:
        threadRootId && rootRows[0]
          ? { root: toView(rootRows[0]), following: await isFollowing(tx, actor, threadRootId) }
          : null,
    };
  });
}

/** How many of the sorted read positions are below `seq`: the members yet to read message `seq`. */
function countBelow(sorted: readonly number[], seq: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? 0) < seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

export interface Receipts {
  read: string[];
  unread: string[];
  acknowledged: { name: string; at: Date }[];
}

/** Who has read a message and who has not (and, when asked for, who acknowledged it), by name. */
export async function listReceipts(actor: MessagingActor, messageId: string): Promise<Receipts> {
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    const { message, member } = await requireMessage(tx, actor, messageId);
    if (!member) throw new AppError("not-a-member", "messaging.error.notMember", 403);
    const rows = await tx
      .select({ userId: users.id, name: users.displayName, lastReadSeq: channelMembers.lastReadSeq })
      .from(channelMembers)
      .innerJoin(users, and(eq(users.tenantId, channelMembers.tenantId), eq(users.id, channelMembers.userId)))
      .where(
        and(eq(channelMembers.tenantId, actor.tenantId), eq(channelMembers.channelId, message.channelId)),
      );
    const acked = await tx
      .select({ name: users.displayName, at: messageAcks.ackedAt })
      .from(messageAcks)
      .innerJoin(users, and(eq(users.tenantId, messageAcks.tenantId), eq(users.id, messageAcks.userId)))
      .where(and(eq(messageAcks.tenantId, actor.tenantId), eq(messageAcks.messageId, messageId)))
      .orderBy(asc(messageAcks.ackedAt));
    const collator = new Intl.Collator("ko");
    const others = rows.filter((row) => row.userId !== message.authorId);
    return {
      read: others
        .filter((row) => row.lastReadSeq >= message.seq)
        .map((row) => row.name)
        .sort(collator.compare),
      unread: others
        .filter((row) => row.lastReadSeq < message.seq)
        .map((row) => row.name)
        .sort(collator.compare),
      acknowledged: acked,
    };
  });
}

export interface StoredMessageFile {
  filename: string;
  contentType: string;
  data: Uint8Array;
  sha256: string;
}

/**
 * One file of a message in a channel the person may read (a member, or anyone of the agency for
 * a public channel), unless the message was deleted; null for anything else, alike.
 */
export async function readMessageAttachment(
  actor: MessagingActor,
  channelId: string,
  attachmentId: string,
): Promise<StoredMessageFile | null> {
  if (!isUuid(attachmentId)) return null;
  return withTenant(actor.db, actor.tenantId, async (tx) => {
    const access = await requireChannelFor(tx, actor, channelId).catch(() => null);
    if (!access) return null;
    const [row] = await tx
      .select({
        filename: messageAttachments.filename,
        contentType: messageAttachments.contentType,
        data: messageAttachments.data,
        sha256: messageAttachments.sha256,
        deletedAt: messages.deletedAt,
      })
      .from(messageAttachments)
      .innerJoin(
        messages,
        and(
          eq(messages.tenantId, messageAttachments.tenantId),
          eq(messages.id, messageAttachments.messageId),
        ),
      )
      .where(
        and(
          eq(messageAttachments.tenantId, actor.tenantId),
          eq(messageAttachments.channelId, channelId),
          eq(messageAttachments.id, attachmentId),
        ),
      );
    if (!row || row.deletedAt) return null;
    return {
      filename: row.filename,
      contentType: row.contentType,
      data: row.data,
      sha256: Buffer.from(row.sha256).toString("hex"),
    };
  });
}
