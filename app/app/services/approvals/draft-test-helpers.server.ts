import {
  and,
  approvalDelegationRules,
  approvalEvents,
  approvalForms,
  approvalParticipants,
  approvalSteps,
  approvals,
  asc,
  type Db,
  documents,
  eq,
  positions,
  users,
  withTenant,
} from "@nuri/db";
import { buildDepartment, buildTenant, buildUser } from "@nuri/db/testing";
import { actingAs } from "../documents/test-helpers.server.ts";
import { ensureBuiltinForms } from "./ensure-builtin-forms.server.ts";
import { type DraftChanges, updateDraft } from "./update-draft.server.ts";

// Shared set-up of the draft-side approvals tests: an agency shaped like the demo one
// (디지털정부국 › 디지털정부정책과, and 운영지원과), people with 직위, the built-in forms, the
// 위임전결 rules of 지출결의서, and what the database holds afterwards.

/** Inserts the tenant's 직위 in order of seniority; answers their ids by name. */
async function buildPositions(db: Db, tenantId: string, names: string[]): Promise<Record<string, string>> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .insert(positions)
      .values(names.map((name, index) => ({ tenantId, name, sortOrder: index })))
      .returning({ id: positions.id, name: positions.name }),
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.id]));
}

/**
 * The demo-like agency: 디지털정부국 (국장 오준영) › 디지털정부정책과 (과장 서민지, 팀장 신재민,
 * 주무관 권나은 who drafts, 주무관 이도윤), and 운영지원과 (과장 한지수, 주무관 박지원). 지출결의서
 * is closed (전결) by the 과장 up to 1,000,000원 and by the 국장 above.
 */
export async function buildApprovalAgency(db: Db) {
  const tenant = await buildTenant(db);
  const position = await buildPositions(db, tenant.id, ["장관", "국장", "과장", "팀장", "담당"]);
  const bureau = await buildDepartment(db, tenant.id, { name: "디지털정부국" });
  const division = await buildDepartment(db, tenant.id, { name: "디지털정부정책과", parentId: bureau.id });
  const support = await buildDepartment(db, tenant.id, { name: "운영지원과" });
  const person = (displayName: string, departmentId: string, positionName: string) =>
    buildUser(db, tenant.id, { displayName, departmentId, positionId: position[positionName] });
  const director = await person("오준영", bureau.id, "국장");
  const head = await person("서민지", division.id, "과장");
  const lead = await person("신재민", division.id, "팀장");
  const drafter = await person("권나은", division.id, "담당");
  const colleague = await person("이도윤", division.id, "담당");
  const supportHead = await person("한지수", support.id, "과장");
  const outsider = await person("박지원", support.id, "담당");

  const forms = await withTenant(db, tenant.id, async (tx) => {
    await ensureBuiltinForms(tx, tenant.id);
    return tx
      .select({ id: approvalForms.id, key: approvalForms.key })
      .from(approvalForms)
      .where(eq(approvalForms.tenantId, tenant.id));
  });
  const form = Object.fromEntries(forms.map((row) => [row.key, row.id])) as Record<
    "general" | "proposal" | "expense" | "leave" | "trip",
    string
  >;
  await withTenant(db, tenant.id, (tx) =>
    tx.insert(approvalDelegationRules).values([
      {
        tenantId: tenant.id,
        formId: form.expense,
        maxAmount: 1_000_000,
        closerPositionId: position.과장!,
        sortOrder: 0,
      },
      {
        tenantId: tenant.id,
        formId: form.expense,
        maxAmount: null,
        closerPositionId: position.국장!,
        sortOrder: 1,
      },
    ]),
  );

  return {
    tenant,
    position: position as Record<"장관" | "국장" | "과장" | "팀장" | "담당", string>,
    bureau,
    division,
    support,
    director,
    head,
    lead,
    drafter,
    colleague,
    supportHead,
    outsider,
    form,
    as: (user: { id: string }) => actingAs(db, tenant.id, user.id),
  };
}

export type ApprovalAgency = Awaited<ReturnType<typeof buildApprovalAgency>>;

/** Everything 상신 asks of a 기안문 besides its line: a title and the records metadata. */
export const READY: DraftChanges = {
  title: "2026년 디지털정부 추진 계획 보고",
  records: { disclosure: "public", disclosureGrounds: [], retention: "5y" },
};

/** Saves `changes` as the drafter (a seed through the service itself). */
export async function saveDraft(
  a: ApprovalAgency,
  approvalId: string,
  changes: DraftChanges,
  as = a.drafter,
) {
  await updateDraft(a.as(as), { approvalId, ...changes });
}

export async function readApproval(db: Db, tenantId: string, approvalId: string) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(approvals)
      .where(and(eq(approvals.tenantId, tenantId), eq(approvals.id, approvalId))),
  );
  return row ?? null;
}

export async function stepsOf(db: Db, tenantId: string, approvalId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(approvalSteps)
      .where(and(eq(approvalSteps.tenantId, tenantId), eq(approvalSteps.approvalId, approvalId)))
      .orderBy(asc(approvalSteps.ordinal)),
  );
}

export async function participantsOf(db: Db, tenantId: string, approvalId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(approvalParticipants)
      .where(
        and(eq(approvalParticipants.tenantId, tenantId), eq(approvalParticipants.approvalId, approvalId)),
      )
      .orderBy(asc(approvalParticipants.role), asc(approvalParticipants.createdAt)),
  );
}

export async function eventsOf(db: Db, tenantId: string, approvalId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(approvalEvents)
      .where(and(eq(approvalEvents.tenantId, tenantId), eq(approvalEvents.approvalId, approvalId)))
      .orderBy(asc(approvalEvents.seq)),
  );
}

export async function bodyOf(db: Db, tenantId: string, documentId: string) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(documents)
      .where(and(eq(documents.tenantId, tenantId), eq(documents.id, documentId))),
  );
  return row ?? null;
}

/** Disables a person, as an administrator does when someone retires. */
export async function retire(db: Db, tenantId: string, userId: string) {
  await withTenant(db, tenantId, (tx) =>
    tx
      .update(users)
      .set({ status: "disabled" })
      .where(and(eq(users.tenantId, tenantId), eq(users.id, userId))),
  );
}

/**
 * Puts a submitted document in the state the action services leave after a 반려 to the
 * drafter (seeded here: the action side is another service's and tested there).
 */
export async function markRejected(db: Db, tenantId: string, approvalId: string, byStepOrdinal = 1) {
  await withTenant(db, tenantId, async (tx) => {
    await tx
      .update(approvals)
      .set({ status: "rejected" })
      .where(and(eq(approvals.tenantId, tenantId), eq(approvals.id, approvalId)));
    await tx
      .update(approvalSteps)
      .set({ status: "waiting" })
      .where(and(eq(approvalSteps.tenantId, tenantId), eq(approvalSteps.approvalId, approvalId)));
    const [step] = await tx
      .select()
      .from(approvalSteps)
      .where(
        and(
          eq(approvalSteps.tenantId, tenantId),
          eq(approvalSteps.approvalId, approvalId),
          eq(approvalSteps.ordinal, byStepOrdinal),
        ),
      );
    await tx
      .update(approvalSteps)
      .set({ status: "rejected", actedBy: step!.assigneeId, actedAt: new Date() })
      .where(and(eq(approvalSteps.tenantId, tenantId), eq(approvalSteps.id, step!.id)));
  });
}
