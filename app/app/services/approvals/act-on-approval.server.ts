import {
  type Action,
  type Actor,
  type ApprovalStep,
  applyAction,
  type DocumentStatus,
  type Effect,
} from "@nuri/approval";
import { sendCollabNotice } from "@nuri/collab";
import {
  type ApprovalStepRow,
  type AuditEvent,
  and,
  approvalEvents,
  approvalSteps,
  approvals,
  eq,
  recordAudit,
  type TenantTx,
  withTenant,
} from "@nuri/db";
import { addNotifications, type NotificationKind } from "../documents/notifications.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import { type ApprovalBody, readApprovalBody } from "./approval-body.server.ts";
import { approvalNotFound, checkOpinion, refusalError } from "./approval-errors.server.ts";
import {
  type ApprovalsActor,
  loadApproval,
  relationsToApproval,
  substitutesFor,
} from "./approval-state.server.ts";
import { completeApproval, type Registration } from "./complete-approval.server.ts";
import { personSnapshot, recordAmendmentIfChanged } from "./record-amendment.server.ts";

// Acting on an approval along its line: 승인, 전결, 대결, 후결, 반려, 보류, 회수. One
// transaction per action: the approval row is locked (FOR UPDATE), the rules of
// @nuri/approval decide on the state read under that lock, and everything the answer implies
// is written before the lock is let go. Of two people acting on one step at once, the second
// waits for the lock, reads the state the first left, and is refused with `already-acted`
// ("이미 처리된 문서입니다.").
//
// Lock order, the same in every action: the approval row, then (on completion) the
// department's registration counter, then the tenant's audit lock, which recordAudit takes.
// The audit entries are therefore written last, all together.

/** The actions taken along the line (상신 is the submit service's). */
export type LineAction = Exclude<Action, { type: "submit" }>;

export interface ActOnApprovalInput {
  approvalId: string;
  action: LineAction;
  /** The moment of the action (tests); the clock otherwise. */
  now?: Date;
}

export interface ActOnApprovalResult {
  /** The document's status after the action. */
  status: DocumentStatus;
  /** The step acted on (none for 회수). */
  stepId: string | null;
  /** Set when this action completed the document. */
  registration: Registration | null;
  /** Set when the body had been amended since the line last saw it (결재 중 수정). */
  amendmentId: string | null;
}

const NOTIFICATION_KIND: Record<Extract<Effect, { type: "notify" }>["reason"], NotificationKind> = {
  task: "approval.task",
  rejected: "approval.rejected",
  completed: "approval.completed",
  "post-approval": "approval.post_approval",
  withdrawn: "approval.withdrawn",
};

// The actions by which a step holder lets the body go on with their edits in it.
const AMENDING_ACTIONS = new Set<LineAction["type"]>([
  "approve",
  "close-by-delegation",
  "proxy-approve",
  "reject",
]);

const FINAL_STATUSES = new Set<ApprovalStep["status"]>(["approved", "rejected", "skipped"]);

/**
 * Takes `action` on the approval as the signed-in person, in one transaction under the
 * approval's row lock. Throws an AppError: `approvals.not-found` (404) for an approval of
 * another agency or one the person has nothing to do with, `approvals.<reason>` for a refusal
 * of the rules (e.g. `approvals.already-acted`, 409), `approvals.opinion.too-long` (400).
 */
