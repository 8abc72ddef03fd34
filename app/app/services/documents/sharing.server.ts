import { sendCollabNotice } from "@nuri/collab";
import {
  type AuditActor,
  and,
  count,
  type Db,
  type DocumentRole,
  departments,
  documentShares,
  documents,
  eq,
  isNull,
  recordAudit,
  type TenantTx,
  tenants,
  users,
  withTenant,
} from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";
import { collabPermission, roleOnDocument } from "./access.server.ts";
import { addNotifications } from "./notifications.server.ts";
import {
  decideSharing,
  isBeyondOwnDepartment,
  MAX_SHARES_PER_DOCUMENT,
  type ShareChange,
  type ShareRole,
  type ShareTarget,
  type SharingRefusal,
} from "./sharing-rules.server.ts";

// The write side of sharing. Each change is one transaction that locks the document row (so two
// changes of one document's access never interleave), decides with the person's role as it is
// now, writes the change, records it in the audit log, and sends the collab notice, which is
// delivered only if the transaction commits.

/** Who is changing a document's sharing: from the session, never from form data. */
export interface DocumentActor {
  db: Db;
  tenantId: string;
  userId: string;
  actor: AuditActor;
  ip: string | null;
}

export type Grantee = { kind: "user"; id: string } | { kind: "department"; id: string } | { kind: "tenant" };

/**
 * The share would reach beyond the sharer's own department and was not confirmed: the page asks
 * the person to confirm (and sends `confirmBeyondDepartment=1`) before anything is written.
 */
export class ConfirmationRequired extends AppError {
  constructor(params: { grantee: string }) {
    super(
      "document.sharing.confirm-beyond-department",
      "documents.sharing.confirm.beyondDepartment",
      409,
      params,
    );
  }
}

const REFUSALS: Record<SharingRefusal, { messageKey: MessageKey; status: number }> = {
  "not-sharer": { messageKey: "documents.sharing.error.notSharer", status: 403 },
  "owner-only": { messageKey: "documents.sharing.error.ownerOnly", status: 403 },
  "editor-cannot-lower": { messageKey: "documents.sharing.error.editorCannotLower", status: 403 },
  "editor-cannot-remove": { messageKey: "documents.sharing.error.editorCannotRemove", status: 403 },
  "public-links-off": { messageKey: "documents.sharing.error.publicLinksOff", status: 403 },
};

function sharingError(code: string, messageKey: MessageKey, status = 400, params = {}): AppError {
  return new AppError(`document.sharing.${code}`, messageKey, status, params);
}

const documentNotFound = () => sharingError("document-not-found", "documents.sharing.error.notFound", 404);

function requireAllowed(actor: { id: string; role: DocumentRole | null }, change: ShareChange): void {
  const decision = decideSharing(actor, change);
  if (!decision.ok) {
    const refusal = REFUSALS[decision.reason];
    throw sharingError(decision.reason, refusal.messageKey, refusal.status);
  }
}

type LockedDocument = {
  id: string;
  title: string;
  ownerId: string;
  deletedAt: Date | null;
  linkAccess: "off" | "agency" | "public";
  linkRole: DocumentRole;
};

/** Locks the document and reads the actor's role on it; 404 alike for absent and not visible. */
async function lockForSharing(
  tx: TenantTx,
  ctx: DocumentActor,
  documentId: string,
): Promise<{ document: LockedDocument; role: DocumentRole }> {
  const [document] = await tx
    .select({
      id: documents.id,
      title: documents.title,
      ownerId: documents.ownerId,
      deletedAt: documents.deletedAt,
      linkAccess: documents.linkAccess,
      linkRole: documents.linkRole,
    })
    .from(documents)
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, documentId)))
    .for("update");
  const role = document ? await roleOnDocument(tx, ctx.userId, documentId) : null;
  if (!document || !role) throw documentNotFound();
  requireAllowed({ id: ctx.userId, role }, { kind: "add", role: "reader" });
  if (document.deletedAt) throw sharingError("in-trash", "documents.sharing.error.inTrash", 409);
  return { document, role };
}

/** The tenant's departments as child → parent, for the "beyond one's department" rule. */
async function departmentParents(tx: TenantTx, tenantId: string): Promise<Map<string, string | null>> {
  const rows = await tx
    .select({ id: departments.id, parentId: departments.parentId })
    .from(departments)
    .where(eq(departments.tenantId, tenantId));
  return new Map(rows.map((row) => [row.id, row.parentId]));
}

async function departmentOf(tx: TenantTx, tenantId: string, userId: string): Promise<string | null> {
  const [row] = await tx
    .select({ departmentId: users.departmentId })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  return row?.departmentId ?? null;
}

