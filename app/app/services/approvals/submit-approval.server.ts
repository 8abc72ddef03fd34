import {
  applyAction,
  type Effect,
  type FormField,
  findDelegationRule,
  type LineProblem,
  MAX_LINE_STEPS,
  MAX_OPINION_LENGTH,
  type RecordsProblem,
  type RefusalReason,
  validateFormValues,
  validateLine,
  validateRecords,
} from "@nuri/approval";
import { sendCollabNotice } from "@nuri/collab";
import {
  type Approval,
  and,
  approvalForms,
  approvalSteps,
  approvals,
  eq,
  recordAudit,
  withTenant,
} from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";
import { addNotifications, type NotificationKind } from "../documents/notifications.server.ts";
import { characterCount, isUuid } from "../documents/spaces-context.server.ts";
import { readApprovalBody } from "./approval-body.server.ts";
import { type ApprovalsActor, loadApproval, relationsToApproval } from "./approval-state.server.ts";
import {
  ApprovalFieldError,
  approvalNotFound,
  loadPeople,
  mayTakePart,
  recordApprovalEvent,
} from "./draft-shared.server.ts";
import { loadDelegationRules } from "./propose-line.server.ts";
import { recordSubmittedBody } from "./record-amendment.server.ts";
import { formValueError } from "./update-draft.server.ts";

const RECORDS: Record<RecordsProblem, { field: string; messageKey: MessageKey }> = {
  "disclosure-required": { field: "disclosure", messageKey: "approvals.errors.disclosureRequired" },
  "retention-required": { field: "retention", messageKey: "approvals.errors.retentionRequired" },
  "grounds-required": { field: "disclosureGrounds", messageKey: "approvals.errors.groundRequired" },
  "grounds-invalid": { field: "disclosureGrounds", messageKey: "approvals.errors.groundUnknown" },
  "grounds-not-allowed": { field: "disclosureGrounds", messageKey: "approvals.errors.groundForPublic" },
};

const LINE: Record<LineProblem["code"], MessageKey> = {
  empty: "approvals.errors.line.empty",
  "must-end-with-approve": "approvals.errors.line.mustEndWithApprove",
  "parallel-only-cooperate": "approvals.errors.line.parallelOnlyCooperate",
  "drafter-in-line": "approvals.errors.line.drafterInLine",
  "duplicate-person": "approvals.errors.line.duplicatePerson",
  "cooperator-cannot-close": "approvals.errors.line.cooperatorCannotClose",
  "groups-not-contiguous": "approvals.errors.line.groupsNotContiguous",
  "too-many-steps": "approvals.errors.lineTooLong",
};

/** The field error for a problem of the line (the whole line, or the step it points at). */
export function lineProblemError(problem: LineProblem): ApprovalFieldError {
  return new ApprovalFieldError(
    problem.index === undefined ? "line" : `line.${problem.index}`,
    `approvals.line.${problem.code}`,
    LINE[problem.code],
    { max: MAX_LINE_STEPS },
  );
}

/** Why the document cannot be submitted in its status. */
function statusRefusal(status: Approval["status"]): AppError {
  if (status === "rejected") {
    return new AppError("approvals.submit.rejected", "approvals.errors.redraftInstead", 409);
  }
  return new AppError("approvals.submit.already-submitted", "approvals.errors.alreadySubmitted", 409);
}

function refusalError(reason: RefusalReason, status: Approval["status"]): AppError {
  switch (reason) {
    case "not-drafter":
      return new AppError("approvals.submit.not-drafter", "approvals.errors.notDrafter", 403);
    case "wrong-status":
      return statusRefusal(status);
    case "invalid-line":
      return new ApprovalFieldError("line", "approvals.line.invalid", "approvals.errors.lineInvalid");
    default:
      return new AppError(`approvals.submit.${reason}`, "approvals.errors.refused", 409);
  }
}

const NOTIFICATION_KINDS: Record<Extract<Effect, { type: "notify" }>["reason"], NotificationKind> = {
  task: "approval.task",
  rejected: "approval.rejected",
  completed: "approval.completed",
  "post-approval": "approval.post_approval",
  withdrawn: "approval.withdrawn",
};

/**
 * 상신: sends the draft (or a withdrawn document) up its line. Under the document's row lock it
 * checks what 상신 requires — a title, 공개구분 and 보존기간 (with a ground for 부분공개 and
 * 비공개), the form's values, a line of people still at work that keeps the rules — then lets
 * the rules start the line. The first group's holders are told (approval.task), the body's
 * open editors renew their tickets (it is read-only from now on), and the history and audit
 * log record it. Only the drafter submits.
 */
