import { type CollabPermission, issueCollabTicket } from "@nuri/auth";
import { type Db, type TenantTx, withTenant } from "@nuri/db";
import { collabConfig } from "../documents/collab-config.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import {
  type LoadedApproval,
  loadApproval,
  relationsToApproval,
  substitutesFor,
} from "./approval-state.server.ts";
import { isEditableStatus } from "./draft-shared.server.ts";

export interface ApprovalTicket {
  ticket: string;
  url: string;
  permission: CollabPermission;
  /** The body's document id: the collab room to connect to. */
  documentId: string;
}

/**
 * What a person may do with an approval's body, or null when they may not see the approval:
 * - while a draft (or withdrawn): its drafter and co-drafters write (공동기안);
 * - while in progress: the holder of a current 검토 or 결재 step (pending, or held by them)
 *   writes, as does whoever may sign it for them under 대결, for an approver may amend
 *   the body (수정) before signing; 협조 steps do not;
 * - everyone else related to it (relationsToApproval), and everyone once it is rejected or
 *   completed, reads.
 */
export async function bodyPermission(
  tx: TenantTx,
  tenantId: string,
  loaded: LoadedApproval,
  userId: string,
  now: Date,
): Promise<CollabPermission | null> {
  const relations = await relationsToApproval(tx, tenantId, loaded, userId, now);
  if (relations.size === 0) return null;
  const { approval, steps } = loaded;
  if (isEditableStatus(approval.status)) {
    return relations.has("drafter") || relations.has("co_drafter") ? "edit" : "read";
  }
  if (approval.status === "in_progress") {
    const amending = steps.filter(
      (step) => (step.status === "pending" || step.status === "held") && step.kind !== "cooperate",
    );
    if (amending.some((step) => step.assigneeId === userId)) return "edit";
    if (amending.length > 0) {
      const absentFor = await substitutesFor(tx, tenantId, userId, now);
      if (amending.some((step) => absentFor.includes(step.assigneeId))) return "edit";
    }
  }
  return "read";
}

/**
 * A fresh collab ticket for one connection to an approval's body, with the person's permission
 * now (bodyPermission); null when the approval does not exist in the tenant or the person has no
 * relation to it (the caller answers 404). The documents side never issues one for a body.
 */
export async function issueApprovalTicket(
  db: Db,
  person: { tenantId: string; userId: string },
  approvalId: string,
  now: Date = new Date(),
): Promise<ApprovalTicket | null> {
  if (!isUuid(approvalId)) return null;
  const granted = await withTenant(db, person.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, person.tenantId, approvalId);
    if (!loaded) return null;
    const permission = await bodyPermission(tx, person.tenantId, loaded, person.userId, now);
    return permission ? { permission, documentId: loaded.approval.bodyDocumentId } : null;
  });
  if (!granted) return null;
  const config = collabConfig();
  const ticket = issueCollabTicket(
    config.ticketKey,
    {
      tenantId: person.tenantId,
      userId: person.userId,
      documentId: granted.documentId,
      permission: granted.permission,
    },
    now,
  );
  return { ticket, url: config.publicUrl, ...granted };
}
