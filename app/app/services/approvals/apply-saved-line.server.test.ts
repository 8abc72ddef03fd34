import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { auditSince, lastAuditSeq, outcome } from "../documents/test-helpers.server.ts";
import { applySavedLine } from "./apply-saved-line.server.ts";
import { createApproval } from "./create-approval.server.ts";
import {
  type ApprovalAgency,
  buildApprovalAgency,
  participantsOf,
  retire,
  saveDraft,
  stepsOf,
} from "./draft-test-helpers.server.ts";
import { saveLine } from "./save-line.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

/** 권나은's everyday line: 신재민 검토, 한지수 and 박지원 협조 side by side, 서민지 and 오준영 결재. */
function everydayLine(a: ApprovalAgency, as = a.drafter) {
  return saveLine(a.as(as), {
    name: "지출 기본 결재선",
    steps: [
      { kind: "review", group: 1, assigneeId: a.lead.id },
      { kind: "cooperate", group: 2, assigneeId: a.supportHead.id },
      { kind: "cooperate", group: 2, assigneeId: a.outsider.id },
      { kind: "approve", group: 3, assigneeId: a.head.id },
      { kind: "approve", group: 4, assigneeId: a.director.id },
    ],
    cc: [a.colleague.id],
    recipients: [a.support.id],
  });
}

async function expenseDraft(a: ApprovalAgency, amount: string) {
  const id = await createApproval(a.as(a.drafter), { formId: a.form.expense });
  await saveDraft(a, id, { fields: { amount, budget_item: "업무추진비", payee: "누리상사" } });
  return id;
}

const shape = async (a: ApprovalAgency, id: string) =>
  (await stepsOf(db, a.tenant.id, id)).map((s) => [s.group, s.kind, s.assigneeName, s.mayCloseByDelegation]);

describe("applySavedLine", () => {
  it("puts the saved line, 참조 and 수신 on the draft, the 과장 closing a 500,000원 지출 by 전결", async () => {
    const a = await buildApprovalAgency(db);
    const saved = await everydayLine(a);
    const id = await expenseDraft(a, "500,000");
    const before = await lastAuditSeq(db, a.tenant.id);

    expect(await applySavedLine(a.as(a.drafter), { approvalId: id, lineId: saved.id })).toEqual({
      name: "지출 기본 결재선",
      steps: 5,
      flags: [],
    });
    expect(await shape(a, id)).toEqual([
      [1, "review", "신재민", false],
      [2, "cooperate", "한지수", false],
      [2, "cooperate", "박지원", false],
      [3, "approve", "서민지", true],
      [4, "approve", "오준영", false],
    ]);
    const participants = await participantsOf(db, a.tenant.id, id);
    expect(participants.map((p) => [p.role, p.userId ?? p.departmentId])).toEqual([
      ["cc", a.colleague.id],
      ["recipient", a.support.id],
    ]);
    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((e) => [e.action, e.targetId])).toEqual([["approval.update", id]]);
    expect(audit[0]!.details).toMatchObject({ savedLineId: saved.id, line: 5 });

    // above the 과장's ceiling nobody in this line closes by 전결: the 국장 decides himself
    const large = await expenseDraft(a, "3,000,000");
    await applySavedLine(a.as(a.drafter), { approvalId: large, lineId: saved.id });
    expect((await shape(a, large)).map((step) => step[3])).toEqual([false, false, false, false, false]);
  });

  it("keeps and flags a person who retired since, and leaves out a 참조 person who left", async () => {
    const a = await buildApprovalAgency(db);
    const saved = await everydayLine(a);
    await retire(db, a.tenant.id, a.supportHead.id);
    await retire(db, a.tenant.id, a.colleague.id);
    const id = await expenseDraft(a, "500,000");

    const applied = await applySavedLine(a.as(a.drafter), { approvalId: id, lineId: saved.id });
    expect(applied.flags).toEqual([{ assigneeId: a.supportHead.id, name: "한지수", problem: "retired" }]);
    expect((await shape(a, id)).map((step) => step[2])).toEqual([
      "신재민",
      "한지수",
      "박지원",
      "서민지",
      "오준영",
    ]);
    const participants = await participantsOf(db, a.tenant.id, id);
    expect(participants.map((p) => p.role)).toEqual(["recipient"]);
  });

  it("is refused another person's saved line, a submitted draft, and does not find an approval of another agency", async () => {
    const a = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const id = await expenseDraft(a, "500,000");
    const lines = await shape(a, id);
    const colleagues = await everydayLine(a, a.colleague);
    expect(await outcome(applySavedLine(a.as(a.drafter), { approvalId: id, lineId: colleagues.id }))).toBe(
      "404 approvals.saved-line.not-found",
    );
    const mine = await everydayLine(a);
    expect(await outcome(applySavedLine(a.as(a.head), { approvalId: id, lineId: mine.id }))).toBe(
      "403 approvals.not-editor",
    );
    const foreign = await everydayLine(theirs);
    expect(
      await outcome(applySavedLine(theirs.as(theirs.drafter), { approvalId: id, lineId: foreign.id })),
    ).toBe("404 approvals.not-found");
    expect(await outcome(applySavedLine(a.as(a.drafter), { approvalId: id, lineId: foreign.id }))).toBe(
      "404 approvals.saved-line.not-found",
    );
    expect(await shape(a, id)).toEqual(lines);
  });
});
