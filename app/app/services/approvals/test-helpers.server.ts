import { BUILTIN_FORMS, type StepKind } from "@nuri/approval";
import { BODY, docFromState } from "@nuri/collab";
import { appendUpdate, readStoredState } from "@nuri/collab/store";
import {
  type Approval,
  type ApprovalStepRow,
  and,
  approvalAbsences,
  approvalAmendments,
  approvalEvents,
  approvalForms,
  approvalParticipants,
  approvalSteps,
  approvals,
  asc,
  type Db,
  departments,
  documents,
  eq,
  inArray,
  positions,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import { buildDepartment, buildTenant, buildUser } from "@nuri/db/testing";
import * as Y from "yjs";
import { readApprovalBody } from "./approval-body.server.ts";
import type { ApprovalsActor } from "./approval-state.server.ts";
import { recordSubmittedBody } from "./record-amendment.server.ts";

// Seeds for the approvals service tests (and the UI's): an agency with the org chart an
// approval line walks, its built-in forms, and approvals already submitted (상신) — written
// straight to the tables, the way the submit service leaves them, so that the action services
// can be tested on their own.

/** A person's acting context for a service test (every approvals service takes this shape). */
export function actingAs(
  db: Db,
  tenantId: string,
  user: { id: string; displayName?: string },
): ApprovalsActor {
  return {
    db,
    tenantId,
    userId: user.id,
    actor: { kind: "user", id: user.id, label: user.displayName ?? "시험사용자" },
    ip: "203.0.113.9",
  };
}

/** Inserts the built-in forms (기안문, 품의서 …) the way an agency starts with them; idempotent. */
export async function insertBuiltinForms(db: Db, tenantId: string): Promise<Map<string, string>> {
  return withTenant(db, tenantId, async (tx) => {
    await tx
      .insert(approvalForms)
      .values(
        BUILTIN_FORMS.map((form, index) => ({
          tenantId,
          key: form.key,
          name: form.name,
          description: form.description,
          fields: form.fields,
          amountField: form.amountField,
          defaultLine: form.defaultLine,
          builtin: true,
          sortOrder: index + 1,
        })),
      )
      .onConflictDoNothing();
    const rows = await tx
      .select({ id: approvalForms.id, key: approvalForms.key })
      .from(approvalForms)
      .where(eq(approvalForms.tenantId, tenantId));
    return new Map(rows.map((row) => [row.key, row.id]));
  });
}

/**
 * An agency whose org chart an approval walks: 디지털정부국 (국장) › 디지털정부정책과 (과장
 * 서민지, 주무관 권나은 the drafter, 주무관 최유진 the substitute), 운영지원과 and
 * 정보보호정책과 (one 협조자 each), and 한가람 of 운영지원과 who has nothing to do with any
 * approval. Positions 국장, 과장, 주무관 (sorted so); the built-in forms.
 */
export async function buildApprovalAgency(db: Db) {
  const tenant = await buildTenant(db, { name: "디지털행정부" });
  const bureau = await buildDepartment(db, tenant.id, { name: "디지털정부국", sortOrder: 1 });
  const division = await buildDepartment(db, tenant.id, {
    name: "디지털정부정책과",
    parentId: bureau.id,
    sortOrder: 1,
  });
  const security = await buildDepartment(db, tenant.id, {
    name: "정보보호정책과",
    parentId: bureau.id,
    sortOrder: 2,
  });
  const support = await buildDepartment(db, tenant.id, { name: "운영지원과", sortOrder: 2 });
  const [directorPosition, chiefPosition, officerPosition] = await withTenant(db, tenant.id, (tx) =>
    tx
      .insert(positions)
      .values([
        { tenantId: tenant.id, name: "국장", sortOrder: 1 },
        { tenantId: tenant.id, name: "과장", sortOrder: 2 },
        { tenantId: tenant.id, name: "주무관", sortOrder: 3 },
      ])
      .returning(),
  );
  const person = (displayName: string, departmentId: string, positionId: string) =>
    buildUser(db, tenant.id, { displayName, departmentId, positionId });
  const drafter = await person("권나은", division.id, officerPosition!.id);
  const chief = await person("서민지", division.id, chiefPosition!.id);
  const director = await person("김도윤", bureau.id, directorPosition!.id);
  const cooperator = await person("박지원", support.id, chiefPosition!.id);
  const secondCooperator = await person("이정훈", security.id, chiefPosition!.id);
  const substitute = await person("최유진", division.id, officerPosition!.id);
  const outsider = await person("한가람", support.id, officerPosition!.id);
  const forms = await insertBuiltinForms(db, tenant.id);
  return {
    tenant,
    bureau,
    division,
    security,
    support,
    positions: { director: directorPosition!, chief: chiefPosition!, officer: officerPosition! },
    drafter,
    chief,
    director,
    cooperator,
    secondCooperator,
    substitute,
    outsider,
    forms,
    as: (user: { id: string; displayName?: string }) => actingAs(db, tenant.id, user),
    /** An approval of 권나은 (디지털정부정책과) submitted along `steps`. */
    submit: (options: Partial<SubmittedApprovalOptions> & Pick<SubmittedApprovalOptions, "steps">) =>
      buildSubmittedApproval(db, tenant.id, { drafterId: drafter.id, departmentId: division.id, ...options }),
  };
}

export type ApprovalAgency = Awaited<ReturnType<typeof buildApprovalAgency>>;

export interface StepSpec {
  kind: StepKind;
  group: number;
  assigneeId: string;
  mayCloseByDelegation?: boolean;
}

export interface SubmittedApprovalOptions {
  drafterId: string;
  /** 처리과: the department whose registration numbers the document takes. */
  departmentId: string;
  steps: StepSpec[];
  title?: string;
  /** A built-in form's key (default 'general', 기안문). */
  formKey?: string;
  /** A form by id instead (saves looking the key up, for seeding many approvals). */
  formId?: string;
  /** The body's paragraphs. */
  body?: string[];
  /** 참조 people. */
  cc?: string[];
  /** 수신 departments. */
  recipients?: string[];
  submittedAt?: Date;
}

/** The Yjs state of a body of paragraphs, as the collab-server stores it. */
export function bodyState(paragraphs: readonly string[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    const blocks = paragraphs.map((words) => {
      const paragraph = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      text.insert(0, words);
      paragraph.insert(0, [text]);
      return paragraph;
    });
    doc.getXmlFragment(BODY).insert(0, blocks);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * An approval submitted (상신) and in progress, as the submit service leaves it: the body
 * document (purpose 'approval') with some text, the approval row with its records metadata,
 * the line (the first group pending, the others waiting, the holders' names and 직위 kept),
 * 참조 and 수신, the 'submit' event and the body at 상신 as the amendments' baseline.
 */
export async function buildSubmittedApproval(
  db: Db,
  tenantId: string,
  options: SubmittedApprovalOptions,
): Promise<{ approval: Approval; steps: ApprovalStepRow[]; bodyDocumentId: string }> {
  const formId = options.formId ?? (await insertBuiltinForms(db, tenantId)).get(options.formKey ?? "general");
  if (!formId) throw new Error(`no form ${options.formKey} in tenant ${tenantId}`);
  const title = options.title ?? "2026년 디지털정부 추진 계획 보고";
  const submittedAt = options.submittedAt ?? new Date();
  const paragraphs = options.body ?? [
    "1. 관련: 디지털정부정책과-100(2026. 1. 2.)",
    "2. 2026년 디지털정부 추진 계획을 붙임과 같이 보고합니다.",
  ];
  return withTenant(db, tenantId, async (tx) => {
    const state = bodyState(paragraphs);
    const [document] = await tx
      .insert(documents)
      .values({ tenantId, ownerId: options.drafterId, title, purpose: "approval", state })
      .returning({ id: documents.id });
    const body = await readApprovalBody(tx, document!.id);
    await tx
      .update(documents)
      .set({ contentText: body.text, contentHtml: body.html, projectedAt: submittedAt })
      .where(and(eq(documents.tenantId, tenantId), eq(documents.id, document!.id)));
    const [approval] = await tx
      .insert(approvals)
      .values({
        tenantId,
        formId,
        title,
        drafterId: options.drafterId,
        departmentId: options.departmentId,
        bodyDocumentId: document!.id,
        status: "in_progress",
        disclosure: "public",
        retention: "5y",
        submittedAt,
        createdAt: submittedAt,
        updatedAt: submittedAt,
      })
      .returning();
    const people = await snapshots(
      tx,
      tenantId,
      options.steps.map((step) => step.assigneeId),
    );
    const first = Math.min(...options.steps.map((step) => step.group));
    const steps =
      options.steps.length === 0
        ? []
        : await tx
            .insert(approvalSteps)
            .values(
              options.steps.map((step, index) => {
                const holder = people.get(step.assigneeId);
                return {
                  tenantId,
                  approvalId: approval!.id,
                  group: step.group,
                  ordinal: index + 1,
                  kind: step.kind,
                  assigneeId: step.assigneeId,
                  mayCloseByDelegation: step.mayCloseByDelegation ?? false,
                  status: step.group === first ? ("pending" as const) : ("waiting" as const),
                  assigneeName: holder?.name ?? "",
                  assigneePosition: holder?.position ?? "",
                  assigneeDepartment: holder?.department ?? "",
                };
              }),
            )
            .returning();
    const participants = [
      ...(options.cc ?? []).map((userId) => ({ role: "cc" as const, userId, departmentId: null })),
      ...(options.recipients ?? []).map((departmentId) => ({
        role: "recipient" as const,
        userId: null,
        departmentId,
      })),
    ];
    if (participants.length > 0) {
      await tx.insert(approvalParticipants).values(
        participants.map((participant) => ({
          tenantId,
          approvalId: approval!.id,
          addedBy: options.drafterId,
          ...participant,
        })),
      );
    }
    await tx.insert(approvalEvents).values({
      tenantId,
      approvalId: approval!.id,
      action: "submit",
      actorId: options.drafterId,
    });
    await recordSubmittedBody(tx, {
      tenantId,
      approvalId: approval!.id,
      bodyDocumentId: document!.id,
      drafterId: options.drafterId,
      body,
    });
    return {
      approval: approval!,
      steps: steps.sort((a, b) => a.ordinal - b.ordinal),
      bodyDocumentId: document!.id,
    };
  });
}

/** The holders' names, 직위 and departments as a line keeps them. */
async function snapshots(tx: TenantTx, tenantId: string, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, { name: string; position: string; department: string }>();
  const rows = await tx
    .select({
      id: users.id,
      name: users.displayName,
      position: positions.name,
      department: departments.name,
    })
    .from(users)
    .leftJoin(positions, and(eq(positions.tenantId, users.tenantId), eq(positions.id, users.positionId)))
    .leftJoin(
      departments,
      and(eq(departments.tenantId, users.tenantId), eq(departments.id, users.departmentId)),
    )
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, userIds)));
  return new Map(
    rows.map((row) => [
      row.id,
      { name: row.name, position: row.position ?? "", department: row.department ?? "" },
    ]),
  );
}

/** A 부재 설정: `userId` is away from `startsAt` to `endsAt` and `substituteId` signs (대결). */
export async function setAbsence(
  db: Db,
  tenantId: string,
  absence: { userId: string; substituteId: string; startsAt: Date; endsAt: Date; reason?: string },
) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .insert(approvalAbsences)
      .values({ tenantId, reason: "연가", ...absence })
      .returning(),
  );
  return row!;
}

