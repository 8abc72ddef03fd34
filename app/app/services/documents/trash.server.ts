import { sendCollabNotice } from "@nuri/collab";
import {
  and,
  asc,
  type Db,
  documents,
  eq,
  isNotNull,
  lt,
  recordAudit,
  sql,
  type TenantTx,
  tenants,
  withControlPlane,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { type DocumentsActor, requireDocumentRole, spacesNotFound } from "./spaces-context.server.ts";

/** How long a document stays in the trash before it is deleted for good. */
export const TRASH_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
/** Documents purged per transaction: a large trash is emptied in several short ones. */
const PURGE_BATCH = 200;

/** When a document trashed at `deletedAt` is deleted for good. */
export function purgeDate(deletedAt: Date): Date {
  return new Date(deletedAt.getTime() + TRASH_RETENTION_DAYS * DAY_MS);
}

/**
 * Moves a document to the trash (its owner or an editor). From then on only its owner sees it;
 * every open connection to it renews its ticket (a recheck notice in the same transaction).
 */
export async function trashDocument(
  ctx: DocumentsActor,
  input: { documentId: string },
): Promise<{ departmentId: string | null; folderId: string | null }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const { document } = await requireDocumentRole(tx, ctx, input.documentId, "editor", {
      code: "trash.forbidden",
      messageKey: "documents.spaces.error.trashForbidden",
    });
    const place = { departmentId: document.departmentId, folderId: document.folderId };
    if (document.deletedAt) return place;
    await tx
      .update(documents)
      .set({ deletedAt: sql`now()`, deletedBy: ctx.userId })
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, document.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.trash",
      target: { type: "document", id: document.id },
      ip: ctx.ip,
      details: { title: document.title },
    });
    await sendCollabNotice(tx, { kind: "recheck", tenantId: ctx.tenantId, documentId: document.id });
    return place;
  });
}

/** The owner's trashed document, locked; anyone else's (or a document not in the trash) is a 404. */
async function requireOwnTrashed(tx: TenantTx, ctx: DocumentsActor, documentId: string) {
  const [document] = await tx
    .select({
      id: documents.id,
      title: documents.title,
      ownerId: documents.ownerId,
      deletedAt: documents.deletedAt,
      folderId: documents.folderId,
      departmentId: documents.departmentId,
    })
    .from(documents)
    .where(
      and(
        eq(documents.tenantId, ctx.tenantId),
        eq(documents.id, documentId),
        eq(documents.ownerId, ctx.userId),
        isNotNull(documents.deletedAt),
      ),
    )
    .for("update");
  if (!document?.deletedAt) throw spacesNotFound("document");
  return { ...document, deletedAt: document.deletedAt };
}

/**
 * Brings a document back from the trash (its owner only, within TRASH_RETENTION_DAYS), to the
 * folder or space it was in; access is as it was before, so open tickets are rechecked.
 */
export async function restoreDocument(
  ctx: DocumentsActor,
  input: { documentId: string },
  now: Date = new Date(),
): Promise<void> {
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const document = await requireOwnTrashed(tx, ctx, input.documentId);
    // Within 30 days, the 30th day's last moment included; purgeExpiredTrash takes it after that.
    if (purgeDate(document.deletedAt) < now) {
      throw new AppError("documents.trash.expired", "documents.spaces.error.restoreExpired", 409, {
        days: TRASH_RETENTION_DAYS,
      });
    }
    await tx
      .update(documents)
      .set({ deletedAt: null, deletedBy: null })
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, document.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.restore",
      target: { type: "document", id: document.id },
      ip: ctx.ip,
      details: { title: document.title, folderId: document.folderId, departmentId: document.departmentId },
    });
    await sendCollabNotice(tx, { kind: "recheck", tenantId: ctx.tenantId, documentId: document.id });
  });
}

/** Deletes a trashed document for good now (its owner only), with everything that hangs on it. */
export async function purgeDocument(ctx: DocumentsActor, input: { documentId: string }): Promise<void> {
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const document = await requireOwnTrashed(tx, ctx, input.documentId);
    await tx
      .delete(documents)
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, document.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.purge",
      target: { type: "document", id: document.id },
      ip: ctx.ip,
      details: { title: document.title, reason: "owner" },
    });
    await sendCollabNotice(tx, { kind: "recheck", tenantId: ctx.tenantId, documentId: document.id });
  });
}

export interface PurgeReport {
  tenants: number;
  purged: number;
}

/**
 * Deletes, in every tenant, the documents trashed more than TRASH_RETENTION_DAYS before `now`,
 * each with an audit entry (actor: the system) in the transaction that deletes it. Meant to run
 * periodically (hourly); safe to run concurrently or again, since each batch deletes what it
 * locked and a second run finds nothing left.
 */
export async function purgeExpiredTrash(db: Db, now: Date): Promise<PurgeReport> {
  const cutoff = new Date(now.getTime() - TRASH_RETENTION_DAYS * DAY_MS);
  const all = await withControlPlane(db, (tx) =>
    tx.select({ id: tenants.id }).from(tenants).orderBy(asc(tenants.createdAt)),
  );
  let purged = 0;
  for (const tenant of all) {
    for (;;) {
      const count = await withTenant(db, tenant.id, async (tx) => {
        const expired = await tx
          .select({ id: documents.id, title: documents.title, deletedAt: documents.deletedAt })
          .from(documents)
          .where(and(eq(documents.tenantId, tenant.id), lt(documents.deletedAt, cutoff)))
          .orderBy(asc(documents.deletedAt))
          .limit(PURGE_BATCH)
          .for("update", { skipLocked: true });
        for (const document of expired) {
          await tx
            .delete(documents)
            .where(and(eq(documents.tenantId, tenant.id), eq(documents.id, document.id)));
          await recordAudit(tx, tenant.id, {
            actor: { kind: "system", label: "휴지통 자동 비우기" },
            action: "document.purge",
            target: { type: "document", id: document.id },
            details: {
              title: document.title,
              reason: "expired",
              deletedAt: document.deletedAt!.toISOString(),
            },
          });
          await sendCollabNotice(tx, { kind: "recheck", tenantId: tenant.id, documentId: document.id });
        }
        return expired.length;
      });
      purged += count;
      if (count < PURGE_BATCH) break;
    }
  }
  return { tenants: all.length, purged };
}
