import { type DirectoryEntry, flagSavedLine, type SavedLineFlag, type StepKind } from "@nuri/approval";
import {
  and,
  approvalSavedLines,
  asc,
  departments,
  eq,
  inArray,
  positions,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";

/** A step of a saved line, with what the org chart says about its person today. */
export interface SavedLineStepView {
  kind: StepKind;
  group: number;
  assigneeId: string;
  /** The person's name today ("" when they are no longer in the agency). */
  assigneeName: string;
  /** Their department and position today. */
  departmentName: string | null;
  positionName: string | null;
  /** Set when the line must be fixed before 상신: left (retired), moved, or unknown (missing). */
  flag: SavedLineFlag["problem"] | null;
}

/** A person's saved 결재선 with its problems against today's org chart. */
export interface SavedLineView {
  id: string;
  name: string;
  createdAt: Date;
  steps: SavedLineStepView[];
  /** 참조 people; `active` false when they have left. */
  cc: { id: string; name: string; active: boolean }[];
  /** 수신 departments; `closed` true when the department was closed. */
  recipients: { id: string; name: string; closed: boolean }[];
  /** flagSavedLine's answer: the steps whose holder retired or moved since the line was saved. */
  flags: SavedLineFlag[];
}

/** The person's saved lines by name, each flagged against the current org chart. */
export async function listSavedLines(ctx: ApprovalsActor): Promise<SavedLineView[]> {
  return withTenant(ctx.db, ctx.tenantId, (tx) => readSavedLines(tx, ctx.tenantId, ctx.userId));
}

/** The owner's saved lines (or the one `lineId` names), with names and flags. */
export async function readSavedLines(
  tx: TenantTx,
  tenantId: string,
  ownerId: string,
  lineId?: string,
): Promise<SavedLineView[]> {
  const lines = await tx
    .select()
    .from(approvalSavedLines)
    .where(
      and(
        eq(approvalSavedLines.tenantId, tenantId),
        eq(approvalSavedLines.ownerId, ownerId),
        lineId ? eq(approvalSavedLines.id, lineId) : undefined,
      ),
    )
    .orderBy(asc(approvalSavedLines.name));
  if (lines.length === 0) return [];

  const personIds = [
    ...new Set(lines.flatMap((line) => [...line.line.steps.map((s) => s.assigneeId), ...line.line.cc])),
  ];
  const people = await tx
    .select({
      id: users.id,
      name: users.displayName,
      status: users.status,
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
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, personIds)));
  const byId = new Map(people.map((person) => [person.id, person]));
  const directory = new Map<string, DirectoryEntry>(
    people.map((person) => [
      person.id,
      {
        active: person.status === "active",
        departmentId: person.departmentId,
        positionId: person.positionId,
      },
    ]),
  );

  const departmentIds = [...new Set(lines.flatMap((line) => line.line.recipients))];
  const units =
    departmentIds.length === 0
      ? []
      : await tx
          .select({ id: departments.id, name: departments.name, closedAt: departments.closedAt })
          .from(departments)
          .where(and(eq(departments.tenantId, tenantId), inArray(departments.id, departmentIds)));
  const unitById = new Map(units.map((unit) => [unit.id, unit]));

  return lines.map((line) => {
    const flags = flagSavedLine(line.line.steps, directory);
    const flagAt = new Map(flags.map((flag) => [flag.index, flag.problem]));
    return {
      id: line.id,
      name: line.name,
      createdAt: line.createdAt,
      steps: line.line.steps.map((step, index) => {
        const person = byId.get(step.assigneeId);
        return {
          kind: step.kind,
          group: step.group,
          assigneeId: step.assigneeId,
          assigneeName: person?.name ?? "",
          departmentName: person?.departmentName ?? null,
          positionName: person?.positionName ?? null,
          flag: flagAt.get(index) ?? null,
        };
      }),
      cc: line.line.cc.map((id) => {
        const person = byId.get(id);
        return { id, name: person?.name ?? "", active: person?.status === "active" };
      }),
      recipients: line.line.recipients.map((id) => {
        const unit = unitById.get(id);
        return { id, name: unit?.name ?? "", closed: !unit || unit.closedAt !== null };
      }),
      flags,
    };
  });
}
