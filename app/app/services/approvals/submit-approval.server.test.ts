import { and, approvalSteps, approvals, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import {
  auditSince,
  lastAuditSeq,
  listenForNotices,
  notificationsOf,
  outcome,
  refusal,
} from "../documents/test-helpers.server.ts";
import { createApproval } from "./create-approval.server.ts";
import { ApprovalFieldError } from "./draft-shared.server.ts";
import {
  buildApprovalAgency,
  eventsOf,
  READY,
  readApproval,
  retire,
  saveDraft,
  stepsOf,
} from "./draft-test-helpers.server.ts";
import { proposeLine } from "./propose-line.server.ts";
import { submitApproval } from "./submit-approval.server.ts";
import { type DraftChanges, updateDraft } from "./update-draft.server.ts";

const { app } = connectTestDatabase();
const db = app.db;
const notices = listenForNotices(app);

type Agency = Awaited<ReturnType<typeof buildApprovalAgency>>;

/** A 기안문 ready for 상신 but for `changes`. */
async function readyDraft(a: Agency, changes: DraftChanges = {}) {
  const id = await createApproval(a.as(a.drafter), { formId: a.form.general });
  await saveDraft(a, id, { ...READY, ...changes });
  return id;
}

async function fieldRefusal(promise: Promise<unknown>) {
  const error = await refusal(promise);
  expect(error).toBeInstanceOf(ApprovalFieldError);
  const { field, messageKey, params } = error as ApprovalFieldError;
  return { field, messageKey, params };
}

describe("submitApproval (상신)", () => {
  it("takes a 지출결의서 from draft through the proposed line to the first holder's 결재대기", async () => {
    const a = await buildApprovalAgency(db);
    const id = await createApproval(a.as(a.drafter), { formId: a.form.expense });
    // the drafter fills in 800,000원: the line the rules propose for it is the 과장's 전결
    const line = await withTenant(db, a.tenant.id, (tx) =>
      proposeLine(tx, {
        tenantId: a.tenant.id,
        drafterId: a.drafter.id,
        formId: a.form.expense,
        amount: 800_000,
      }),
    );
    expect(line).toEqual([{ kind: "approve", group: 1, assigneeId: a.head.id, mayCloseByDelegation: true }]);
    await updateDraft(a.as(a.drafter), {
      approvalId: id,
      title: "클라우드 사용료 지출",
      fields: { amount: "800,000", budget_item: "운영비", payee: "누리클라우드" },
      records: { disclosure: "private", disclosureGrounds: [5], retention: "5y" },
      line,
      cc: [a.lead.id],
    });
    const approval = (await readApproval(db, a.tenant.id, id))!;
    const seq = await lastAuditSeq(db, a.tenant.id);
    const now = new Date("2026-03-02T01:00:00Z");
    await submitApproval(a.as(a.drafter), { approvalId: id, opinion: "  검토 부탁드립니다.  " }, now);

    expect(await readApproval(db, a.tenant.id, id)).toMatchObject({
      status: "in_progress",
      submittedAt: now,
      amount: 800_000,
      registrationNumber: null,
    });
    const steps = await stepsOf(db, a.tenant.id, id);
    expect(steps.map((s) => [s.kind, s.status, s.assigneeId, s.mayCloseByDelegation])).toEqual([
      ["approve", "pending", a.head.id, true],
    ]);
    const events = await eventsOf(db, a.tenant.id, id);
    expect(events.map((e) => [e.action, e.actorId, e.opinion])).toEqual([
      ["draft", a.drafter.id, null],
      ["submit", a.drafter.id, "검토 부탁드립니다."],
    ]);
    const told = await notificationsOf(db, a.tenant.id);
    expect(told.map((n) => [n.userId, n.kind, n.targetType, n.targetId, n.actorId])).toEqual([
      [a.head.id, "approval.task", "approval", id, a.drafter.id],
    ]);
    const audit = await auditSince(db, a.tenant.id, seq);
    expect(audit.map((e) => [e.action, e.targetId])).toEqual([["approval.submit", id]]);
    await notices.waitFor(
      (n) => n.tenantId === a.tenant.id && n.kind === "recheck" && n.documentId === approval.bodyDocumentId,
      "the body's recheck",
    );
  });

  it("decides 전결 from the 위임전결 rules at 상신, not from what the draft posted", async () => {
    const a = await buildApprovalAgency(db);
    const id = await createApproval(a.as(a.drafter), { formId: a.form.expense });
    // A forged draft: 전결 on the 국장's 결재 step and not on the 과장's, for 800,000원.
    await updateDraft(a.as(a.drafter), {
      approvalId: id,
      title: "지출",
      fields: { amount: "800,000", budget_item: "운영비", payee: "누리클라우드" },
      records: { disclosure: "public", disclosureGrounds: [], retention: "5y" },
      line: [
        { kind: "review", group: 1, assigneeId: a.head.id, mayCloseByDelegation: false },
        { kind: "approve", group: 2, assigneeId: a.director.id, mayCloseByDelegation: true },
      ],
    });
    await submitApproval(a.as(a.drafter), { approvalId: id });
    const steps = await stepsOf(db, a.tenant.id, id);
    // up to 1,000,000원 the 과장 closes the line; the 국장 holds no delegated authority
    expect(steps.map((s) => [s.assigneeId, s.mayCloseByDelegation])).toEqual([
      [a.head.id, true],
      [a.director.id, false],
    ]);
  });

  it("tells only the first group: both parallel 협조자, not the 결재권자 after them", async () => {
    const a = await buildApprovalAgency(db);
    const id = await readyDraft(a, {
      line: [
        { kind: "cooperate", group: 1, assigneeId: a.supportHead.id },
        { kind: "cooperate", group: 1, assigneeId: a.outsider.id },
        { kind: "approve", group: 2, assigneeId: a.head.id },
      ],
    });
    await submitApproval(a.as(a.drafter), { approvalId: id });
    expect((await stepsOf(db, a.tenant.id, id)).map((s) => s.status)).toEqual([
      "pending",
      "pending",
      "waiting",
    ]);
    expect((await notificationsOf(db, a.tenant.id)).map((n) => n.userId).sort()).toEqual(
      [a.supportHead.id, a.outsider.id].sort(),
    );
  });

  it("requires 공개구분 and 보존기간, and a ground for 부분공개 and 비공개", async () => {
    const a = await buildApprovalAgency(db);
    const cases: [DraftChanges["records"], string, string][] = [
      [
        { disclosure: null, disclosureGrounds: [], retention: "5y" },
        "disclosure",
        "approvals.errors.disclosureRequired",
      ],
      [
        { disclosure: "public", disclosureGrounds: [], retention: null },
        "retention",
        "approvals.errors.retentionRequired",
      ],
      [
        { disclosure: "private", disclosureGrounds: [], retention: "5y" },
        "disclosureGrounds",
        "approvals.errors.groundRequired",
      ],
      [
        { disclosure: "partial", disclosureGrounds: [], retention: "5y" },
        "disclosureGrounds",
        "approvals.errors.groundRequired",
      ],
      [
        { disclosure: "public", disclosureGrounds: [3], retention: "5y" },
        "disclosureGrounds",
        "approvals.errors.groundForPublic",
      ],
    ];
    for (const [records, field, messageKey] of cases) {
      const id = await readyDraft(a, { records });
      expect(
        await fieldRefusal(submitApproval(a.as(a.drafter), { approvalId: id })),
        JSON.stringify(records),
      ).toMatchObject({
        field,
        messageKey,
      });
      expect((await readApproval(db, a.tenant.id, id))!.status).toBe("draft");
    }
    const id = await readyDraft(a, {
      records: { disclosure: "private", disclosureGrounds: [1, 8], retention: "permanent" },
    });
    await submitApproval(a.as(a.drafter), { approvalId: id });
    expect((await readApproval(db, a.tenant.id, id))!.status).toBe("in_progress");
  });

  it("requires a title and the form's required values", async () => {
    const a = await buildApprovalAgency(db);
    const untitled = await readyDraft(a, { title: "   " });
    expect(await fieldRefusal(submitApproval(a.as(a.drafter), { approvalId: untitled }))).toMatchObject({
      field: "title",
      messageKey: "approvals.errors.titleRequired",
    });
    const expense = await createApproval(a.as(a.drafter), { formId: a.form.expense });
    await saveDraft(a, expense, { ...READY, fields: { amount: 50_000, budget_item: "운영비" } });
    expect(await fieldRefusal(submitApproval(a.as(a.drafter), { approvalId: expense }))).toMatchObject({
      field: "fields.payee",
      messageKey: "approvals.errors.field.required",
      params: { label: "지급 대상" },
    });
    const leave = await createApproval(a.as(a.drafter), { formId: a.form.leave });
    await saveDraft(a, leave, {
      ...READY,
      fields: { leave_type: "연가", start_date: "2026-03-10" },
    });
    expect(await fieldRefusal(submitApproval(a.as(a.drafter), { approvalId: leave }))).toMatchObject({
      field: "fields.end_date",
      messageKey: "approvals.errors.field.required",
      params: { label: "종료일" },
    });
  });

  it("names an approver who has retired since the line was drawn", async () => {
    const a = await buildApprovalAgency(db);
    const id = await readyDraft(a);
    await retire(db, a.tenant.id, a.director.id);
    expect(await fieldRefusal(submitApproval(a.as(a.drafter), { approvalId: id }))).toEqual({
      field: "line.1",
      messageKey: "approvals.errors.assigneeInactive",
      params: { name: "오준영" },
    });
    expect((await readApproval(db, a.tenant.id, id))!.status).toBe("draft");
    expect(await notificationsOf(db, a.tenant.id)).toEqual([]);
  });

  it("refuses a line that breaks the rules, pointing at the step at fault", async () => {
    const a = await buildApprovalAgency(db);
    const cases: [DraftChanges["line"], string, string][] = [
      [[], "line", "approvals.errors.line.empty"],
      [
        [{ kind: "review", group: 1, assigneeId: a.head.id }],
        "line.0",
        "approvals.errors.line.mustEndWithApprove",
      ],
      [
        [
          { kind: "review", group: 1, assigneeId: a.head.id },
          { kind: "approve", group: 2, assigneeId: a.head.id },
        ],
        "line.1",
        "approvals.errors.line.duplicatePerson",
      ],
      [
        [
          { kind: "review", group: 1, assigneeId: a.lead.id },
          { kind: "review", group: 1, assigneeId: a.head.id },
          { kind: "approve", group: 2, assigneeId: a.director.id },
        ],
        "line.0",
        "approvals.errors.line.parallelOnlyCooperate",
      ],
      [
        [{ kind: "approve", group: 1, assigneeId: a.drafter.id }],
        "line.0",
        "approvals.errors.line.drafterInLine",
      ],
      [
        [
          { kind: "review", group: 1, assigneeId: a.head.id },
          { kind: "approve", group: 3, assigneeId: a.director.id },
        ],
        "line.1",
        "approvals.errors.line.groupsNotContiguous",
      ],
    ];
    for (const [line, field, messageKey] of cases) {
      const id = await readyDraft(a, { line });
      expect(
        await fieldRefusal(submitApproval(a.as(a.drafter), { approvalId: id })),
        messageKey,
      ).toMatchObject({
        field,
        messageKey,
      });
      expect((await readApproval(db, a.tenant.id, id))!.status).toBe("draft");
    }
  });

  it("closes the draft to edits once submitted, and is not submitted twice", async () => {
    const a = await buildApprovalAgency(db);
    const id = await readyDraft(a, { coDrafters: [a.colleague.id] });
    await submitApproval(a.as(a.drafter), { approvalId: id });
    for (const person of [a.drafter, a.colleague]) {
      const error = await refusal(updateDraft(a.as(person), { approvalId: id, title: "고친 제목" }));
      expect([error.status, error.code, error.messageKey]).toEqual([
        409,
        "approvals.not-editable",
        "approvals.errors.notEditable",
      ]);
    }
    expect(await outcome(submitApproval(a.as(a.drafter), { approvalId: id }))).toBe(
      "409 approvals.submit.already-submitted",
    );
    expect((await readApproval(db, a.tenant.id, id))!.title).toBe(READY.title);
    expect((await eventsOf(db, a.tenant.id, id)).filter((e) => e.action === "submit")).toHaveLength(1);
  });

  it("lets the drafter edit and submit again a document they withdrew (회수)", async () => {
    const a = await buildApprovalAgency(db);
    const id = await readyDraft(a);
    await submitApproval(a.as(a.drafter), { approvalId: id });
    // as the withdraw action leaves it (the action side's service, seeded here)
    await withTenant(db, a.tenant.id, async (tx) => {
      await tx.update(approvals).set({ status: "withdrawn" }).where(eq(approvals.id, id));
      await tx
        .update(approvalSteps)
        .set({ status: "waiting" })
        .where(and(eq(approvalSteps.tenantId, a.tenant.id), eq(approvalSteps.approvalId, id)));
    });
    await updateDraft(a.as(a.drafter), { approvalId: id, title: "다시 올리는 보고" });
    await submitApproval(a.as(a.drafter), { approvalId: id });
    expect(await readApproval(db, a.tenant.id, id)).toMatchObject({
      status: "in_progress",
      title: "다시 올리는 보고",
    });
    expect((await stepsOf(db, a.tenant.id, id)).map((s) => s.status)).toEqual(["pending", "waiting"]);
    expect((await notificationsOf(db, a.tenant.id, a.head.id)).map((n) => n.kind)).toEqual([
      "approval.task",
      "approval.task",
    ]);
  });

  it("is the drafter's alone, refuses a too long opinion, and refuses a rejected document", async () => {
    const a = await buildApprovalAgency(db);
    const id = await readyDraft(a, { coDrafters: [a.colleague.id] });
    expect(await outcome(submitApproval(a.as(a.colleague), { approvalId: id }))).toBe(
      "403 approvals.submit.not-drafter",
    );
    expect(await outcome(submitApproval(a.as(a.head), { approvalId: id }))).toBe(
      "403 approvals.submit.not-drafter",
    );
    expect(
      await fieldRefusal(submitApproval(a.as(a.drafter), { approvalId: id, opinion: "의".repeat(2001) })),
    ).toMatchObject({ field: "opinion", params: { max: 2000 } });
    await withTenant(db, a.tenant.id, (tx) =>
      tx.update(approvals).set({ status: "rejected" }).where(eq(approvals.id, id)),
    );
    expect(await outcome(submitApproval(a.as(a.drafter), { approvalId: id }))).toBe(
      "409 approvals.submit.rejected",
    );
  });

  it("does not find an approval of another agency", async () => {
    const mine = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const foreign = await readyDraft(theirs);
    expect(await outcome(submitApproval(mine.as(mine.drafter), { approvalId: foreign }))).toBe(
      "404 approvals.not-found",
    );
    // their drafter, signed in to my agency, is no one here
    expect(await outcome(submitApproval(mine.as(theirs.drafter), { approvalId: foreign }))).toBe(
      "404 approvals.not-found",
    );
    const id = await readyDraft(mine);
    expect(await outcome(submitApproval(mine.as(mine.outsider), { approvalId: id }))).toBe(
      "404 approvals.not-found",
    );
    expect((await readApproval(db, theirs.tenant.id, foreign))!.status).toBe("draft");
    expect(await notificationsOf(db, theirs.tenant.id)).toEqual([]);
  });
});