export async function submitApproval(
  ctx: ApprovalsActor,
  input: { approvalId: string; opinion?: string },
  now: Date = new Date(),
): Promise<void> {
  if (!isUuid(input.approvalId)) throw approvalNotFound();
  const opinion = input.opinion?.trim() || null;
  if (opinion !== null && characterCount(opinion) > MAX_OPINION_LENGTH) {
    throw new ApprovalFieldError("opinion", "approvals.opinion.too-long", "approvals.errors.opinionTooLong", {
      max: MAX_OPINION_LENGTH,
    });
  }
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, ctx.tenantId, input.approvalId, { forUpdate: true });
    if (!loaded) throw approvalNotFound();
    const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId, now);
    if (relations.size === 0) throw approvalNotFound();
    const { approval, steps, state } = loaded;
    if (!relations.has("drafter")) throw refusalError("not-drafter", approval.status);
    if (approval.status !== "draft" && approval.status !== "withdrawn") throw statusRefusal(approval.status);

    if (approval.title.trim() === "") {
      throw new ApprovalFieldError("title", "approvals.title.required", "approvals.errors.titleRequired");
    }
    const records = validateRecords({
      disclosure: approval.disclosure,
      grounds: approval.disclosureGrounds,
      retention: approval.retention,
    });
    if (!records.ok) {
      const { field, messageKey } = RECORDS[records.problems[0]!];
      throw new ApprovalFieldError(field, `approvals.records.${records.problems[0]}`, messageKey);
    }
    const [form] = await tx
      .select({ fields: approvalForms.fields, amountField: approvalForms.amountField })
      .from(approvalForms)
      .where(and(eq(approvalForms.tenantId, ctx.tenantId), eq(approvalForms.id, approval.formId)));
    const formFields = (form?.fields ?? []) as FormField[];
    const values = validateFormValues(formFields, approval.fields, form?.amountField ?? null);
    if (!values.ok) throw formValueError(formFields, values.errors[0]!);

    // A holder who retired or was disabled since the line was drawn cannot sign: name them.
    const people = await loadPeople(
      tx,
      ctx.tenantId,
      steps.map((step) => step.assigneeId),
    );
    steps.forEach((step, index) => {
      if (!mayTakePart(people.get(step.assigneeId))) {
        throw new ApprovalFieldError(
          `line.${index}`,
          "approvals.line.assignee-inactive",
          "approvals.errors.assigneeInactive",
          { name: people.get(step.assigneeId)?.name ?? step.assigneeName },
        );
      }
    });
    // 전결 authority comes from the tenant's 위임전결 rules alone, decided now for the final
    // amount and each holder's current 직위: whatever the draft form posted is not trusted.
    const rule = findDelegationRule(await loadDelegationRules(tx, ctx.tenantId), {
      formId: approval.formId,
      amount: values.amount,
    });
    const decided = {
      ...state,
      steps: state.steps.map((step) => ({
        ...step,
        mayCloseByDelegation:
          rule !== null &&
          step.kind !== "cooperate" &&
          people.get(step.assigneeId)?.positionId === rule.closerPositionId,
      })),
    };
    const line = validateLine(decided.steps, decided.drafterId);
    if (!line.ok) throw lineProblemError(line.problems[0]!);

    const result = applyAction(decided, { personId: ctx.userId, substituteFor: [] }, { type: "submit" });
    if (!result.ok) throw refusalError(result.reason, approval.status);

    for (const step of result.state.steps) {
      const person = people.get(step.assigneeId)!;
      await tx
        .update(approvalSteps)
        .set({
          status: step.status,
          actedBy: step.actedBy,
          signedAs: step.signedAs,
          actedAt: null,
          postApproval: step.postApproval,
          postApprovedAt: null,
          mayCloseByDelegation: step.mayCloseByDelegation,
          // the holder as they stand at 상신: what the 결재란 shows until they sign
          assigneeName: person.name,
          assigneePosition: person.positionName,
          assigneeDepartment: person.departmentName,
        })
        .where(and(eq(approvalSteps.tenantId, ctx.tenantId), eq(approvalSteps.id, step.id)));
    }
    await tx
      .update(approvals)
      .set({
        status: result.state.status,
        fields: values.values,
        amount: values.amount,
        submittedAt: now,
        updatedAt: now,
      })
      .where(and(eq(approvals.tenantId, ctx.tenantId), eq(approvals.id, approval.id)));
    await recordApprovalEvent(tx, ctx.tenantId, {
      approvalId: approval.id,
      action: "submit",
      actorId: ctx.userId,
      opinion,
    });

    for (const effect of result.effects) {
      if (effect.type === "notify") {
        await addNotifications(
          tx,
          ctx.tenantId,
          effect.personIds.map((userId) => ({
            userId,
            kind: NOTIFICATION_KINDS[effect.reason],
            actorId: ctx.userId,
            target: { type: "approval", id: approval.id },
            details: {},
          })),
        );
      } else if (effect.type === "freeze-body") {
        // The text at 상신 is the baseline against which approvers' amendments are kept.
        await recordSubmittedBody(tx, {
          tenantId: ctx.tenantId,
          approvalId: approval.id,
          bodyDocumentId: approval.bodyDocumentId,
          drafterId: approval.drafterId,
          body: await readApprovalBody(tx, approval.bodyDocumentId),
        });
        await sendCollabNotice(tx, {
          kind: "recheck",
          tenantId: ctx.tenantId,
          documentId: approval.bodyDocumentId,
        });
      } else {
        throw new Error(`submitApproval: unexpected effect ${effect.type} of 상신`);
      }
    }
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.submit",
      target: { type: "approval", id: approval.id },
      ip: ctx.ip,
      details: {
        resubmitted: approval.status === "withdrawn",
        steps: steps.length,
        amount: values.amount,
      },
    });
  });
}