/** Appends a paragraph to the body, as the collab-server stores an approver's edit. */
export async function appendBodyParagraph(db: Db, tenantId: string, documentId: string, words: string) {
  await withTenant(db, tenantId, async (tx) => {
    const stored = await readStoredState(tx, documentId);
    const doc = docFromState(stored?.parts ?? []);
    try {
      const before = Y.encodeStateVector(doc);
      const body = doc.getXmlFragment(BODY);
      const paragraph = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      text.insert(0, words);
      paragraph.insert(0, [text]);
      body.insert(body.length, [paragraph]);
      await appendUpdate(tx, tenantId, documentId, Y.encodeStateAsUpdate(doc, before));
    } finally {
      doc.destroy();
    }
  });
}

/** The approval row as stored. */
export async function readApproval(db: Db, tenantId: string, approvalId: string) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(approvals)
      .where(and(eq(approvals.tenantId, tenantId), eq(approvals.id, approvalId))),
  );
  return row ?? null;
}

/** The approval's steps in line order. */
export function stepsOf(db: Db, tenantId: string, approvalId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(approvalSteps)
      .where(and(eq(approvalSteps.tenantId, tenantId), eq(approvalSteps.approvalId, approvalId)))
      .orderBy(asc(approvalSteps.ordinal)),
  );
}

/** The approval's history, oldest first. */
export function eventsOf(db: Db, tenantId: string, approvalId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(approvalEvents)
      .where(and(eq(approvalEvents.tenantId, tenantId), eq(approvalEvents.approvalId, approvalId)))
      .orderBy(asc(approvalEvents.seq)),
  );
}

/** The approval's amendment rows (baseline included), oldest first. */
export function amendmentRowsOf(db: Db, tenantId: string, approvalId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(approvalAmendments)
      .where(and(eq(approvalAmendments.tenantId, tenantId), eq(approvalAmendments.approvalId, approvalId)))
      .orderBy(asc(approvalAmendments.createdAt)),
  );
}

/** The approval's participants (참조, 수신, 공람 …). */
export function participantsOf(db: Db, tenantId: string, approvalId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(approvalParticipants)
      .where(
        and(eq(approvalParticipants.tenantId, tenantId), eq(approvalParticipants.approvalId, approvalId)),
      )
      .orderBy(asc(approvalParticipants.createdAt)),
  );
}