async function requireBeyondConfirmed(
  tx: TenantTx,
  ctx: DocumentActor,
  target: ShareTarget,
  confirmed: boolean,
  granteeLabel: string,
): Promise<boolean> {
  const beyond = isBeyondOwnDepartment(
    await departmentOf(tx, ctx.tenantId, ctx.userId),
    target,
    await departmentParents(tx, ctx.tenantId),
  );
  if (beyond && !confirmed) throw new ConfirmationRequired({ grantee: granteeLabel });
  return beyond;
}

interface ResolvedGrantee {
  grantee: Grantee;
  granteeId: string | null;
  /** For the audit log and the confirmation: a name, a department's name, or "tenant". */
  label: string;
  target: ShareTarget;
}

async function resolveGrantee(
  tx: TenantTx,
  tenantId: string,
  grantee: Grantee,
  document: LockedDocument,
): Promise<ResolvedGrantee> {
  if (grantee.kind === "user") {
    const [person] = await tx
      .select({
        id: users.id,
        name: users.displayName,
        status: users.status,
        departmentId: users.departmentId,
      })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, grantee.id)));
    if (!person) throw sharingError("grantee-not-found", "documents.sharing.error.granteeNotFound", 404);
    if (person.status !== "active")
      throw sharingError("grantee-disabled", "documents.sharing.error.granteeDisabled");
    if (person.id === document.ownerId)
      throw sharingError("grantee-is-owner", "documents.sharing.error.granteeIsOwner");
    return {
      grantee,
      granteeId: person.id,
      label: person.name,
      target: { kind: "user", departmentId: person.departmentId },
    };
  }
  if (grantee.kind === "department") {
    const [department] = await tx
      .select({ id: departments.id, name: departments.name, closedAt: departments.closedAt })
      .from(departments)
      .where(and(eq(departments.tenantId, tenantId), eq(departments.id, grantee.id)));
    if (!department) throw sharingError("grantee-not-found", "documents.sharing.error.granteeNotFound", 404);
    if (department.closedAt)
      throw sharingError("department-closed", "documents.sharing.error.departmentClosed");
    return {
      grantee,
      granteeId: department.id,
      label: department.name,
      target: { kind: "department", departmentId: department.id },
    };
  }
  return { grantee, granteeId: null, label: "tenant", target: { kind: "tenant" } };
}

/**
 * Tells the collab-server what changed: for one person, their permission as it now is (they may
 * still see the document through a department, the agency or the link), or null; for a
 * department or the agency, a recheck of every connection of the document.
 */
async function noticeShareChange(
  tx: TenantTx,
  tenantId: string,
  documentId: string,
  grantee: { kind: Grantee["kind"]; id: string | null },
): Promise<void> {
  if (grantee.kind === "user" && grantee.id) {
    const role = await roleOnDocument(tx, grantee.id, documentId);
    await sendCollabNotice(tx, {
      kind: "access",
      tenantId,
      documentId,
      userId: grantee.id,
      permission: role ? collabPermission(role) : null,
    });
  } else {
    await sendCollabNotice(tx, { kind: "recheck", tenantId, documentId });
  }
}

export type ShareOutcome = "added" | "changed" | "unchanged";

/**
 * Shares a document with a person, a department (and the departments under it) or the whole
 * agency, or changes the role of the share that grantee already has. A new grantee beyond the
 * sharer's own department needs `confirmBeyondDepartment`. The person shared with is notified.
 */
export async function shareDocument(
  ctx: DocumentActor,
  input: { documentId: string; grantee: Grantee; role: ShareRole; confirmBeyondDepartment: boolean },
): Promise<{ outcome: ShareOutcome; label: string }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const { document, role } = await lockForSharing(tx, ctx, input.documentId);
    const resolved = await resolveGrantee(tx, ctx.tenantId, input.grantee, document);
    const [existing] = await tx
      .select()
      .from(documentShares)
      .where(
        and(
          eq(documentShares.tenantId, ctx.tenantId),
          eq(documentShares.documentId, document.id),
          eq(documentShares.granteeKind, input.grantee.kind),
          resolved.granteeId === null
            ? isNull(documentShares.granteeId)
            : eq(documentShares.granteeId, resolved.granteeId),
        ),
      );
    if (existing) {
      await applyRoleChange(tx, ctx, role, existing, input.role, resolved.label);
      return { outcome: existing.role === input.role ? "unchanged" : "changed", label: resolved.label };
    }

    requireAllowed({ id: ctx.userId, role }, { kind: "add", role: input.role });
    const [shares] = await tx
      .select({ n: count() })
      .from(documentShares)
      .where(and(eq(documentShares.tenantId, ctx.tenantId), eq(documentShares.documentId, document.id)));
    if ((shares?.n ?? 0) >= MAX_SHARES_PER_DOCUMENT) {
      throw sharingError("too-many", "documents.sharing.error.tooMany", 409, {
        max: MAX_SHARES_PER_DOCUMENT,
      });
    }
    const beyond = await requireBeyondConfirmed(
      tx,
      ctx,
      resolved.target,
      input.confirmBeyondDepartment,
      resolved.label,
    );
    const [share] = await tx
      .insert(documentShares)
      .values({
        tenantId: ctx.tenantId,
        documentId: document.id,
        granteeKind: input.grantee.kind,
        granteeId: resolved.granteeId,
        role: input.role,
        createdBy: ctx.userId,
      })
      .returning({ id: documentShares.id });
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.share.add",
      target: { type: "document", id: document.id },
      ip: ctx.ip,
      details: {
        shareId: share!.id,
        granteeKind: input.grantee.kind,
        granteeId: resolved.granteeId,
        granteeName: resolved.label,
        role: input.role,
        beyondDepartment: beyond,
      },
    });
    if (input.grantee.kind === "user") {
      await addNotifications(tx, ctx.tenantId, [
        {
          userId: input.grantee.id,
          kind: "share",
          actorId: ctx.userId,
          target: { type: "document", id: document.id },
          details: { role: input.role },
        },
      ]);
    }
    await noticeShareChange(tx, ctx.tenantId, document.id, {
      kind: input.grantee.kind,
      id: resolved.granteeId,
    });
    return { outcome: "added", label: resolved.label };
  });
}

