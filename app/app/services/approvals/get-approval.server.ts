import {
  type Action,
  availableActions,
  type FormField,
  formatWonWithWords,
  type LineProblem,
  MAX_AMOUNT,
  validateLine,
} from "@nuri/approval";
import type { CollabPermission } from "@nuri/auth";
import {
  type Approval,
  type ApprovalStepRow,
  and,
  approvalAmendments,
  approvalEvents,
  approvalForms,
  approvalParticipants,
  approvals,
  asc,
  departments,
  eq,
  withTenant,
} from "@nuri/db";
import { isUuid } from "../documents/spaces-context.server.ts";
import { arrangeDepartments, flattenDepartments } from "../org/department-tree.ts";
import { type ApprovalAttachment, listAttachments } from "./approval-attachments.server.ts";
import {
  type ApprovalRelation,
  type ApprovalsActor,
  loadApproval,
  relationsToApproval,
  substitutesFor,
} from "./approval-state.server.ts";
import { isEditableStatus, loadPeople, mayTakePart } from "./draft-shared.server.ts";
import { bodyPermission } from "./issue-approval-ticket.server.ts";

/** A person as the approval page names them. */
export interface ApprovalPersonRef {
  id: string;
  name: string;
  positionName: string;
  departmentName: string;
  /** Still at work (a disabled person in a draft's line must be replaced before 상신). */
  active: boolean;
}

/** One step of the line, with its holder as the 결재란 shows them and how it was signed. */
export interface ApprovalStepView {
  id: string;
  ordinal: number;
  group: number;
  kind: ApprovalStepRow["kind"];
  status: ApprovalStepRow["status"];
  mayCloseByDelegation: boolean;
  assigneeId: string;
  /** The snapshot columns: the holder as drawn into the line (refreshed at 상신). */
  assigneeName: string;
  assigneePosition: string;
  assigneeDepartment: string;
  assigneeActive: boolean;
  actedBy: string | null;
  actedByName: string | null;
  actedByPosition: string | null;
  actedAt: Date | null;
  signedAs: ApprovalStepRow["signedAs"];
  postApproval: ApprovalStepRow["postApproval"];
  postApprovedAt: Date | null;
  /** Its turn now (pending or held). */
  current: boolean;
}

/** One entry of the history, with its 의견. */
export interface ApprovalEventView {
  id: string;
  seq: number;
  action: string;
  actorId: string;
  actorName: string;
  onBehalfOf: string | null;
  onBehalfOfName: string | null;
  stepId: string | null;
  opinion: string | null;
  createdAt: Date;
}

/** Everything the approval page shows, for one viewer. */
export interface ApprovalView {
  id: string;
  status: Approval["status"];
  title: string;
  form: { id: string; key: string; name: string; fields: FormField[]; amountField: string | null };
  /** The form's values by field key. */
  values: Record<string, unknown>;
  /** The files of the attachment fields (붙임), in each field's order. */
  attachments: ApprovalAttachment[];
  amount: number | null;
  /** 금113,560원(금일십일만삼천오백육십원), when there is an amount. */
  amountInWords: string | null;
  records: {
    disclosure: Approval["disclosure"];
    disclosureGrounds: number[];
    retention: Approval["retention"];
  };
  drafter: ApprovalPersonRef;
  /** 처리과. */
  department: { id: string; name: string };
  bodyDocumentId: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  completedAt: Date | null;
  effectiveDate: string | null;
  registrationNumber: string | null;
  /** The rejected document this one redrafts, and the redraft made of this one. */
  redraftOf: string | null;
  redraftedAs: string | null;
  line: ApprovalStepView[];
  /** What 상신 would refuse in the line as it stands (draft and withdrawn only; else empty). */
  lineProblems: LineProblem[];
  coDrafters: ApprovalPersonRef[];
  cc: (ApprovalPersonRef & { readAt: Date | null })[];
  recipients: { id: string; name: string; path: string }[];
  circulation: (ApprovalPersonRef & { readAt: Date | null })[];
  events: ApprovalEventView[];
  amendments: {
    id: string;
    stepId: string | null;
    authorId: string;
    authorName: string;
    versionId: string;
    createdAt: Date;
  }[];
  viewer: {
    relations: ApprovalRelation[];
    /** The buttons to show, in order (availableActions). */
    actions: Action["type"][];
    /** The people the viewer may sign for under 대결 now (for proxy-approve's forPersonId). */
    substituteFor: string[];
    /** The viewer may save changes to the draft (updateDraft). */
    mayEdit: boolean;
    /** The viewer may redraft it (redraftApproval). */
    mayRedraft: boolean;
    /** What the viewer's collab ticket for the body carries. */
    bodyPermission: CollabPermission;
  };
}

