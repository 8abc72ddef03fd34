import {
  and,
  asc,
  channelMembers,
  eq,
  gt,
  inArray,
  messageEvents,
  sql,
  type TenantTx,
  withTenant,
} from "@nuri/db";
import { MESSAGING_LIMITS, type MessagingActor } from "./messaging-actor.server.ts";

// The live-delivery log. Every change a channel's members see live is appended here in the
// same transaction as the change, last (messaging_append_event holds the tenant's event lock
// until commit, so ids rise in commit order within the tenant). A reconnecting client replays
// the events after its last id from here; the live hub reads them by id when PostgreSQL
// announces them.

/** The PostgreSQL channel that announces new events (and typing) to every app instance. */
export const MESSAGING_NOTIFY_CHANNEL = "nuri_messaging";

export type LiveEventKind =
  | "message.created"
  | "message.edited"
  | "message.deleted"
  | "message.reaction"
  | "message.ack"
  | "channel.read"
  | "channel.member"
  | "channel.updated";

/** One event as a client receives it; typing has no id (it is not kept, nor replayed). */
export interface LiveEvent {
  id: number | null;
  kind: LiveEventKind | "typing";
  channelId: string;
  payload: Record<string, unknown>;
}

/** Appends an event in the caller's transaction; call it last (it takes the tenant's event lock). */
export async function appendEvent(
  tx: TenantTx,
  channelId: string,
  kind: LiveEventKind,
  payload: Record<string, unknown>,
): Promise<number> {
  const rows = await tx.execute<{ id: string }>(
    sql`select messaging_append_event(${channelId}::uuid, ${kind}, ${JSON.stringify(payload)}::jsonb)::text as id`,
  );
  return Number(rows[0]?.id);
}

/** The id of the tenant's newest event: a page rendered now streams from after it. */
export async function latestEventId(actor: MessagingActor): Promise<number> {
  const [row] = await withTenant(actor.db, actor.tenantId, (tx) =>
    tx
      .select({ id: sql<string | null>`max(${messageEvents.id})::text` })
      .from(messageEvents)
      .where(eq(messageEvents.tenantId, actor.tenantId)),
  );
  return Number(row?.id ?? 0);
}

/**
 * The events after `after` in the channels the person belongs to now (or in one of them),
 * oldest first, at most `limit`. `complete` is false when more are waiting.
 */
export async function listEventsAfter(
  actor: MessagingActor,
  after: number,
  options: { channelId?: string | null; limit?: number } = {},
): Promise<{ events: LiveEvent[]; complete: boolean }> {
  const limit = options.limit ?? MESSAGING_LIMITS.replayEvents;
  const rows = await withTenant(actor.db, actor.tenantId, (tx) => {
    const mine = tx
      .select({ channelId: channelMembers.channelId })
      .from(channelMembers)
      .where(and(eq(channelMembers.tenantId, actor.tenantId), eq(channelMembers.userId, actor.userId)));
    return tx
      .select()
      .from(messageEvents)
      .where(
        and(
          eq(messageEvents.tenantId, actor.tenantId),
          gt(messageEvents.id, after),
          inArray(messageEvents.channelId, mine),
          options.channelId ? eq(messageEvents.channelId, options.channelId) : undefined,
        ),
      )
      .orderBy(asc(messageEvents.id))
      .limit(limit + 1);
  });
  return {
    events: rows.slice(0, limit).map(toLiveEvent),
    complete: rows.length <= limit,
  };
}

export function toLiveEvent(row: typeof messageEvents.$inferSelect): LiveEvent {
  return {
    id: Number(row.id),
    kind: row.kind as LiveEventKind,
    channelId: row.channelId,
    payload: row.payload as Record<string, unknown>,
  };
}

/**
 * Takes a message's text (and its files' names) out of the events that carried it, in the
 * caller's transaction: a deleted message, or the earlier text of an edited one, must not be
 * readable by replaying the log. Call it before appending the event of the change.
 */
export async function redactMessageEvents(
  tx: TenantTx,
  tenantId: string,
  channelId: string,
  messageId: string,
) {
  await tx.execute(sql`
    update message_events
       set payload = (payload - 'body' - 'attachments') || '{"redacted": true}'::jsonb
     where tenant_id = ${tenantId} and channel_id = ${channelId}
       and kind in ('message.created', 'message.edited') and payload->>'id' = ${messageId}
       and payload ? 'body'`);
}