type ShareRow = typeof documentShares.$inferSelect;

async function applyRoleChange(
  tx: TenantTx,
  ctx: DocumentActor,
  actorRole: DocumentRole,
  existing: ShareRow,
  newRole: ShareRole,
  label: string,
): Promise<void> {
  const existingRole = existing.role as ShareRole;
  requireAllowed(
    { id: ctx.userId, role: actorRole },
    { kind: "change", role: newRole, existing: { role: existingRole, createdBy: existing.createdBy } },
  );
  if (existingRole === newRole) return;
  await tx
    .update(documentShares)
    .set({ role: newRole })
    .where(and(eq(documentShares.tenantId, ctx.tenantId), eq(documentShares.id, existing.id)));
  await recordAudit(tx, ctx.tenantId, {
    actor: ctx.actor,
    action: "document.share.change",
    target: { type: "document", id: existing.documentId },
    ip: ctx.ip,
    details: {
      shareId: existing.id,
      granteeKind: existing.granteeKind,
      granteeId: existing.granteeId,
      granteeName: label,
      fromRole: existingRole,
      role: newRole,
    },
  });
  await noticeShareChange(tx, ctx.tenantId, existing.documentId, {
    kind: existing.granteeKind,
    id: existing.granteeId,
  });
}

async function lockShare(tx: TenantTx, tenantId: string, documentId: string, shareId: string) {
  const [share] = await tx
    .select()
    .from(documentShares)
    .where(
      and(
        eq(documentShares.tenantId, tenantId),
        eq(documentShares.documentId, documentId),
        eq(documentShares.id, shareId),
      ),
    )
    .for("update");
  if (!share) throw sharingError("share-not-found", "documents.sharing.error.shareNotFound", 404);
  return share;
}

async function granteeLabel(tx: TenantTx, tenantId: string, share: ShareRow): Promise<string> {
  if (share.granteeKind === "tenant" || !share.granteeId) return "tenant";
  if (share.granteeKind === "user") {
    const [row] = await tx
      .select({ name: users.displayName })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, share.granteeId)));
    return row?.name ?? share.granteeId;
  }
  const [row] = await tx
    .select({ name: departments.name })
    .from(departments)
    .where(and(eq(departments.tenantId, tenantId), eq(departments.id, share.granteeId)));
  return row?.name ?? share.granteeId;
}

/** Changes the role of one share of the document. */
export async function changeShare(
  ctx: DocumentActor,
  input: { documentId: string; shareId: string; role: ShareRole },
): Promise<{ outcome: ShareOutcome; label: string }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const { role } = await lockForSharing(tx, ctx, input.documentId);
    const share = await lockShare(tx, ctx.tenantId, input.documentId, input.shareId);
    const label = await granteeLabel(tx, ctx.tenantId, share);
    await applyRoleChange(tx, ctx, role, share, input.role, label);
    return { outcome: share.role === input.role ? "unchanged" : "changed", label };
  });
}

