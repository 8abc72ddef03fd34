import {
  and,
  approvalAmendments,
  approvalSteps,
  asc,
  documentVersions,
  eq,
  ne,
  positions,
  users,
  withTenant,
} from "@nuri/db";
import { diffTexts, type TextDiff } from "../documents/history-diff.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import { approvalNotFound } from "./approval-errors.server.ts";
import { type ApprovalsActor, loadApproval, relationsToApproval } from "./approval-state.server.ts";

// The amendments made to an approval's body along its line (결재 중 수정), for the approval
// page: who changed it at which step, when, and what changed, oldest first, so that each later
// approver sees what the earlier ones did to the text they are asked to sign.

export interface AmendmentEntry {
  id: string;
  /** The step its author acted on when the amendment was kept (null once a redrawn line dropped it). */
  step: { id: string; kind: "review" | "cooperate" | "approve"; ordinal: number } | null;
  /** The author's name and 직위 as they read now. */
  author: { id: string; name: string; position: string };
  createdAt: Date;
  /** The body's version as amended (a named version of the body document). */
  versionId: string;
  versionName: string | null;
  /** From the text before to the text after, by line and word; null when too long to compare. */
  diff: TextDiff | null;
}

/**
 * The amendments of an approval, oldest first, for anyone who may read the approval; the
 * baseline kept at 상신 is not one. Throws `approvals.not-found` (404) for an approval of another
 * agency or one the person has nothing to do with.
 */
export async function listAmendments(
  ctx: ApprovalsActor,
  input: { approvalId: string; now?: Date },
): Promise<AmendmentEntry[]> {
  if (!isUuid(input.approvalId)) throw approvalNotFound();
  const rows = await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, ctx.tenantId, input.approvalId);
    if (!loaded) throw approvalNotFound();
    const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId, input.now);
    if (relations.size === 0) throw approvalNotFound();
    return tx
      .select({
        id: approvalAmendments.id,
        stepId: approvalSteps.id,
        stepKind: approvalSteps.kind,
        stepOrdinal: approvalSteps.ordinal,
        authorId: approvalAmendments.authorId,
        authorName: users.displayName,
        authorPosition: positions.name,
        createdAt: approvalAmendments.createdAt,
        versionId: approvalAmendments.versionId,
        versionName: documentVersions.name,
        beforeText: approvalAmendments.beforeText,
        afterText: approvalAmendments.afterText,
      })
      .from(approvalAmendments)
      .leftJoin(
        approvalSteps,
        and(
          eq(approvalSteps.tenantId, approvalAmendments.tenantId),
          eq(approvalSteps.id, approvalAmendments.stepId),
        ),
      )
      .leftJoin(
        users,
        and(eq(users.tenantId, approvalAmendments.tenantId), eq(users.id, approvalAmendments.authorId)),
      )
      .leftJoin(positions, and(eq(positions.tenantId, users.tenantId), eq(positions.id, users.positionId)))
      .leftJoin(
        documentVersions,
        and(
          eq(documentVersions.tenantId, approvalAmendments.tenantId),
          eq(documentVersions.id, approvalAmendments.versionId),
        ),
      )
      .where(
        and(
          eq(approvalAmendments.tenantId, ctx.tenantId),
          eq(approvalAmendments.approvalId, input.approvalId),
          // a baseline (the body at 상신) keeps the same text before and after; an amendment
          // is only recorded when the text changed (its step may be gone: a redrawn line)
          ne(approvalAmendments.beforeText, approvalAmendments.afterText),
        ),
      )
      .orderBy(asc(approvalAmendments.createdAt), asc(approvalAmendments.id));
  });
  // Compared outside the transaction: a long diff should not hold a connection.
  return rows.map((row) => ({
    id: row.id,
    step:
      row.stepId && row.stepKind && row.stepOrdinal !== null
        ? { id: row.stepId, kind: row.stepKind, ordinal: row.stepOrdinal }
        : null,
    author: { id: row.authorId, name: row.authorName ?? "", position: row.authorPosition ?? "" },
    createdAt: row.createdAt,
    versionId: row.versionId,
    versionName: row.versionName,
    diff: diffTexts(row.beforeText, row.afterText),
  }));
}
