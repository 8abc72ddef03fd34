import { type LineProblem, MAX_LINE_STEPS, type StepKind, validateLine } from "@nuri/approval";
import {
  and,
  approvalSavedLines,
  count,
  departments,
  eq,
  inArray,
  isNull,
  ne,
  type SavedLineStep,
  users,
  withTenant,
} from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import type { ApprovalsActor } from "./approval-state.server.ts";
import {
  ApprovalsFieldError,
  approvalsNotFound,
  characterCount,
  isUuid,
  lockScope,
} from "./approvals-admin-context.server.ts";
import { readSavedLines, type SavedLineView } from "./list-saved-lines.server.ts";

/** How many lines one person keeps: enough for every routine, few enough to choose from. */
export const MAX_SAVED_LINES = 50;
export const MAX_SAVED_LINE_NAME = 60;
export const MAX_SAVED_LINE_CC = 30;
export const MAX_SAVED_LINE_RECIPIENTS = 30;

export interface SaveLineInput {
  /** The line to replace; absent or null saves a new one. */
  lineId?: string | null;
  name: string;
  /** 검토, 협조 (parallel when they share a group) and 결재, in signing order. */
  steps: { kind: StepKind; group: number; assigneeId: string }[];
  /** 참조 people. */
  cc?: string[];
  /** 수신 departments. */
  recipients?: string[];
}

const KINDS: readonly string[] = ["review", "cooperate", "approve"];

const PROBLEM_MESSAGE: Record<LineProblem["code"], MessageKey> = {
  empty: "approvals.savedLines.problem.empty",
  "must-end-with-approve": "approvals.savedLines.problem.mustEndWithApprove",
  "parallel-only-cooperate": "approvals.savedLines.problem.parallelOnlyCooperate",
  "drafter-in-line": "approvals.savedLines.problem.drafterInLine",
  "duplicate-person": "approvals.savedLines.problem.duplicatePerson",
  "cooperator-cannot-close": "approvals.savedLines.problem.cooperatorCannotClose",
  "groups-not-contiguous": "approvals.savedLines.problem.groupsNotContiguous",
  "too-many-steps": "approvals.savedLines.problem.tooManySteps",
};

/** A line that breaks the rules of 상신; `problems` lists all of them, the message the first. */
export class SavedLineProblemError extends ApprovalsFieldError {
  constructor(readonly problems: LineProblem[]) {
    const first = problems[0]!;
    super("steps", `approvals.saved-line.${first.code}`, PROBLEM_MESSAGE[first.code], {
      max: MAX_LINE_STEPS,
    });
  }
}

/**
 * Saves one of the person's 결재선 under a name: the steps must make a line the person could
 * submit as drafter (validateLine), and each step keeps its person's department and position
 * as of now, so that a later move or retirement is flagged before 상신.
 */