/** Removes one share of the document; the people it gave access to lose it (unless another applies). */
export async function removeShare(
  ctx: DocumentActor,
  input: { documentId: string; shareId: string },
): Promise<{ label: string }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const { role } = await lockForSharing(tx, ctx, input.documentId);
    const share = await lockShare(tx, ctx.tenantId, input.documentId, input.shareId);
    requireAllowed(
      { id: ctx.userId, role },
      { kind: "remove", existing: { role: share.role as ShareRole, createdBy: share.createdBy } },
    );
    const label = await granteeLabel(tx, ctx.tenantId, share);
    await tx
      .delete(documentShares)
      .where(and(eq(documentShares.tenantId, ctx.tenantId), eq(documentShares.id, share.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.share.remove",
      target: { type: "document", id: input.documentId },
      ip: ctx.ip,
      details: {
        shareId: share.id,
        granteeKind: share.granteeKind,
        granteeId: share.granteeId,
        granteeName: label,
        role: share.role,
      },
    });
    await noticeShareChange(tx, ctx.tenantId, input.documentId, {
      kind: share.granteeKind,
      id: share.granteeId,
    });
    return { label };
  });
}

export type LinkAccess = "off" | "agency" | "public";
const LINK_REACH: Record<LinkAccess, number> = { off: 0, agency: 1, public: 2 };

/**
 * Sets link sharing: off, every signed-in member of the agency, or (only where the agency allows
 * public links) anyone with the link; with the role the link gives. Opening the link wider needs
 * `confirmBeyondDepartment`, as it reaches the whole agency (or beyond).
 */
export async function changeLinkSharing(
  ctx: DocumentActor,
  input: { documentId: string; access: LinkAccess; role: ShareRole; confirmBeyondDepartment: boolean },
): Promise<{ outcome: "changed" | "unchanged" }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const { document, role } = await lockForSharing(tx, ctx, input.documentId);
    const [tenant] = await tx
      .select({ allowPublicLinks: tenants.allowPublicLinks })
      .from(tenants)
      .where(eq(tenants.id, ctx.tenantId));
    requireAllowed(
      { id: ctx.userId, role },
      { kind: "link", access: input.access, publicLinksAllowed: tenant?.allowPublicLinks ?? false },
    );
    if (document.linkAccess === input.access && document.linkRole === input.role)
      return { outcome: "unchanged" };
    if (LINK_REACH[input.access] > LINK_REACH[document.linkAccess] && !input.confirmBeyondDepartment) {
      throw new ConfirmationRequired({ grantee: "link" });
    }
    await tx
      .update(documents)
      .set({ linkAccess: input.access, linkRole: input.role })
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, document.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.link.change",
      target: { type: "document", id: document.id },
      ip: ctx.ip,
      details: {
        fromAccess: document.linkAccess,
        access: input.access,
        fromRole: document.linkRole,
        role: input.role,
      },
    });
    await sendCollabNotice(tx, { kind: "recheck", tenantId: ctx.tenantId, documentId: document.id });
    return { outcome: "changed" };
  });
}

/**
 * Hands the document to another active person of the agency. The former owner keeps editing
 * through an editor share; a share the new owner had is dropped (ownership covers it).
 */
export async function transferOwnership(
  ctx: DocumentActor,
  input: { documentId: string; newOwnerId: string },
): Promise<{ label: string }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const { document, role } = await lockForSharing(tx, ctx, input.documentId);
    requireAllowed({ id: ctx.userId, role }, { kind: "transfer" });
    const resolved = await resolveGrantee(tx, ctx.tenantId, { kind: "user", id: input.newOwnerId }, document);
    const previousOwner = document.ownerId;
    await tx
      .update(documents)
      .set({ ownerId: input.newOwnerId })
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, document.id)));
    await tx
      .delete(documentShares)
      .where(
        and(
          eq(documentShares.tenantId, ctx.tenantId),
          eq(documentShares.documentId, document.id),
          eq(documentShares.granteeKind, "user"),
          eq(documentShares.granteeId, input.newOwnerId),
        ),
      );
    await tx
      .insert(documentShares)
      .values({
        tenantId: ctx.tenantId,
        documentId: document.id,
        granteeKind: "user",
        granteeId: previousOwner,
        role: "editor",
        createdBy: ctx.userId,
      })
      .onConflictDoNothing();
    await tx
      .update(documentShares)
      .set({ role: "editor" })
      .where(
        and(
          eq(documentShares.tenantId, ctx.tenantId),
          eq(documentShares.documentId, document.id),
          eq(documentShares.granteeKind, "user"),
          eq(documentShares.granteeId, previousOwner),
        ),
      );
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.owner.transfer",
      target: { type: "document", id: document.id },
      ip: ctx.ip,
      details: { fromOwnerId: previousOwner, toOwnerId: input.newOwnerId, toOwnerName: resolved.label },
    });
    await addNotifications(tx, ctx.tenantId, [
      {
        userId: input.newOwnerId,
        kind: "share",
        actorId: ctx.userId,
        target: { type: "document", id: document.id },
        details: { role: "owner" },
      },
    ]);
    for (const userId of [previousOwner, input.newOwnerId]) {
      await noticeShareChange(tx, ctx.tenantId, document.id, { kind: "user", id: userId });
    }
    return { label: resolved.label };
  });
}
