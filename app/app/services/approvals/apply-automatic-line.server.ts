import { and, approvals, eq, recordAudit, withTenant } from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import { type ApprovalsActor, loadApproval, relationsToApproval } from "./approval-state.server.ts";
import { approvalNotFound, isEditableStatus, loadPeople, writeLine } from "./draft-shared.server.ts";
import { proposeLine } from "./propose-line.server.ts";

/**
 * "자동 결재선": replaces the draft's line with the one proposed now from the org chart and the
 * tenant's 위임전결 rules, for the draft's form and the amount saved in it (so a 지출결의서 of
 * 500,000원 goes to the 과장 who closes it by 전결). The drafter and the co-drafters may, while
 * the document is a draft (or withdrawn); one transaction under the approval's row lock.
 * Answers how many steps the new line has (0 when the drafter has no superior to propose).
 */
export async function applyAutomaticLine(
  ctx: ApprovalsActor,
  input: { approvalId: string },
  now: Date = new Date(),
): Promise<{ steps: number }> {
  if (!isUuid(input.approvalId)) throw approvalNotFound();
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, ctx.tenantId, input.approvalId, { forUpdate: true });
    if (!loaded) throw approvalNotFound();
    const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId, now);
    if (relations.size === 0) throw approvalNotFound();
    const { approval } = loaded;
    if (!relations.has("drafter") && !relations.has("co_drafter")) {
      throw new AppError("approvals.not-editor", "approvals.errors.notEditor", 403);
    }
    if (!isEditableStatus(approval.status)) {
      throw new AppError("approvals.not-editable", "approvals.errors.notEditable", 409);
    }
    // The line is the drafter's: a co-drafter asking gets the drafter's superiors, not their own.
    const line = await proposeLine(tx, {
      tenantId: ctx.tenantId,
      drafterId: approval.drafterId,
      formId: approval.formId,
      amount: approval.amount,
    });
    const people = await loadPeople(
      tx,
      ctx.tenantId,
      line.map((step) => step.assigneeId),
    );
    await writeLine(tx, ctx.tenantId, approval.id, line, people);
    await tx
      .update(approvals)
      .set({ updatedAt: now })
      .where(and(eq(approvals.tenantId, ctx.tenantId), eq(approvals.id, approval.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.update",
      target: { type: "approval", id: approval.id },
      ip: ctx.ip,
      details: { changed: "line", line: line.length, automatic: true },
    });
    return { steps: line.length };
  });
}
