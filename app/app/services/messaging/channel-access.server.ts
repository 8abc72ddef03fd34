import { and, type Channel, channelMembers, channels, eq, type TenantTx } from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import type { MessagingActor } from "./messaging-actor.server.ts";

// Who may see a channel: its members, and for a public channel anyone of the agency (to read
// before joining) but a student, who sees only the channels a teacher has put them in (in a
// school, public channels are the staff's). Everything else, another agency's channel
// included, is "not found" alike, never "not yours": a private channel's existence is not
// revealed.

export interface ChannelAccess {
  channel: Channel;
  /** The person's membership, or null for a public channel they have not joined. */
  member: typeof channelMembers.$inferSelect | null;
}

/** The channel and the person's membership, when they may see it; otherwise null. */
export async function findChannelFor(
  tx: TenantTx,
  actor: MessagingActor,
  channelId: string,
  options: { lock?: boolean } = {},
): Promise<ChannelAccess | null> {
  if (!isUuid(channelId)) return null;
  const query = tx
    .select()
    .from(channels)
    .where(and(eq(channels.tenantId, actor.tenantId), eq(channels.id, channelId)));
  const [channel] = options.lock ? await query.for("update") : await query;
  if (!channel) return null;
  const [member] = await tx
    .select()
    .from(channelMembers)
    .where(
      and(
        eq(channelMembers.tenantId, actor.tenantId),
        eq(channelMembers.channelId, channelId),
        eq(channelMembers.userId, actor.userId),
      ),
    );
  if (!member && (channel.kind !== "public" || actor.role === "student")) return null;
  return { channel, member: member ?? null };
}

/** Like findChannelFor, but a channel the person may not see throws a 404 AppError. */
export async function requireChannelFor(
  tx: TenantTx,
  actor: MessagingActor,
  channelId: string,
  options: { lock?: boolean } = {},
): Promise<ChannelAccess> {
  const access = await findChannelFor(tx, actor, channelId, options);
  if (!access) throw new AppError("channel-not-found", "messaging.error.channelNotFound", 404);
  return access;
}

/** The membership of a channel the person must belong to (to post, react, read). */
export async function requireMembership(
  tx: TenantTx,
  actor: MessagingActor,
  channelId: string,
  options: { lock?: boolean } = {},
): Promise<Required<{ channel: Channel; member: NonNullable<ChannelAccess["member"]> }>> {
  const access = await requireChannelFor(tx, actor, channelId, options);
  if (!access.member) throw new AppError("not-a-member", "messaging.error.notMember", 403);
  if (access.channel.archivedAt) throw new AppError("channel-archived", "messaging.error.archived", 409);
  return { channel: access.channel, member: access.member };
}