export async function saveLine(ctx: ApprovalsActor, input: SaveLineInput): Promise<SavedLineView> {
  const name = input.name.trim();
  if (name === "") {
    throw new ApprovalsFieldError(
      "name",
      "approvals.saved-line.name-required",
      "approvals.savedLines.error.nameRequired",
    );
  }
  if (characterCount(name) > MAX_SAVED_LINE_NAME) {
    throw new ApprovalsFieldError(
      "name",
      "approvals.saved-line.name-too-long",
      "approvals.savedLines.error.nameTooLong",
      {
        max: MAX_SAVED_LINE_NAME,
      },
    );
  }
  const steps = input.steps.map((step) => {
    if (
      !KINDS.includes(step.kind) ||
      !Number.isInteger(step.group) ||
      step.group < 1 ||
      step.group > 50 ||
      !isUuid(step.assigneeId)
    ) {
      throw new ApprovalsFieldError(
        "steps",
        "approvals.saved-line.step-invalid",
        "approvals.savedLines.error.stepInvalid",
      );
    }
    return { kind: step.kind, group: step.group, assigneeId: step.assigneeId.toLowerCase() };
  });
  const validation = validateLine(
    steps.map((step) => ({ ...step, mayCloseByDelegation: false })),
    ctx.userId,
  );
  if (!validation.ok) throw new SavedLineProblemError(validation.problems);

  const cc = [...new Set((input.cc ?? []).map((id) => String(id).toLowerCase()))];
  const recipients = [...new Set((input.recipients ?? []).map((id) => String(id).toLowerCase()))];
  if (cc.length > MAX_SAVED_LINE_CC) {
    throw new ApprovalsFieldError(
      "cc",
      "approvals.saved-line.too-many-cc",
      "approvals.savedLines.error.tooManyCc",
      {
        max: MAX_SAVED_LINE_CC,
      },
    );
  }
  if (recipients.length > MAX_SAVED_LINE_RECIPIENTS) {
    throw new ApprovalsFieldError(
      "recipients",
      "approvals.saved-line.too-many-recipients",
      "approvals.savedLines.error.tooManyRecipients",
      { max: MAX_SAVED_LINE_RECIPIENTS },
    );
  }
  if (!cc.every(isUuid)) {
    throw new ApprovalsFieldError(
      "cc",
      "approvals.saved-line.person-not-found",
      "approvals.savedLines.error.personNotFound",
    );
  }
  if (!recipients.every(isUuid)) {
    throw new ApprovalsFieldError(
      "recipients",
      "approvals.saved-line.department-not-found",
      "approvals.savedLines.error.departmentNotFound",
    );
  }

  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    // A line names active people of this agency only; the snapshot is what they hold today.
    const wanted = [...new Set([...steps.map((step) => step.assigneeId), ...cc])];
    const people = await tx
      .select({ id: users.id, departmentId: users.departmentId, positionId: users.positionId })
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenantId), inArray(users.id, wanted), eq(users.status, "active")));
    const byId = new Map(people.map((person) => [person.id, person]));
    const missing = wanted.find((id) => !byId.has(id));
    if (missing) {
      throw new ApprovalsFieldError(
        cc.includes(missing) && !steps.some((step) => step.assigneeId === missing) ? "cc" : "steps",
        "approvals.saved-line.person-not-found",
        "approvals.savedLines.error.personNotFound",
      );
    }
    if (recipients.length > 0) {
      const units = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(
          and(
            eq(departments.tenantId, ctx.tenantId),
            inArray(departments.id, recipients),
            isNull(departments.closedAt),
          ),
        );
      if (units.length !== recipients.length) {
        throw new ApprovalsFieldError(
          "recipients",
          "approvals.saved-line.department-not-found",
          "approvals.savedLines.error.departmentNotFound",
        );
      }
    }

    // One person's lines change one at a time, so the limit and the name check hold.
    await lockScope(tx, `saved-lines:${ctx.tenantId}:${ctx.userId}`);
    const mine = and(
      eq(approvalSavedLines.tenantId, ctx.tenantId),
      eq(approvalSavedLines.ownerId, ctx.userId),
    );
    if (input.lineId) {
      const [existing] = isUuid(input.lineId)
        ? await tx
            .select({ id: approvalSavedLines.id })
            .from(approvalSavedLines)
            .where(and(mine, eq(approvalSavedLines.id, input.lineId)))
        : [];
      if (!existing) throw approvalsNotFound("saved-line", "approvals.savedLines.error.notFound");
    } else {
      const [stats] = await tx.select({ lines: count() }).from(approvalSavedLines).where(mine);
      if ((stats?.lines ?? 0) >= MAX_SAVED_LINES) {
        throw new ApprovalsFieldError(
          "name",
          "approvals.saved-line.too-many",
          "approvals.savedLines.error.tooMany",
          {
            max: MAX_SAVED_LINES,
          },
        );
      }
    }
    const [twin] = await tx
      .select({ id: approvalSavedLines.id })
      .from(approvalSavedLines)
      .where(
        and(
          mine,
          eq(approvalSavedLines.name, name),
          input.lineId ? ne(approvalSavedLines.id, input.lineId) : undefined,
        ),
      );
    if (twin) {
      throw new ApprovalsFieldError(
        "name",
        "approvals.saved-line.name-taken",
        "approvals.savedLines.error.nameTaken",
      );
    }

    const line = {
      steps: steps.map(
        (step): SavedLineStep => ({
          ...step,
          departmentId: byId.get(step.assigneeId)!.departmentId,
          positionId: byId.get(step.assigneeId)!.positionId,
        }),
      ),
      cc,
      recipients,
    };
    let lineId: string;
    if (input.lineId) {
      lineId = input.lineId;
      await tx
        .update(approvalSavedLines)
        .set({ name, line })
        .where(and(mine, eq(approvalSavedLines.id, lineId)));
    } else {
      const [row] = await tx
        .insert(approvalSavedLines)
        .values({ tenantId: ctx.tenantId, ownerId: ctx.userId, name, line })
        .returning({ id: approvalSavedLines.id });
      lineId = row!.id;
    }
    const [view] = await readSavedLines(tx, ctx.tenantId, ctx.userId, lineId);
    return view!;
  });
}