export async function actOnApproval(
  ctx: ApprovalsActor,
  input: ActOnApprovalInput,
): Promise<ActOnApprovalResult> {
  const now = input.now ?? new Date();
  const opinion = checkOpinion(input.action.opinion);
  // The rules see the opinion as stored: a blank one is none (and 반려 needs one).
  const action = {
    ...input.action,
    opinion: opinion ?? (input.action.type === "reject" ? "" : undefined),
  } as LineAction;
  if (!isUuid(input.approvalId)) throw approvalNotFound();
  if (action.type === "proxy-approve" && !isUuid(action.forPersonId)) throw refusalError("not-absent");
  if (action.type === "post-approve" && !isUuid(action.stepId)) throw refusalError("no-post-approval-owed");

  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, ctx.tenantId, input.approvalId, { forUpdate: true });
    if (!loaded) throw approvalNotFound();
    const actor: Actor = {
      personId: ctx.userId,
      substituteFor: await substitutesFor(tx, ctx.tenantId, ctx.userId, now),
    };
    const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId, now);
    // A substitute whose 대결 lost the race to the holder is no longer related to a document
    // that has moved past the absent holder's step, yet deserves "이미 처리된 문서입니다."
    const standsInForLine = loaded.steps.some((step) => actor.substituteFor.includes(step.assigneeId));
    if (relations.size === 0 && !standsInForLine) throw approvalNotFound();
    const result = applyAction(loaded.state, actor, action);
    if (!result.ok) throw refusalError(result.reason);

    const { approval } = loaded;
    const audit: AuditEvent[] = [];
    const actedStep = loaded.steps.find((step) => step.id === result.stepId);
    let body: ApprovalBody | null = null;
    let amendmentId: string | null = null;
    // 협조자 agree or disagree; only 검토자 and 결재권자 are given the body to edit.
    if (AMENDING_ACTIONS.has(action.type) && actedStep && actedStep.kind !== "cooperate") {
      body = await readApprovalBody(tx, approval.bodyDocumentId);
      const amendment = await recordAmendmentIfChanged(tx, {
        tenantId: ctx.tenantId,
        approvalId: approval.id,
        bodyDocumentId: approval.bodyDocumentId,
        stepId: actedStep.id,
        authorId: ctx.userId,
        body,
      });
      if (amendment) {
        amendmentId = amendment.id;
        audit.push(
          auditEvent(ctx, approval.id, "approval.amend", {
            stepId: actedStep.id,
            amendmentId: amendment.id,
            versionId: amendment.versionId,
          }),
        );
      }
    }

    await writeSteps(tx, ctx.tenantId, loaded.steps, result.state.steps, now);

    let registration: Registration | null = null;
    if (result.effects.some((effect) => effect.type === "assign-number")) {
      body ??= await readApprovalBody(tx, approval.bodyDocumentId);
      registration = await completeApproval(tx, { tenantId: ctx.tenantId, approval, body, now });
    } else {
      await tx
        .update(approvals)
        .set({ status: result.state.status, updatedAt: now })
        .where(and(eq(approvals.tenantId, ctx.tenantId), eq(approvals.id, approval.id)));
    }

    await tx.insert(approvalEvents).values({
      tenantId: ctx.tenantId,
      approvalId: approval.id,
      action: action.type,
      actorId: ctx.userId,
      onBehalfOf: action.type === "proxy-approve" ? action.forPersonId : null,
      stepId: result.stepId,
      opinion,
    });

    await addNotifications(
      tx,
      ctx.tenantId,
      result.effects.flatMap((effect) =>
        effect.type === "notify"
          ? effect.personIds.map((userId) => ({
              userId,
              kind: NOTIFICATION_KIND[effect.reason],
              actorId: ctx.userId,
              target: { type: "approval" as const, id: approval.id },
              details: (registration && effect.reason === "completed"
                ? { registrationNumber: registration.registrationNumber }
                : {}) as Record<string, string>,
            }))
          : [],
      ),
    );

    audit.push(
      auditEvent(ctx, approval.id, `approval.${action.type.replaceAll("-", "_")}`, {
        stepId: result.stepId,
        status: result.state.status,
        onBehalfOf: action.type === "proxy-approve" ? action.forPersonId : null,
        to: action.type === "reject" ? action.to : null,
      }),
    );
    if (registration) {
      audit.push(
        auditEvent(ctx, approval.id, "approval.complete", {
          registrationNumber: registration.registrationNumber,
          effectiveDate: registration.effectiveDate,
          bodySha256: registration.bodySha256,
        }),
      );
    }
    for (const event of audit) await recordAudit(tx, ctx.tenantId, event);

    // Whoever may edit the body (or read it) may have changed with this action: an approver's
    // edit right ends when they act, and a completed body is frozen for everyone. Delivered
    // when (and only if) this transaction commits.
    await sendCollabNotice(tx, {
      kind: "recheck",
      tenantId: ctx.tenantId,
      documentId: approval.bodyDocumentId,
    });

    return { status: result.state.status, stepId: result.stepId, registration, amendmentId };
  });
}

function auditEvent(
  ctx: ApprovalsActor,
  approvalId: string,
  action: string,
  details: Record<string, string | number | boolean | null>,
): AuditEvent {
  return { actor: ctx.actor, action, target: { type: "approval", id: approvalId }, ip: ctx.ip, details };
}

/**
 * Writes the steps the rules changed: their status and signature, when they were acted on,
 * and the signer's name and 직위 as they read now (the official document shows the signature
 * as it was given, whatever becomes of the person later).
 */
async function writeSteps(
  tx: TenantTx,
  tenantId: string,
  before: readonly ApprovalStepRow[],
  after: readonly ApprovalStep[],
  now: Date,
): Promise<void> {
  const rows = new Map(before.map((row) => [row.id, row]));
  for (const next of after) {
    const prev = rows.get(next.id);
    if (!prev) throw new Error(`the rules answered a step ${next.id} the approval does not have`);
    const changed =
      prev.status !== next.status ||
      prev.actedBy !== next.actedBy ||
      prev.signedAs !== next.signedAs ||
      prev.postApproval !== next.postApproval;
    if (!changed) continue;
    const set: Partial<typeof approvalSteps.$inferInsert> = {
      status: next.status,
      actedBy: next.actedBy,
      signedAs: next.signedAs,
      postApproval: next.postApproval,
    };
    if (FINAL_STATUSES.has(next.status)) {
      if (prev.status !== next.status || prev.actedBy !== next.actedBy) set.actedAt = now;
    } else if (next.status === "waiting" || next.status === "pending") {
      // A step the line comes back to (반려 to the previous step, 회수) is to be signed anew.
      set.actedAt = null;
    }
    if (next.actedBy === null) {
      set.actedByName = null;
      set.actedByPosition = null;
    } else if (next.actedBy !== prev.actedBy) {
      const signer = await personSnapshot(tx, tenantId, next.actedBy);
      set.actedByName = signer.name;
      set.actedByPosition = signer.position;
    }
    if (next.postApproval === "done" && prev.postApproval !== "done") set.postApprovedAt = now;
    else if (next.postApproval === "none") set.postApprovedAt = null;
    await tx
      .update(approvalSteps)
      .set(set)
      .where(and(eq(approvalSteps.tenantId, tenantId), eq(approvalSteps.id, next.id)));
  }
}
