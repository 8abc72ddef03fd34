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
import { loadApproval, relationsToApproval } from "../approvals/approval-state.server.ts";
import { type ReadableMessage, readableMessages } from "../messaging/threads.server.ts";
import { documentRoleSql } from "./access.server.ts";

// A person's notifications: what the app tells them (mentions and shares for now; approvals and
// messages later). A row holds ids and short labels only, never content: what a notification
// shows is read at display time, and only what the person may still see.

export type NotificationKind =
  | "share"
  | "mention"
  // 전자결재: a step to act on, and what became of one's own document (kinds allow no hyphen).
  | "approval.task"
  | "approval.rejected"
  | "approval.completed"
  | "approval.post_approval"
  | "approval.withdrawn"
  // 공람: a completed document was given to the person to read.
  | "approval.circulation"
  // 메시지: someone mentioned the person, or replied in a thread they follow.
  | "message.mention"
  | "message.reply";

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  actorId: string | null;
  target: { type: "document" | "approval" | "message"; id: string };
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
  /** The approval (전자결재), while the person may still open it; null otherwise (nothing shown of it). */
  approval: { id: string; title: string } | null;
  /** The message, while the person may still read its channel; null otherwise (nothing shown of it). */
  message: ReadableMessage | null;
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
  const { rows, approvals, messages } = await withTenant(db, tenantId, async (tx) => {
    const rows = await tx
      .select({
        id: notifications.id,
        kind: notifications.kind,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
        details: notifications.details,
        actorName: users.displayName,
        targetType: notifications.targetType,
        targetId: notifications.targetId,
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
      .limit(NOTIFICATIONS_PAGE_SIZE + 1);
    const messageIds = rows.filter((row) => row.targetType === "message").map((row) => row.targetId);
    return {
      rows,
      approvals: await readableApprovals(tx, tenantId, userId, rows),
      messages: await readableMessages(tx, { tenantId, userId }, messageIds),
    };
  });
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
      approval: row.targetType === "approval" ? (approvals.get(row.targetId) ?? null) : null,
      message: row.targetType === "message" ? (messages.get(row.targetId) ?? null) : null,
      details: (row.details ?? {}) as Record<string, unknown>,
    })),
    next: rows.length > NOTIFICATIONS_PAGE_SIZE && last ? last.id : null,
  };
}

/**
 * The titles of the approvals the notifications point at, for those the person may still open
 * (the approvals' own access rule, relationsToApproval): a 회수 or a 반려 to the previous step
 * may have taken a document out of their hands, and then the notification shows nothing of it.
 */
async function readableApprovals(
  tx: TenantTx,
  tenantId: string,
  userId: string,
  rows: readonly { targetType: string; targetId: string }[],
): Promise<Map<string, { id: string; title: string }>> {
  const ids = [...new Set(rows.filter((row) => row.targetType === "approval").map((row) => row.targetId))];
  const readable = new Map<string, { id: string; title: string }>();
  for (const id of ids) {
    const loaded = await loadApproval(tx, tenantId, id);
    if (!loaded) continue;
    const relations = await relationsToApproval(tx, tenantId, loaded, userId);
    if (relations.size > 0) readable.set(id, { id, title: loaded.approval.title });
  }
  return readable;
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
