import { type LineStepInput, startLine } from "@nuri/approval";
import {
  and,
  approvalEvents,
  approvalSteps,
  departments,
  eq,
  inArray,
  positions,
  type TenantTx,
  users,
} from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";

// What the draft-side services (create, update, submit, redraft, view) share: their refusals,
// the people a line names, and writing a line with its snapshot columns.

/**
 * The approval does not exist in this tenant, belongs to another agency, or is not the
 * person's to see: all answer alike, so nothing is learnt from the refusal.
 */
export function approvalNotFound(): AppError {
  return new AppError("approvals.not-found", "approvals.errors.notFound", 404);
}

/** A refusal tied to one input of the draft form ("title", "fields.amount", "line.2" …). */
export class ApprovalFieldError extends AppError {
  constructor(
    readonly field: string,
    code: string,
    messageKey: MessageKey,
    params: Record<string, string | number> = {},
  ) {
    super(code, messageKey, 400, params);
  }
}

/** A draft may be written while it is a draft, and again once its drafter withdrew it (회수). */
export function isEditableStatus(status: string): boolean {
  return status === "draft" || status === "withdrawn";
}

/** A person as a line, 참조 or 공동기안 shows them, with what their snapshot columns keep. */
export interface LinePerson {
  id: string;
  name: string;
  active: boolean;
  role: string;
  departmentId: string | null;
  departmentName: string;
  positionId: string | null;
  positionName: string;
}

/** Whether a person may be put on a line, in 참조 or among the co-drafters: working, not a pupil. */
export function mayTakePart(person: LinePerson | undefined): boolean {
  return person?.active === true && person.role !== "student";
}

/** The people of the tenant with these ids (active or not), by id; unknown ids are absent. */
export async function loadPeople(
  tx: TenantTx,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, LinePerson>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select({
      id: users.id,
      name: users.displayName,
      status: users.status,
      role: users.role,
      departmentId: users.departmentId,
      departmentName: departments.name,
      positionId: users.positionId,
      positionName: positions.name,
    })
    .from(users)
    .leftJoin(
      departments,
      and(eq(departments.tenantId, users.tenantId), eq(departments.id, users.departmentId)),
    )
    .leftJoin(positions, and(eq(positions.tenantId, users.tenantId), eq(positions.id, users.positionId)))
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, unique)));
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        name: row.name,
        active: row.status === "active",
        role: row.role,
        departmentId: row.departmentId,
        departmentName: row.departmentName ?? "",
        positionId: row.positionId,
        positionName: row.positionName ?? "",
      },
    ]),
  );
}

/**
 * Replaces the draft's line with `line`, every step waiting (startLine), with each holder's
 * name, 직위 and department as they stand now. `people` must hold every assignee.
 */
export async function writeLine(
  tx: TenantTx,
  tenantId: string,
  approvalId: string,
  line: readonly LineStepInput[],
  people: ReadonlyMap<string, LinePerson>,
): Promise<void> {
  await tx
    .delete(approvalSteps)
    .where(and(eq(approvalSteps.tenantId, tenantId), eq(approvalSteps.approvalId, approvalId)));
  if (line.length === 0) return;
  const steps = startLine(line.map((step) => ({ ...step, id: crypto.randomUUID() })));
  await tx.insert(approvalSteps).values(
    steps.map((step, index) => {
      const person = people.get(step.assigneeId);
      if (!person)
        throw new Error(`writeLine: assignee ${step.assigneeId} was not loaded; check it before writing`);
      return {
        tenantId,
        id: step.id,
        approvalId,
        group: step.group,
        ordinal: index + 1,
        kind: step.kind,
        assigneeId: step.assigneeId,
        mayCloseByDelegation: step.mayCloseByDelegation,
        status: step.status,
        postApproval: step.postApproval,
        assigneeName: person.name,
        assigneePosition: person.positionName,
        assigneeDepartment: person.departmentName,
      };
    }),
  );
}

/** Appends one entry to the approval's history. */
export async function recordApprovalEvent(
  tx: TenantTx,
  tenantId: string,
  event: {
    approvalId: string;
    action: string;
    actorId: string;
    opinion?: string | null;
    stepId?: string | null;
  },
): Promise<void> {
  await tx.insert(approvalEvents).values({
    tenantId,
    approvalId: event.approvalId,
    action: event.action,
    actorId: event.actorId,
    opinion: event.opinion ?? null,
    stepId: event.stepId ?? null,
  });
}
