import {
  and,
  channelMembers,
  channels,
  eq,
  inArray,
  isNull,
  messages,
  ne,
  sql,
  type TenantTx,
  threadFollows,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { addNotifications, type NewNotification } from "../documents/notifications.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import { conversationTitles } from "./channels.server.ts";
import type { MessagingActor } from "./messaging-actor.server.ts";

// Threads and what messages tell people outside the channel's page: following a thread,
// the notifications of mentions and replies, and what a notification may show of a message
// (nothing, once the person may no longer read its channel).

/** Follows or stops following a thread (by its root message); the person must be able to read it. */
export async function followThread(actor: MessagingActor, rootId: string, following: boolean): Promise<void> {
  await withTenant(actor.db, actor.tenantId, async (tx) => {
    const readable = await readableMessages(tx, actor, [rootId]);
    const root = readable.get(rootId);
    if (!root || root.threadRootId !== null) {
      throw new AppError("thread-not-found", "messaging.error.threadNotFound", 404);
    }
    await tx
      .insert(threadFollows)
      .values({ tenantId: actor.tenantId, messageId: rootId, userId: actor.userId, following })
      .onConflictDoUpdate({
        target: [threadFollows.tenantId, threadFollows.messageId, threadFollows.userId],
        set: { following, updatedAt: sql`now()` },
      });
  });
}

/** Whether the person follows the thread of `rootId` now. */
export async function isFollowing(tx: TenantTx, actor: MessagingActor, rootId: string): Promise<boolean> {
  const [row] = await tx
    .select({ following: threadFollows.following })
    .from(threadFollows)
    .where(
      and(
        eq(threadFollows.tenantId, actor.tenantId),
        eq(threadFollows.messageId, rootId),
        eq(threadFollows.userId, actor.userId),
      ),
    );
  return row?.following ?? false;
}

/**
 * What a new message tells people, in the caller's transaction (before its event): a reply makes
 * its author and the root's author follow the thread (unless they stopped) and notifies the
 * thread's followers; mentions notify the people mentioned, @채널 every member. Nobody is told
 * of their own message, nor twice of one.
 */
export async function notifyOfMessage(
  tx: TenantTx,
  actor: MessagingActor,
  message: {
    id: string;
    channelId: string;
    threadRootId: string | null;
    rootAuthorId: string | null;
    mentions: readonly string[];
    mentionsChannel: boolean;
  },
): Promise<void> {
  const told = new Set<string>([actor.userId]);
  const rows: NewNotification[] = [];
  const details = {
    channelId: message.channelId,
    ...(message.threadRootId ? { rootId: message.threadRootId } : {}),
  };
  let mentioned = [...message.mentions];
  if (message.mentionsChannel) {
    const members = await tx
      .select({ userId: channelMembers.userId })
      .from(channelMembers)
      .where(
        and(eq(channelMembers.tenantId, actor.tenantId), eq(channelMembers.channelId, message.channelId)),
      );
    mentioned = [...mentioned, ...members.map((m) => m.userId)];
  }
  for (const userId of mentioned) {
    if (told.has(userId)) continue;
    told.add(userId);
    rows.push({
      userId,
      kind: "message.mention",
      actorId: actor.userId,
      target: { type: "message", id: message.id },
      details,
    });
  }
  if (message.threadRootId) {
    const follow = [actor.userId, ...(message.rootAuthorId ? [message.rootAuthorId] : [])];
    await tx
      .insert(threadFollows)
      .values(
        [...new Set(follow)].map((userId) => ({
          tenantId: actor.tenantId,
          messageId: message.threadRootId as string,
          userId,
          following: true,
        })),
      )
      .onConflictDoNothing();
    const followers = await tx
      .select({ userId: threadFollows.userId })
      .from(threadFollows)
      .innerJoin(
        channelMembers,
        and(
          eq(channelMembers.tenantId, threadFollows.tenantId),
          eq(channelMembers.channelId, message.channelId),
          eq(channelMembers.userId, threadFollows.userId),
        ),
      )
      .where(
        and(
          eq(threadFollows.tenantId, actor.tenantId),
          eq(threadFollows.messageId, message.threadRootId),
          eq(threadFollows.following, true),
          ne(threadFollows.userId, actor.userId),
        ),
      );
    for (const { userId } of followers) {
      if (told.has(userId)) continue;
      told.add(userId);
      rows.push({
        userId,
        kind: "message.reply",
        actorId: actor.userId,
        target: { type: "message", id: message.id },
        details,
      });
    }
  }
  await addNotifications(tx, actor.tenantId, rows);
}

export interface ReadableMessage {
  messageId: string;
  channelId: string;
  channelTitle: string;
  channelKind: string;
  seq: number;
  threadRootId: string | null;
}

/**
 * Of `messageIds`, those the person may read now (not deleted, in a channel they belong to, or
 * a public one), with where they are: what a notification may show and link to.
 */
export async function readableMessages(
  tx: TenantTx,
  person: { tenantId: string; userId: string },
  messageIds: readonly string[],
): Promise<Map<string, ReadableMessage>> {
  const ids = [...new Set(messageIds)].filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({
      messageId: messages.id,
      channelId: channels.id,
      channelKind: channels.kind,
      channelName: channels.name,
      seq: messages.seq,
      threadRootId: messages.threadRootId,
    })
    .from(messages)
    .innerJoin(channels, and(eq(channels.tenantId, messages.tenantId), eq(channels.id, messages.channelId)))
    .where(
      and(
        eq(messages.tenantId, person.tenantId),
        inArray(messages.id, ids),
        isNull(messages.deletedAt),
        sql`(${channels.kind} = 'public' or exists (select 1 from ${channelMembers} cm
          where cm.tenant_id = ${channels.tenantId} and cm.channel_id = ${channels.id}
            and cm.user_id = ${person.userId}))`,
      ),
    );
  const titles = await conversationTitles(
    tx,
    person,
    rows
      .filter((row) => row.channelKind === "direct" || row.channelKind === "group")
      .map((row) => row.channelId),
  );
  return new Map(
    rows.map((row) => [
      row.messageId,
      {
        messageId: row.messageId,
        channelId: row.channelId,
        channelTitle: titles.get(row.channelId) ?? row.channelName,
        channelKind: row.channelKind,
        seq: row.seq,
        threadRootId: row.threadRootId,
      },
    ]),
  );
}
