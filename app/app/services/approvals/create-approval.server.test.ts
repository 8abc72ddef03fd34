import { and, approvalForms, approvals, count, documents, eq, users, withTenant } from "@nuri/db";
import { buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { auditSince, lastAuditSeq, outcome, refusal } from "../documents/test-helpers.server.ts";
import { createApproval } from "./create-approval.server.ts";
import { bodyOf, buildApprovalAgency, eventsOf, readApproval, stepsOf } from "./draft-test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

async function counts(tenantId: string) {
  return withTenant(db, tenantId, async (tx) => {
    const [a] = await tx.select({ n: count() }).from(approvals).where(eq(approvals.tenantId, tenantId));
    const [d] = await tx.select({ n: count() }).from(documents).where(eq(documents.tenantId, tenantId));
    return { approvals: a!.n, documents: d!.n };
  });
}

describe("createApproval", () => {
  it("starts a draft with its own body, the drafter's department as 처리과 and the proposed line", async () => {
    const a = await buildApprovalAgency(db);
    const before = await lastAuditSeq(db, a.tenant.id);
    const id = await createApproval(a.as(a.drafter), { formId: a.form.expense });

    const approval = (await readApproval(db, a.tenant.id, id))!;
    expect(approval).toMatchObject({
      formId: a.form.expense,
      status: "draft",
      title: "",
      drafterId: a.drafter.id,
      departmentId: a.division.id,
      disclosure: null,
      retention: null,
      submittedAt: null,
      registrationNumber: null,
    });
    const body = (await bodyOf(db, a.tenant.id, approval.bodyDocumentId))!;
    expect(body).toMatchObject({
      purpose: "approval",
      ownerId: a.drafter.id,
      departmentId: a.division.id,
      title: "지출결의서",
      state: null,
    });
    // no amount yet: the rule without a ceiling (국장) applies
    const steps = await stepsOf(db, a.tenant.id, id);
    expect(
      steps.map((s) => [
        s.ordinal,
        s.group,
        s.kind,
        s.status,
        s.assigneeName,
        s.assigneePosition,
        s.assigneeDepartment,
      ]),
    ).toEqual([
      [1, 1, "review", "waiting", "서민지", "과장", "디지털정부정책과"],
      [2, 2, "approve", "waiting", "오준영", "국장", "디지털정부국"],
    ]);
    const events = await eventsOf(db, a.tenant.id, id);
    expect(events.map((e) => [e.action, e.actorId])).toEqual([["draft", a.drafter.id]]);
    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((e) => [e.action, e.targetType, e.targetId, e.actorId])).toEqual([
      ["approval.draft", "approval", id, a.drafter.id],
    ]);
    expect(audit[0]!.details).toMatchObject({ form: "expense", departmentId: a.division.id, line: 2 });
  });

  it("refuses a person without a department, with nothing written", async () => {
    const a = await buildApprovalAgency(db);
    const loner = await buildUser(db, a.tenant.id, { displayName: "무소속" });
    const before = await counts(a.tenant.id);
    const error = await refusal(createApproval(a.as(loner), { formId: a.form.general }));
    expect([error.status, error.code, error.messageKey]).toEqual([
      400,
      "approvals.no-department",
      "approvals.errors.noDepartment",
    ]);
    expect(await counts(a.tenant.id)).toEqual(before);
  });

  it("refuses a pupil and a disabled person", async () => {
    const a = await buildApprovalAgency(db);
    const pupil = await buildUser(db, a.tenant.id, { role: "student", departmentId: a.division.id });
    expect(await outcome(createApproval(a.as(pupil), { formId: a.form.general }))).toBe(
      "403 approvals.not-allowed",
    );
    await withTenant(db, a.tenant.id, (tx) =>
      tx.update(users).set({ status: "disabled" }).where(eq(users.id, a.colleague.id)),
    );
    expect(await outcome(createApproval(a.as(a.colleague), { formId: a.form.general }))).toBe(
      "403 approvals.not-allowed",
    );
  });

  it("refuses an archived form, a malformed id and the form of another agency as not found", async () => {
    const mine = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    await withTenant(db, mine.tenant.id, (tx) =>
      tx
        .update(approvalForms)
        .set({ archivedAt: new Date() })
        .where(and(eq(approvalForms.tenantId, mine.tenant.id), eq(approvalForms.id, mine.form.leave))),
    );
    for (const formId of [mine.form.leave, "not-a-uuid", theirs.form.general]) {
      expect(await outcome(createApproval(mine.as(mine.drafter), { formId })), formId).toBe(
        "404 approvals.form.not-found",
      );
    }
    // their person, pointed at my agency, is no one here
    expect(await outcome(createApproval(mine.as(theirs.drafter), { formId: mine.form.general }))).toBe(
      "403 approvals.not-allowed",
    );
    expect(await counts(theirs.tenant.id)).toMatchObject({ approvals: 0 });
  });
});
