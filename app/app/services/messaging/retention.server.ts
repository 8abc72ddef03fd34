import {
  and,
  asc,
  type Db,
  eq,
  inArray,
  isNull,
  lt,
  messageEvents,
  messages,
  recordAudit,
  sql,
  tenants,
  withControlPlane,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import type { OrgActor } from "../org/org-context.server.ts";
import { RETENTION_LIMITS } from "./messaging-limits.ts";

// How long messages are kept. An agency keeps them forever by default; its administrator may
// set a number of days, and the retention job (app/server.ts, hourly) then deletes older
// messages with everything of them (files, edits, reactions, 확인), a thread going as one when
// its last reply is old enough. The live-delivery log is kept only EVENT_LOG_DAYS whatever the
// policy (a client away longer reloads), and never longer than the policy: its events carry
// message bodies.

export { RETENTION_LIMITS };
export const EVENT_LOG_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Threads deleted per transaction: a large backlog goes in several short ones. */
const BATCH = 500;

/** The agency's policy: days to keep messages, or null for forever. */
export async function readRetentionPolicy(db: Db, tenantId: string): Promise<{ days: number | null }> {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx.select({ days: tenants.messageRetentionDays }).from(tenants).where(eq(tenants.id, tenantId)),
  );
  return { days: row?.days ?? null };
}

/** Sets the agency's policy (null: keep forever); audited. Answers whether it changed. */
export async function setRetentionPolicy(ctx: OrgActor, input: { days: number | null }): Promise<boolean> {
  const { days } = input;
  if (
    days !== null &&
    (!Number.isInteger(days) || days < RETENTION_LIMITS.minDays || days > RETENTION_LIMITS.maxDays)
  ) {
    throw new AppError("retention-days", "messaging.retention.error.days", 400, RETENTION_LIMITS);
  }
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const [before] = await tx
      .select({ days: tenants.messageRetentionDays })
      .from(tenants)
      .where(eq(tenants.id, ctx.tenantId))
      .for("update");
    if ((before?.days ?? null) === days) return false;
    await tx
      .update(tenants)
      .set({ messageRetentionDays: days, updatedAt: new Date() })
      .where(eq(tenants.id, ctx.tenantId));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "messaging.retention.update",
      target: { type: "tenant", id: ctx.tenantId },
      ip: ctx.ip,
      details: { fromDays: before?.days ?? null, days },
    });
    return true;
  });
}

export interface RetentionReport {
  tenants: number;
  messages: number;
  events: number;
}

/** Applies every agency's policy at `now`, and trims the event log; audited per agency. */
export async function applyMessageRetention(db: Db, now: Date): Promise<RetentionReport> {
  const all = await withControlPlane(db, (tx) =>
    tx
      .select({ id: tenants.id, days: tenants.messageRetentionDays })
      .from(tenants)
      .orderBy(asc(tenants.createdAt)),
  );
  const report: RetentionReport = { tenants: all.length, messages: 0, events: 0 };
  for (const tenant of all) {
    const cutoff = tenant.days === null ? null : new Date(now.getTime() - tenant.days * DAY_MS);
    let deleted = 0;
    if (cutoff) {
      for (;;) {
        const count = await withTenant(db, tenant.id, async (tx) => {
          // Threads (and lone messages) whose newest message is older than the cutoff.
          const roots = await tx
            .select({ id: messages.id })
            .from(messages)
            .where(
              and(
                eq(messages.tenantId, tenant.id),
                isNull(messages.threadRootId),
                sql`greatest(${messages.createdAt}, coalesce(${messages.lastReplyAt}, ${messages.createdAt}))
                  < ${cutoff.toISOString()}::timestamptz`,
              ),
            )
            .limit(BATCH)
            .for("update", { skipLocked: true });
          if (roots.length === 0) return { count: 0, more: false };
          const ids = roots.map((root) => root.id);
          const replies = await tx
            .delete(messages)
            .where(and(eq(messages.tenantId, tenant.id), inArray(messages.threadRootId, ids)))
            .returning({ id: messages.id });
          await tx.delete(messages).where(and(eq(messages.tenantId, tenant.id), inArray(messages.id, ids)));
          const count = roots.length + replies.length;
          await recordAudit(tx, tenant.id, {
            actor: { kind: "system", label: "메시지 보존 기간" },
            action: "messaging.retention.purge",
            target: null,
            details: { messages: count, days: tenant.days, before: cutoff.toISOString() },
          });
          return { count, more: roots.length === BATCH };
        });
        deleted += count.count;
        if (!count.more) break;
      }
    }
    const eventCutoff = new Date(
      Math.max(now.getTime() - EVENT_LOG_DAYS * DAY_MS, cutoff ? cutoff.getTime() : Number.NEGATIVE_INFINITY),
    );
    const events = await withTenant(db, tenant.id, (tx) =>
      tx
        .delete(messageEvents)
        .where(and(eq(messageEvents.tenantId, tenant.id), lt(messageEvents.createdAt, eventCutoff)))
        .returning({ id: messageEvents.id }),
    );
    report.messages += deleted;
    report.events += events.length;
  }
  return report;
}
