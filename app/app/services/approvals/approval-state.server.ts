import type { ApprovalState, ApprovalStep } from "@nuri/approval";
import {
  type Approval,
  type ApprovalStepRow,
  and,
  approvalAbsences,
  approvalParticipants,
  approvalSteps,
  approvals,
  asc,
  eq,
  gt,
  isNull,
  lte,
  sql,
  type TenantTx,
  users,
} from "@nuri/db";
import type { DocumentsActor } from "../documents/spaces-context.server.ts";

// Loading an approval as the rules see it, and who may see it. Every approvals service goes
// through here, so that the access rule is written once.

/** Who acts, for which tenant and from where: every approvals service takes this. */
export type ApprovalsActor = DocumentsActor;

export interface LoadedApproval {
  approval: Approval;
  steps: ApprovalStepRow[];
  state: ApprovalState;
}

/**
 * The approval with its line, or null when it does not exist in this tenant. `forUpdate`
 * takes the row lock that serialises every action on one document: the second of two people
 * acting at once waits here and then reads the state the first one left.
 */
export async function loadApproval(
  tx: TenantTx,
  tenantId: string,
  approvalId: string,
  options: { forUpdate?: boolean } = {},
): Promise<LoadedApproval | null> {
  const query = tx
    .select()
    .from(approvals)
    .where(and(eq(approvals.tenantId, tenantId), eq(approvals.id, approvalId)));
  const [approval] = options.forUpdate ? await query.for("update") : await query;
  if (!approval) return null;
  const steps = await tx
    .select()
    .from(approvalSteps)
    .where(and(eq(approvalSteps.tenantId, tenantId), eq(approvalSteps.approvalId, approvalId)))
    .orderBy(asc(approvalSteps.ordinal));
  return { approval, steps, state: toState(approval, steps) };
}

/** The rules' view of stored rows. */
export function toState(approval: Approval, steps: ApprovalStepRow[]): ApprovalState {
  return {
    status: approval.status,
    drafterId: approval.drafterId,
    registered: approval.registrationNumber !== null,
    steps: steps.map(
      (step): ApprovalStep => ({
        id: step.id,
        kind: step.kind,
        group: step.group,
        assigneeId: step.assigneeId,
        mayCloseByDelegation: step.mayCloseByDelegation,
        status: step.status,
        actedBy: step.actedBy,
        signedAs: step.signedAs,
        postApproval: step.postApproval,
      }),
    ),
  };
}

/**
 * The people `userId` may sign for under 대결 at `now`: those whose 부재 설정 names them as
 * substitute and covers that moment (and is not cancelled).
 */
export async function substitutesFor(
  tx: TenantTx,
  tenantId: string,
  userId: string,
  now: Date,
): Promise<string[]> {
  const rows = await tx
    .select({ userId: approvalAbsences.userId })
    .from(approvalAbsences)
    .where(
      and(
        eq(approvalAbsences.tenantId, tenantId),
        eq(approvalAbsences.substituteId, userId),
        lte(approvalAbsences.startsAt, now),
        gt(approvalAbsences.endsAt, now),
        isNull(approvalAbsences.cancelledAt),
      ),
    );
  return [...new Set(rows.map((row) => row.userId))];
}

/** How a person stands to an approval; empty when they may not see it at all. */
export type ApprovalRelation =
  | "drafter"
  | "co_drafter"
  | "step"
  | "substitute"
  | "cc"
  | "recipient"
  | "circulation";

/**
 * Every way `userId` is related to the approval. A person may read an approval when this is
 * not empty: its drafter and co-drafters, the people of its line (and whoever signed a step
 * for them under 대결), its 참조 people, the members of its 수신 departments once it is
 * completed, and its 공람 readers. Other people of the agency, a disabled person, and
 * everyone of another agency, get nothing: the routes answer 404.
 */
export async function relationsToApproval(
  tx: TenantTx,
  tenantId: string,
  loaded: LoadedApproval,
  userId: string,
  now: Date = new Date(),
): Promise<Set<ApprovalRelation>> {
  const relations = new Set<ApprovalRelation>();
  const { approval, steps } = loaded;
  const [person] = await tx
    .select({ departmentId: users.departmentId, status: users.status })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  // A disabled person (or one of another agency) sees nothing, as on the documents side.
  if (person?.status !== "active") return relations;
  if (approval.drafterId === userId) relations.add("drafter");
  if (steps.some((step) => step.assigneeId === userId)) relations.add("step");
  if (steps.some((step) => step.actedBy === userId)) relations.add("substitute");
  if (approval.status === "in_progress") {
    const current = steps.filter((step) => step.status === "pending" || step.status === "held");
    if (current.length > 0) {
      const absentFor = await substitutesFor(tx, tenantId, userId, now);
      if (current.some((step) => absentFor.includes(step.assigneeId))) relations.add("substitute");
    }
  }
  const participants = await tx
    .select({
      role: approvalParticipants.role,
      userId: approvalParticipants.userId,
      departmentId: approvalParticipants.departmentId,
    })
    .from(approvalParticipants)
    .where(
      and(
        eq(approvalParticipants.tenantId, tenantId),
        eq(approvalParticipants.approvalId, approval.id),
        sql`(${approvalParticipants.userId} = ${userId} or ${approvalParticipants.departmentId} = ${person.departmentId})`,
      ),
    );
  for (const participant of participants) {
    if (participant.role === "recipient") {
      if (approval.status === "completed" && participant.departmentId === person.departmentId) {
        relations.add("recipient");
      }
    } else if (participant.userId === userId) {
      relations.add(participant.role);
    }
  }
  return relations;
}
