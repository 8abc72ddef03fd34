import { approvalForms, departments, eq, users, withTenant } from "@nuri/db";
import { buildDepartment, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { buildApprovalAgency, retire } from "./draft-test-helpers.server.ts";
import { proposeLine, superiorsOf } from "./propose-line.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

type Agency = Awaited<ReturnType<typeof buildApprovalAgency>>;

const propose = (a: Agency, formId: string, amount: number | null, drafterId = a.drafter.id) =>
  withTenant(db, a.tenant.id, (tx) => proposeLine(tx, { tenantId: a.tenant.id, drafterId, formId, amount }));

/** The line as [kind, person, may close by 전결]. */
const shape = (a: Agency, line: Awaited<ReturnType<typeof propose>>) => {
  const names = new Map<string, string>(
    [a.director, a.head, a.lead, a.drafter, a.colleague, a.supportHead, a.outsider].map((u) => [
      u.id,
      u.displayName,
    ]),
  );
  return line.map((step) => [
    step.group,
    step.kind,
    names.get(step.assigneeId) ?? step.assigneeId,
    step.mayCloseByDelegation,
  ]);
};

describe("proposeLine", () => {
  it("walks up the drafter's department heads for a form without rules: 과장 검토, 국장 결재", async () => {
    const a = await buildApprovalAgency(db);
    expect(shape(a, await propose(a, a.form.general, null))).toEqual([
      [1, "review", "서민지", false],
      [2, "approve", "오준영", false],
    ]);
  });

  it("stops at the 전결권자 of the 위임전결 rules: 과장 up to 1,000,000원, 국장 above", async () => {
    const a = await buildApprovalAgency(db);
    for (const amount of [0, 500_000, 1_000_000]) {
      expect(shape(a, await propose(a, a.form.expense, amount)), String(amount)).toEqual([
        [1, "approve", "서민지", true],
      ]);
    }
    // The 국장 is the top of this chain: they decide in their own right, not by 전결.
    for (const amount of [1_000_001, null]) {
      expect(shape(a, await propose(a, a.form.expense, amount)), String(amount)).toEqual([
        [1, "review", "서민지", false],
        [2, "approve", "오준영", false],
      ]);
    }
  });

  it("goes on upward from a department the drafter heads, and skips one without a 직위 holder", async () => {
    const a = await buildApprovalAgency(db);
    expect(shape(a, await propose(a, a.form.general, null, a.head.id))).toEqual([
      [1, "approve", "오준영", false],
    ]);
    // a team under the 과 with nobody holding a 직위, and a 실 above the 국 with its 실장 as 장관 here
    const team = await buildDepartment(db, a.tenant.id, { name: "데이터팀", parentId: a.division.id });
    const newcomer = await buildUser(db, a.tenant.id, { displayName: "신입", departmentId: team.id });
    await buildUser(db, a.tenant.id, { displayName: "무직위", departmentId: team.id });
    const office = await buildDepartment(db, a.tenant.id, { name: "기획실" });
    await withTenant(db, a.tenant.id, (tx) =>
      tx.update(departments).set({ parentId: office.id }).where(eq(departments.id, a.bureau.id)),
    );
    const chief = await buildUser(db, a.tenant.id, {
      displayName: "실장",
      departmentId: office.id,
      positionId: a.position.장관,
    });
    const chain = await withTenant(db, a.tenant.id, (tx) => superiorsOf(tx, a.tenant.id, newcomer.id));
    expect(chain.map((p) => p.personId)).toEqual([a.head.id, a.director.id, chief.id]);
    // levels 2 still asks two people deep
    expect(shape(a, await propose(a, a.form.general, null, newcomer.id))).toEqual([
      [1, "review", "서민지", false],
      [2, "approve", "오준영", false],
    ]);
  });

  it("takes the next in rank when the head has retired, and follows the form's depth", async () => {
    const a = await buildApprovalAgency(db);
    await retire(db, a.tenant.id, a.head.id);
    expect(shape(a, await propose(a, a.form.general, null))).toEqual([
      [1, "review", "신재민", false],
      [2, "approve", "오준영", false],
    ]);
    await withTenant(db, a.tenant.id, (tx) =>
      tx
        .update(approvalForms)
        .set({ defaultLine: { kind: "chain", levels: 1 } })
        .where(eq(approvalForms.id, a.form.general)),
    );
    expect(shape(a, await propose(a, a.form.general, null))).toEqual([[1, "approve", "신재민", false]]);
  });

  it("proposes nothing to someone without a department", async () => {
    const a = await buildApprovalAgency(db);
    await withTenant(db, a.tenant.id, (tx) =>
      tx.update(users).set({ departmentId: null }).where(eq(users.id, a.drafter.id)),
    );
    expect(await propose(a, a.form.general, null)).toEqual([]);
  });

  it("does not find the form, the people or the rules of another agency", async () => {
    const mine = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    // their form in my tenant: unknown here
    expect(await propose(mine, theirs.form.general, null)).toEqual([]);
    // their drafter named in my tenant: no such person here
    expect(await propose(mine, mine.form.general, null, theirs.drafter.id)).toEqual([]);
    // my line names only my people
    const line = await propose(mine, mine.form.expense, 500_000);
    expect(line.map((step) => step.assigneeId)).toEqual([mine.head.id]);
  });
});
