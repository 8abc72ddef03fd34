import {
  and,
  count,
  type Db,
  desc,
  documents,
  eq,
  isNull,
  notifications,
  sql,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import { documentRoleSql } from "./access.server.ts";

// A person's notifications: what the app tells them (mentions and shares for now; approvals and
// messages later). A row holds ids and short labels only, never content: what a notification
// shows is read at display time, and only what the person may still see.

export type NotificationKind = "share" | "mention";

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  actorId: string | null;
  target: { type: "document"; id: string };
  details: Record<string, string>;
}

/** Adds notifications in the caller's transaction, so they exist exactly when the change does. */
export async function addNotifications(
  tx: TenantTx,
  tenantId: string,
  rows: readonly NewNotification[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(notifications).values(
    rows.map((row) => ({
      tenantId,
      userId: row.userId,
      kind: row.kind,
      actorId: row.actorId,
      targetType: row.target.type,
      targetId: row.target.id,
      details: row.details,
    })),
  );
}

/** How many notifications a person has not read yet (the shell's badge). */
export async function countUnread(db: Db, tenantId: string, userId: string): Promise<number> {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ n: count() })
      .from(notifications)
      .where(
        and(
          eq(notifications.tenantId, tenantId),
          eq(notifications.userId, userId),
          isNull(notifications.readAt),
        ),
      ),
  );
  return row?.n ?? 0;
}

export interface NotificationView {
  id: string;
  kind: string;
  createdAt: string;
  read: boolean;
  actorName: string | null;
  /** The document, while the person may still open it; null once they may not (nothing shown of it). */
  document: { id: string; title: string } | null;
  details: Record<string, unknown>;
}

/** One page of notifications, newest first. */
export const NOTIFICATIONS_PAGE_SIZE = 50;

/**
 * A person's notifications, newest first, `NOTIFICATIONS_PAGE_SIZE` at a time: pass `next` as
 * `before` for the following page (the id of the last one shown).
 */
export async function listNotifications(
  db: Db,
  person: { tenantId: string; userId: string },
  options: { before?: string | null } = {},
): Promise<{ items: NotificationView[]; next: string | null }> {
  const { tenantId, userId } = person;
  const before = options.before;
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select({
        id: notifications.id,
        kind: notifications.kind,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
        details: notifications.details,
        actorName: users.displayName,
        targetType: notifications.targetType,
        documentId: documents.id,
        documentTitle: documents.title,
        // The person's role now: a notification about a document they lost shows nothing of it.
        role: sql<
          string | null
        >`case when ${documents.id} is null then null else ${documentRoleSql(userId)} end`,
      })
      .from(notifications)
      .leftJoin(users, and(eq(users.tenantId, notifications.tenantId), eq(users.id, notifications.actorId)))
      .leftJoin(
        documents,
        and(
          eq(notifications.targetType, "document"),
          eq(documents.tenantId, notifications.tenantId),
          eq(documents.id, notifications.targetId),
        ),
      )
      .where(
        and(
          eq(notifications.tenantId, tenantId),
          eq(notifications.userId, userId),
          // By the row itself, not a timestamp from JavaScript (milliseconds would skip rows).
          before
            ? sql`(${notifications.createdAt}, ${notifications.id}) < (select n.created_at, n.id
                from notifications n where n.tenant_id = ${tenantId} and n.user_id = ${userId} and n.id = ${before})`
            : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(NOTIFICATIONS_PAGE_SIZE + 1),
  );
  const page = rows.slice(0, NOTIFICATIONS_PAGE_SIZE);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      createdAt: row.createdAt.toISOString(),
      read: row.readAt !== null,
      actorName: row.actorName,
      document: row.documentId && row.role ? { id: row.documentId, title: row.documentTitle ?? "" } : null,
      details: (row.details ?? {}) as Record<string, unknown>,
    })),
    next: rows.length > NOTIFICATIONS_PAGE_SIZE && last ? last.id : null,
  };
}

/** Marks one of the person's notifications read; false when it is not theirs (or not there). */
export async function markNotificationRead(
  db: Db,
  person: { tenantId: string; userId: string },
  notificationId: string,
  now = new Date(),
): Promise<boolean> {
  const rows = await withTenant(db, person.tenantId, (tx) =>
    tx
      .update(notifications)
      .set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
      .where(
        and(
          eq(notifications.tenantId, person.tenantId),
          eq(notifications.userId, person.userId),
          eq(notifications.id, notificationId),
        ),
      )
      .returning({ id: notifications.id }),
  );
  return rows.length > 0;
}

/** Marks every unread notification of the person read; answers how many there were. */
export async function markAllNotificationsRead(
  db: Db,
  person: { tenantId: string; userId: string },
  now = new Date(),
): Promise<number> {
  const rows = await withTenant(db, person.tenantId, (tx) =>
    tx
      .update(notifications)
      .set({ readAt: now })
      .where(
        and(
          eq(notifications.tenantId, person.tenantId),
          eq(notifications.userId, person.userId),
          isNull(notifications.readAt),
        ),
      )
      .returning({ id: notifications.id }),
  );
  return rows.length;
}
