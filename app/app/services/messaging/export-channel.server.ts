import {
  and,
  asc,
  channelMembers,
  channels,
  eq,
  inArray,
  messageAcks,
  messageAttachments,
  messageEdits,
  messageReactions,
  messages,
  recordAudit,
  sql,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import type { OrgActor } from "../org/org-context.server.ts";
import { conversationTitles } from "./channels.server.ts";

// The administrator's export of one channel, for the agency's records: every message as it was
// written, deleted ones and earlier versions of edited ones included (that is what the audit
// keeps them for), with files listed by name, size and SHA-256, reactions and 확인. People
// appear by name and id only. Every export is written to the audit log.

export interface ChannelSummaryForAdmin {
  id: string;
  kind: string;
  title: string;
  members: number;
  messages: number;
  archived: boolean;
  lastMessageAt: Date | null;
}

/** Every channel and conversation of the agency, for the administrator's page. */
export async function listChannelsForAdmin(ctx: OrgActor): Promise<ChannelSummaryForAdmin[]> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const rows = await tx
      .select({
        id: channels.id,
        kind: channels.kind,
        name: channels.name,
        archivedAt: channels.archivedAt,
        lastMessageAt: channels.lastMessageAt,
        messages: channels.lastSeq,
        members: sql<number>`(select count(*)::int from ${channelMembers} cm
          where cm.tenant_id = ${channels.tenantId} and cm.channel_id = ${channels.id})`,
      })
      .from(channels)
      .where(eq(channels.tenantId, ctx.tenantId))
      .orderBy(asc(channels.kind), asc(channels.name), asc(channels.createdAt));
    const names = await conversationNames(tx, ctx.tenantId, rows);
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: names.get(row.id) ?? row.name,
      members: row.members,
      messages: row.messages,
      archived: row.archivedAt !== null,
      lastMessageAt: row.lastMessageAt,
    }));
  });
}

/** A conversation has no name: its members' names stand for it (all of them, for the admin). */
async function conversationNames(
  tx: Parameters<Parameters<typeof withTenant>[2]>[0],
  tenantId: string,
  rows: readonly { id: string; kind: string }[],
) {
  const ids = rows.filter((row) => row.kind === "direct" || row.kind === "group").map((row) => row.id);
  // As seen by nobody in particular: every member is named.
  return conversationTitles(tx, { tenantId, userId: "00000000-0000-0000-0000-000000000000" }, ids);
}

export interface ChannelExport {
  format: "nuri.channel-export/1";
  exportedAt: string;
  channel: Record<string, unknown>;
  members: { userId: string; name: string; role: string }[];
  messages: Record<string, unknown>[];
}

