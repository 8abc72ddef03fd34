import { COLLAB_CHANNEL, type CollabNotice, parseCollabNotice } from "@nuri/collab";
import {
  type AuditEntry,
  and,
  asc,
  auditLog,
  type Db,
  documentShares,
  eq,
  notifications,
  type Sql,
  withTenant,
} from "@nuri/db";
import type { DocumentActor } from "./sharing.server.ts";

// Helpers of the sharing, comments and notifications service tests.

/** Acting as `userId` of `tenantId`, as the share page's action would. */
export function actingAs(db: Db, tenantId: string, userId: string): DocumentActor {
  return {
    db,
    tenantId,
    userId,
    actor: { kind: "user", id: userId, label: "공유하는 사람" },
    ip: "203.0.113.9",
  };
}

export async function auditEntries(db: Db, tenantId: string): Promise<AuditEntry[]> {
  return withTenant(db, tenantId, (tx) =>
    tx.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)).orderBy(asc(auditLog.seq)),
  );
}

export async function sharesOf(db: Db, tenantId: string, documentId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(documentShares)
      .where(and(eq(documentShares.tenantId, tenantId), eq(documentShares.documentId, documentId)))
      .orderBy(asc(documentShares.createdAt)),
  );
}

export async function notificationsOf(db: Db, tenantId: string, userId?: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(notifications)
      .where(and(eq(notifications.tenantId, tenantId), userId ? eq(notifications.userId, userId) : undefined))
      .orderBy(asc(notifications.createdAt)),
  );
}

/**
 * Listens on the collab channel as the collab-server does, keeping the notices of the tenants a
 * test asks about (other test files of the run send on the same channel).
 */
export async function listenForNotices(sql: Sql) {
  const received: CollabNotice[] = [];
  const subscription = await sql.listen(COLLAB_CHANNEL, (payload) => {
    const notice = parseCollabNotice(payload);
    if (notice) received.push(notice);
  });
  return {
    /** The notices for `tenantId` so far, in commit order. */
    of: (tenantId: string) => received.filter((notice) => notice.tenantId === tenantId),
    /** Waits until `tenantId` has at least `count` notices (they arrive after commit, asynchronously). */
    async until(tenantId: string, count: number): Promise<CollabNotice[]> {
      const deadline = Date.now() + 5000;
      while (received.filter((notice) => notice.tenantId === tenantId).length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `timed out waiting for ${count} notices of ${tenantId}: ${JSON.stringify(received)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return received.filter((notice) => notice.tenantId === tenantId);
    },
    /** Waits a moment and answers the notices, to show that none (more) arrived. */
    async settled(tenantId: string): Promise<CollabNotice[]> {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return received.filter((notice) => notice.tenantId === tenantId);
    },
    stop: () => subscription.unlisten(),
  };
}
