import {
  type DelegationRule,
  findDelegationRule,
  type LineStepInput,
  type SavedLineFlag,
} from "@nuri/approval";
import {
  and,
  approvalDelegationRules,
  approvalParticipants,
  approvals,
  asc,
  eq,
  inArray,
  recordAudit,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import { type ApprovalsActor, loadApproval, relationsToApproval } from "./approval-state.server.ts";
import { approvalsNotFound } from "./approvals-admin-context.server.ts";
import { approvalNotFound, isEditableStatus, loadPeople, writeLine } from "./draft-shared.server.ts";
import { readSavedLines } from "./list-saved-lines.server.ts";

/** A person of the applied line whom the drafter should look at before 상신. */
export interface AppliedLineFlag {
  assigneeId: string;
  name: string;
  problem: SavedLineFlag["problem"];
}

/**
 * "저장된 결재선 불러오기": replaces the draft's line, 참조 and 수신 with one of the person's
 * saved lines. The line is taken as saved, checked against today's org chart: a person who
 * retired stays in it (the page flags them and 상신 names them to be replaced), one who is no
 * longer in the agency at all is left out, and a person who moved stays and is flagged. 참조
 * people who left and 수신 departments that closed are left out. The step whose holder's 직위
 * closes this form and amount under the 위임전결 rules (not the last one) may close by 전결,
 * as in an automatic line. One transaction under the approval's row lock; the drafter and the
 * co-drafters may, while it is a draft (or withdrawn). Answers the flags the page shows.
 */
export async function applySavedLine(
  ctx: ApprovalsActor,
  input: { approvalId: string; lineId: string },
  now: Date = new Date(),
): Promise<{ name: string; steps: number; flags: AppliedLineFlag[] }> {
  if (!isUuid(input.approvalId)) throw approvalNotFound();
  const lineNotFound = () => approvalsNotFound("saved-line", "approvals.savedLines.error.notFound");
  if (!isUuid(input.lineId)) throw lineNotFound();
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
    // Only the person's own lines: another person's line id is as unknown as a made-up one.
    const [saved] = await readSavedLines(tx, ctx.tenantId, ctx.userId, input.lineId.toLowerCase());
    if (!saved) throw lineNotFound();

    const kept = saved.steps.filter((step) => step.flag !== "missing");
    const people = await loadPeople(
      tx,
      ctx.tenantId,
      kept.map((step) => step.assigneeId),
    );
    const rules: DelegationRule[] = await tx
      .select({
        formId: approvalDelegationRules.formId,
        maxAmount: approvalDelegationRules.maxAmount,
        closerPositionId: approvalDelegationRules.closerPositionId,
      })
      .from(approvalDelegationRules)
      .where(eq(approvalDelegationRules.tenantId, ctx.tenantId))
      .orderBy(asc(approvalDelegationRules.sortOrder), asc(approvalDelegationRules.createdAt));
    const rule = findDelegationRule(rules, { formId: approval.formId, amount: approval.amount });

    // Groups renumbered 1, 2, 3 … over the steps kept, parallel ones staying together.
    const line: LineStepInput[] = [];
    let group = 0;
    let previous: number | null = null;
    for (const step of kept) {
      if (step.group !== previous) group++;
      previous = step.group;
      line.push({ kind: step.kind, group, assigneeId: step.assigneeId, mayCloseByDelegation: false });
    }
    if (rule) {
      const closer = line.findIndex(
        (step, index) =>
          index < line.length - 1 &&
          step.kind === "approve" &&
          people.get(step.assigneeId)?.positionId === rule.closerPositionId,
      );
      if (closer >= 0) line[closer] = { ...line[closer]!, mayCloseByDelegation: true };
    }
    await writeLine(tx, ctx.tenantId, approval.id, line, people);

    const cc = saved.cc.filter((person) => person.active).map((person) => person.id);
    const recipients = saved.recipients.filter((unit) => !unit.closed).map((unit) => unit.id);
    // 참조 people must still be working here (the saved line said so when it was read).
    const working =
      cc.length === 0
        ? []
        : await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.tenantId, ctx.tenantId), inArray(users.id, cc), eq(users.status, "active")));
    const workingIds = new Set(working.map((row) => row.id));
    await tx
      .delete(approvalParticipants)
      .where(
        and(
          eq(approvalParticipants.tenantId, ctx.tenantId),
          eq(approvalParticipants.approvalId, approval.id),
          inArray(approvalParticipants.role, ["cc", "recipient"]),
        ),
      );
    const participants = [
      ...cc
        .filter((id) => workingIds.has(id))
        .map((id) => ({ role: "cc" as const, userId: id, departmentId: null })),
      ...recipients.map((id) => ({ role: "recipient" as const, userId: null, departmentId: id })),
    ];
    if (participants.length > 0) {
      await tx.insert(approvalParticipants).values(
        participants.map((participant) => ({
          tenantId: ctx.tenantId,
          approvalId: approval.id,
          addedBy: ctx.userId,
          ...participant,
        })),
      );
    }
    await tx
      .update(approvals)
      .set({ updatedAt: now })
      .where(and(eq(approvals.tenantId, ctx.tenantId), eq(approvals.id, approval.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.update",
      target: { type: "approval", id: approval.id },
      ip: ctx.ip,
      details: { changed: "line,cc,recipients", line: line.length, savedLineId: saved.id },
    });
    return {
      name: saved.name,
      steps: line.length,
      flags: saved.steps.flatMap((step) =>
        step.flag ? [{ assigneeId: step.assigneeId, name: step.assigneeName, problem: step.flag }] : [],
      ),
    };
  });
}
