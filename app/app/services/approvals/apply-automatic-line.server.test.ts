import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { auditSince, lastAuditSeq, outcome } from "../documents/test-helpers.server.ts";
import { applyAutomaticLine } from "./apply-automatic-line.server.ts";
import { createApproval } from "./create-approval.server.ts";
import {
  type ApprovalAgency,
  buildApprovalAgency,
  READY,
  saveDraft,
  stepsOf,
} from "./draft-test-helpers.server.ts";
import { submitApproval } from "./submit-approval.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

const expense = (amount: string) => ({
  amount,
  budget_item: "업무추진비",
  payee: "누리상사",
});

/** The stored line as [group, kind, holder, may close by 전결]. */
async function lineOf(a: ApprovalAgency, approvalId: string) {
  return (await stepsOf(db, a.tenant.id, approvalId)).map((s) => [
    s.group,
    s.kind,
    s.assigneeName,
    s.mayCloseByDelegation,
  ]);
}

describe("applyAutomaticLine", () => {
  it("redraws the line from the 위임전결 rules for the amount saved: 500,000원 goes to the 과장's 전결", async () => {
    const a = await buildApprovalAgency(db);
    const id = await createApproval(a.as(a.drafter), { formId: a.form.expense });
    // a line the drafter drew by hand, to be replaced
    await saveDraft(a, id, { line: [{ kind: "approve", group: 1, assigneeId: a.supportHead.id }] });
    await saveDraft(a, id, { fields: expense("500,000") });
    const before = await lastAuditSeq(db, a.tenant.id);

    expect(await applyAutomaticLine(a.as(a.drafter), { approvalId: id })).toEqual({ steps: 1 });
    expect(await lineOf(a, id)).toEqual([[1, "approve", "서민지", true]]);
    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((e) => [e.action, e.targetId, e.actorId])).toEqual([
      ["approval.update", id, a.drafter.id],
    ]);
    expect(audit[0]!.details).toMatchObject({ changed: "line", line: 1, automatic: true });

    // above 1,000,000원 the 국장 decides in their own right, after the 과장's 검토
    await saveDraft(a, id, { fields: expense("2,000,000") });
    await applyAutomaticLine(a.as(a.drafter), { approvalId: id });
    expect(await lineOf(a, id)).toEqual([
      [1, "review", "서민지", false],
      [2, "approve", "오준영", false],
    ]);
  });

  it("lets a co-drafter ask, and proposes the drafter's superiors, not the co-drafter's", async () => {
    const a = await buildApprovalAgency(db);
    const id = await createApproval(a.as(a.drafter), { formId: a.form.general });
    await saveDraft(a, id, { coDrafters: [a.outsider.id], line: [] });
    await applyAutomaticLine(a.as(a.outsider), { approvalId: id });
    expect(await lineOf(a, id)).toEqual([
      [1, "review", "서민지", false],
      [2, "approve", "오준영", false],
    ]);
  });

  it("is refused once submitted, to people not drafting it, and does not find an approval of another agency", async () => {
    const a = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const id = await createApproval(a.as(a.drafter), { formId: a.form.general });
    // in the line: may see the draft, not redraw its line; a colleague is nothing to it
    expect(await outcome(applyAutomaticLine(a.as(a.head), { approvalId: id }))).toBe(
      "403 approvals.not-editor",
    );
    expect(await outcome(applyAutomaticLine(a.as(a.colleague), { approvalId: id }))).toBe(
      "404 approvals.not-found",
    );
    expect(await outcome(applyAutomaticLine(theirs.as(theirs.drafter), { approvalId: id }))).toBe(
      "404 approvals.not-found",
    );
    expect(await outcome(applyAutomaticLine(a.as(a.drafter), { approvalId: "not-an-id" }))).toBe(
      "404 approvals.not-found",
    );
    await saveDraft(a, id, READY);
    await submitApproval(a.as(a.drafter), { approvalId: id });
    const submitted = await lineOf(a, id);
    expect(await outcome(applyAutomaticLine(a.as(a.drafter), { approvalId: id }))).toBe(
      "409 approvals.not-editable",
    );
    expect(await lineOf(a, id)).toEqual(submitted);
  });
});
