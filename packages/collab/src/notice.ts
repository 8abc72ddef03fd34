import type { CollabPermission } from "@nuri/auth";
import { sql, type TenantTx } from "@nuri/db";

/**
 * The PostgreSQL channel on which the app tells every collab-server instance what changed
 * outside the editing sessions. NOTIFY is transactional: a notice sent in the transaction that
 * changes a share or appends a restore reaches the servers only when that change commits.
 */
export const COLLAB_CHANNEL = "nuri_collab";

export type CollabNotice =
  /** Someone's permission on a document changed; null when their access was removed. */
  | {
      kind: "access";
      tenantId: string;
      documentId: string;
      userId: string;
      permission: CollabPermission | null;
    }
  /**
   * Access to a document changed for many people at once (a department's or the agency's share,
   * link sharing, the trash): every connection renews its ticket, so the app decides each again.
   */
  | { kind: "recheck"; tenantId: string; documentId: string }
  /** The app appended an update row (a restore) that loaded copies of the document must apply. */
  | { kind: "update"; tenantId: string; documentId: string; seq: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PERMISSIONS = new Set<unknown>(["read", "comment", "edit", null]);

/** Sends a notice in `tx`; it is delivered when (and only if) `tx` commits. */
export async function sendCollabNotice(tx: TenantTx, notice: CollabNotice): Promise<void> {
  await tx.execute(sql`select pg_notify(${COLLAB_CHANNEL}, ${JSON.stringify(notice)})`);
}

/** Reads a notice strictly; anything else on the channel is null (and ignored). */
export function parseCollabNotice(payload: string): CollabNotice | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const notice = value as Record<string, unknown>;
  if (typeof notice.tenantId !== "string" || !UUID.test(notice.tenantId)) return null;
  if (typeof notice.documentId !== "string" || !UUID.test(notice.documentId)) return null;
  if (notice.kind === "access") {
    if (typeof notice.userId !== "string" || !UUID.test(notice.userId)) return null;
    if (!PERMISSIONS.has(notice.permission)) return null;
    return {
      kind: "access",
      tenantId: notice.tenantId,
      documentId: notice.documentId,
      userId: notice.userId,
      permission: notice.permission as CollabPermission | null,
    };
  }
  if (notice.kind === "recheck") {
    return { kind: "recheck", tenantId: notice.tenantId, documentId: notice.documentId };
  }
  if (notice.kind === "update") {
    if (typeof notice.seq !== "number" || !Number.isSafeInteger(notice.seq) || notice.seq < 1) return null;
    return { kind: "update", tenantId: notice.tenantId, documentId: notice.documentId, seq: notice.seq };
  }
  return null;
}