/**
 * The approval page for `ctx.userId`: the form and its values, the line with names, 직위,
 * status and how each step was signed, the participants, the history with its 의견, and what
 * the viewer may do (availableActions with their 대결 standing). Null — the route answers 404 —
 * when it does not exist in the tenant or the viewer has no relation to it.
 */
export async function getApprovalView(
  ctx: Pick<ApprovalsActor, "db" | "tenantId" | "userId">,
  approvalId: string,
  now: Date = new Date(),
): Promise<ApprovalView | null> {
  if (!isUuid(approvalId)) return null;
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const { tenantId, userId } = ctx;
    const loaded = await loadApproval(tx, tenantId, approvalId);
    if (!loaded) return null;
    const relations = await relationsToApproval(tx, tenantId, loaded, userId, now);
    if (relations.size === 0) return null;
    const { approval, steps, state } = loaded;

    const [form] = await tx
      .select()
      .from(approvalForms)
      .where(and(eq(approvalForms.tenantId, tenantId), eq(approvalForms.id, approval.formId)));
    const participants = await tx
      .select()
      .from(approvalParticipants)
      .where(
        and(eq(approvalParticipants.tenantId, tenantId), eq(approvalParticipants.approvalId, approval.id)),
      )
      .orderBy(asc(approvalParticipants.createdAt), asc(approvalParticipants.id));
    const events = await tx
      .select()
      .from(approvalEvents)
      .where(and(eq(approvalEvents.tenantId, tenantId), eq(approvalEvents.approvalId, approval.id)))
      .orderBy(asc(approvalEvents.seq));
    const amendments = await tx
      .select()
      .from(approvalAmendments)
      .where(and(eq(approvalAmendments.tenantId, tenantId), eq(approvalAmendments.approvalId, approval.id)))
      .orderBy(asc(approvalAmendments.createdAt));
    const [redraft] = await tx
      .select({ id: approvals.id })
      .from(approvals)
      .where(and(eq(approvals.tenantId, tenantId), eq(approvals.redraftOf, approval.id)))
      .limit(1);

    const people = await loadPeople(tx, tenantId, [
      approval.drafterId,
      ...steps.map((step) => step.assigneeId),
      ...participants.flatMap((p) => (p.userId ? [p.userId] : [])),
      ...events.flatMap((e) => [e.actorId, ...(e.onBehalfOf ? [e.onBehalfOf] : [])]),
      ...amendments.map((a) => a.authorId),
    ]);
    const ref = (id: string): ApprovalPersonRef => {
      const person = people.get(id);
      return {
        id,
        name: person?.name ?? "",
        positionName: person?.positionName ?? "",
        departmentName: person?.departmentName ?? "",
        active: mayTakePart(person),
      };
    };
    const nameOf = (id: string) => people.get(id)?.name ?? "";

    const recipientIds = participants.flatMap((p) =>
      p.role === "recipient" && p.departmentId ? [p.departmentId] : [],
    );
    let recipients: ApprovalView["recipients"] = [];
    let departmentName = "";
    {
      const all = await tx.select().from(departments).where(eq(departments.tenantId, tenantId));
      const nodes = new Map(flattenDepartments(arrangeDepartments(all)).map((node) => [node.id, node]));
      recipients = recipientIds.map((id) => ({
        id,
        name: nodes.get(id)?.name ?? "",
        path: nodes.get(id)?.path ?? "",
      }));
      departmentName = nodes.get(approval.departmentId)?.name ?? "";
    }

    const substituteFor = await substitutesFor(tx, tenantId, userId, now);
    const editable = isEditableStatus(approval.status);
    const isDrafting = relations.has("drafter") || relations.has("co_drafter");
    const amount = approval.amount;

    return {
      id: approval.id,
      status: approval.status,
      title: approval.title,
      form: {
        id: approval.formId,
        key: form?.key ?? "",
        name: form?.name ?? "",
        fields: (form?.fields ?? []) as FormField[],
        amountField: form?.amountField ?? null,
      },
      values: approval.fields,
      attachments: await listAttachments(tx, tenantId, approval),
      amount,
      amountInWords: amount !== null && amount <= MAX_AMOUNT ? formatWonWithWords(amount) : null,
      records: {
        disclosure: approval.disclosure,
        disclosureGrounds: approval.disclosureGrounds,
        retention: approval.retention,
      },
      drafter: ref(approval.drafterId),
      department: { id: approval.departmentId, name: departmentName },
      bodyDocumentId: approval.bodyDocumentId,
      createdAt: approval.createdAt,
      updatedAt: approval.updatedAt,
      submittedAt: approval.submittedAt,
      completedAt: approval.completedAt,
      effectiveDate: approval.effectiveDate,
      registrationNumber: approval.registrationNumber,
      redraftOf: approval.redraftOf,
      redraftedAs: redraft?.id ?? null,
      line: steps.map((step) => ({
        id: step.id,
        ordinal: step.ordinal,
        group: step.group,
        kind: step.kind,
        status: step.status,
        mayCloseByDelegation: step.mayCloseByDelegation,
        assigneeId: step.assigneeId,
        assigneeName: step.assigneeName,
        assigneePosition: step.assigneePosition,
        assigneeDepartment: step.assigneeDepartment,
        assigneeActive: mayTakePart(people.get(step.assigneeId)),
        actedBy: step.actedBy,
        actedByName: step.actedByName,
        actedByPosition: step.actedByPosition,
        actedAt: step.actedAt,
        signedAs: step.signedAs,
        postApproval: step.postApproval,
        postApprovedAt: step.postApprovedAt,
        current: step.status === "pending" || step.status === "held",
      })),
      lineProblems: editable ? lineProblemsOf(state.steps, state.drafterId) : [],
      coDrafters: participants.filter((p) => p.role === "co_drafter" && p.userId).map((p) => ref(p.userId!)),
      cc: participants
        .filter((p) => p.role === "cc" && p.userId)
        .map((p) => ({ ...ref(p.userId!), readAt: p.readAt })),
      recipients,
      circulation: participants
        .filter((p) => p.role === "circulation" && p.userId)
        .map((p) => ({ ...ref(p.userId!), readAt: p.readAt })),
      events: events.map((event) => ({
        id: event.id,
        seq: event.seq,
        action: event.action,
        actorId: event.actorId,
        actorName: nameOf(event.actorId),
        onBehalfOf: event.onBehalfOf,
        onBehalfOfName: event.onBehalfOf ? nameOf(event.onBehalfOf) : null,
        stepId: event.stepId,
        opinion: event.opinion,
        createdAt: event.createdAt,
      })),
      amendments: amendments.map((amendment) => ({
        id: amendment.id,
        stepId: amendment.stepId,
        authorId: amendment.authorId,
        authorName: nameOf(amendment.authorId),
        versionId: amendment.versionId,
        createdAt: amendment.createdAt,
      })),
      viewer: {
        relations: [...relations],
        actions: availableActions(state, { personId: userId, substituteFor }),
        substituteFor,
        mayEdit: editable && isDrafting,
        mayRedraft: approval.status === "rejected" && isDrafting && !redraft,
        bodyPermission: (await bodyPermission(tx, tenantId, loaded, userId, now)) ?? "read",
      },
    };
  });
}

function lineProblemsOf(steps: Parameters<typeof validateLine>[0], drafterId: string): LineProblem[] {
  const checked = validateLine(steps, drafterId);
  return checked.ok ? [] : checked.problems;
}