/** Exports one channel of the agency (any kind); audited. 404 for a channel not of this agency. */
export async function exportChannel(
  ctx: OrgActor,
  channelId: string,
  now = new Date(),
): Promise<ChannelExport> {
  const notFound = new AppError("channel-not-found", "messaging.error.channelNotFound", 404);
  if (!isUuid(channelId)) throw notFound;
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const [channel] = await tx
      .select()
      .from(channels)
      .where(and(eq(channels.tenantId, ctx.tenantId), eq(channels.id, channelId)));
    if (!channel) throw notFound;
    const members = await tx
      .select({ userId: users.id, name: users.displayName, role: channelMembers.role })
      .from(channelMembers)
      .innerJoin(users, and(eq(users.tenantId, channelMembers.tenantId), eq(users.id, channelMembers.userId)))
      .where(and(eq(channelMembers.tenantId, ctx.tenantId), eq(channelMembers.channelId, channelId)))
      .orderBy(asc(users.displayName));
    const rows = await tx
      .select({
        id: messages.id,
        seq: messages.seq,
        threadRootId: messages.threadRootId,
        authorId: messages.authorId,
        authorName: users.displayName,
        body: messages.body,
        priority: messages.priority,
        ackRequested: messages.ackRequested,
        createdAt: messages.createdAt,
        editedAt: messages.editedAt,
        deletedAt: messages.deletedAt,
        deletedBy: messages.deletedBy,
      })
      .from(messages)
      .innerJoin(users, and(eq(users.tenantId, messages.tenantId), eq(users.id, messages.authorId)))
      .where(and(eq(messages.tenantId, ctx.tenantId), eq(messages.channelId, channelId)))
      .orderBy(asc(messages.seq));
    const ids = rows.map((row) => row.id);
    const byMessage = <T extends { messageId: string }>(list: T[]) => {
      const map = new Map<string, Omit<T, "messageId">[]>();
      for (const { messageId, ...rest } of list) map.set(messageId, [...(map.get(messageId) ?? []), rest]);
      return map;
    };
    const some = ids.length > 0;
    const edits = byMessage(
      some
        ? await tx
            .select({
              messageId: messageEdits.messageId,
              body: messageEdits.body,
              editedBy: messageEdits.editedBy,
              editedAt: messageEdits.editedAt,
            })
            .from(messageEdits)
            .where(and(eq(messageEdits.tenantId, ctx.tenantId), inArray(messageEdits.messageId, ids)))
            .orderBy(asc(messageEdits.editedAt))
        : [],
    );
    const files = byMessage(
      some
        ? await tx
            .select({
              messageId: messageAttachments.messageId,
              filename: messageAttachments.filename,
              sizeBytes: messageAttachments.sizeBytes,
              sha256: sql<string>`encode(${messageAttachments.sha256}, 'hex')`,
            })
            .from(messageAttachments)
            .where(
              and(eq(messageAttachments.tenantId, ctx.tenantId), inArray(messageAttachments.messageId, ids)),
            )
            .orderBy(asc(messageAttachments.createdAt))
        : [],
    );
    const reactions = byMessage(
      some
        ? await tx
            .select({
              messageId: messageReactions.messageId,
              emoji: messageReactions.emoji,
              userId: messageReactions.userId,
            })
            .from(messageReactions)
            .where(and(eq(messageReactions.tenantId, ctx.tenantId), inArray(messageReactions.messageId, ids)))
            .orderBy(asc(messageReactions.createdAt))
        : [],
    );
    const acks = byMessage(
      some
        ? await tx
            .select({
              messageId: messageAcks.messageId,
              userId: messageAcks.userId,
              ackedAt: messageAcks.ackedAt,
            })
            .from(messageAcks)
            .where(and(eq(messageAcks.tenantId, ctx.tenantId), inArray(messageAcks.messageId, ids)))
            .orderBy(asc(messageAcks.ackedAt))
        : [],
    );
    const names = await conversationNames(tx, ctx.tenantId, [channel]);
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "messaging.channel.export",
      target: { type: "channel", id: channelId },
      ip: ctx.ip,
      details: { kind: channel.kind, name: names.get(channel.id) ?? channel.name, messages: rows.length },
    });
    return {
      format: "nuri.channel-export/1",
      exportedAt: now.toISOString(),
      channel: {
        id: channel.id,
        kind: channel.kind,
        name: names.get(channel.id) ?? channel.name,
        topic: channel.topic,
        purpose: channel.purpose,
        announcement: channel.posting === "managers",
        createdAt: channel.createdAt.toISOString(),
        archivedAt: channel.archivedAt?.toISOString() ?? null,
      },
      members,
      messages: rows.map((row) => ({
        ...row,
        createdAt: row.createdAt.toISOString(),
        editedAt: row.editedAt?.toISOString() ?? null,
        deletedAt: row.deletedAt?.toISOString() ?? null,
        earlierVersions: (edits.get(row.id) ?? []).map((edit) => ({
          ...edit,
          editedAt: edit.editedAt.toISOString(),
        })),
        files: files.get(row.id) ?? [],
        reactions: reactions.get(row.id) ?? [],
        acknowledgements: (acks.get(row.id) ?? []).map((ack) => ({
          ...ack,
          ackedAt: ack.ackedAt.toISOString(),
        })),
      })),
    };
  });
}
