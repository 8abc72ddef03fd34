import { approvalAbsences, approvalSteps, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { createApproval } from "./create-approval.server.ts";
import { buildApprovalAgency, READY, readApproval, retire, saveDraft } from "./draft-test-helpers.server.ts";
import { getApprovalView } from "./get-approval.server.ts";
import { submitApproval } from "./submit-approval.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

type Agency = Awaited<ReturnType<typeof buildApprovalAgency>>;

const view = (a: Agency, person: { id: string }, id: string, now?: Date) =>
  getApprovalView({ db, tenantId: a.tenant.id, userId: person.id }, id, now);

/** A 지출결의서 of 113,560원 with a co-drafter, 참조, 수신 and the line 팀장 검토 → 과장 결재. */
async function expense(a: Agency) {
  const id = await createApproval(a.as(a.drafter), { formId: a.form.expense });
  await saveDraft(a, id, {
    ...READY,
    fields: { amount: 113_560, budget_item: "운영비", payee: "누리클라우드" },
    line: [
      { kind: "review", group: 1, assigneeId: a.lead.id },
      { kind: "approve", group: 2, assigneeId: a.head.id, mayCloseByDelegation: true },
    ],
    cc: [a.director.id],
    recipients: [a.support.id],
    coDrafters: [a.colleague.id],
  });
  return id;
}

describe("getApprovalView", () => {
  it("shows the drafter the form, the values, the line, the people and what they may do", async () => {
    const a = await buildApprovalAgency(db);
    const id = await expense(a);
    const page = (await view(a, a.drafter, id))!;
    const approval = (await readApproval(db, a.tenant.id, id))!;
    expect(page).toMatchObject({
      id,
      status: "draft",
      title: READY.title,
      values: {
        amount: 113_560,
        budget_item: "운영비",
        payee: "누리클라우드",
        payment_date: null,
        receipts: null,
      },
      attachments: [],
      amount: 113_560,
      amountInWords: "금113,560원(금일십일만삼천오백육십원)",
      records: { disclosure: "public", disclosureGrounds: [], retention: "5y" },
      drafter: {
        id: a.drafter.id,
        name: "권나은",
        positionName: "담당",
        departmentName: "디지털정부정책과",
        active: true,
      },
      department: { id: a.division.id, name: "디지털정부정책과" },
      bodyDocumentId: approval.bodyDocumentId,
      redraftOf: null,
      redraftedAs: null,
      lineProblems: [],
    });
    expect(page.form).toMatchObject({
      id: a.form.expense,
      key: "expense",
      name: "지출결의서",
      amountField: "amount",
    });
    expect(page.form.fields.map((f) => [f.key, f.label, f.type, f.required])).toEqual([
      ["amount", "지출 금액", "money", true],
      ["budget_item", "지출 과목", "text", true],
      ["payee", "지급 대상", "text", true],
      ["payment_date", "지출 예정일", "date", false],
      ["receipts", "증빙서류", "attachment", false],
    ]);
    expect(
      page.line.map((s) => [
        s.kind,
        s.assigneeName,
        s.assigneePosition,
        s.status,
        s.mayCloseByDelegation,
        s.current,
      ]),
    ).toEqual([
      ["review", "신재민", "팀장", "waiting", false, false],
      ["approve", "서민지", "과장", "waiting", true, false],
    ]);
    expect(page.coDrafters.map((p) => p.name)).toEqual(["이도윤"]);
    expect(page.cc.map((p) => [p.name, p.positionName, p.readAt])).toEqual([["오준영", "국장", null]]);
    expect(page.recipients).toEqual([{ id: a.support.id, name: "운영지원과", path: "운영지원과" }]);
    expect(page.events.map((e) => [e.action, e.actorName])).toEqual([["draft", "권나은"]]);
    expect(page.viewer).toEqual({
      relations: ["drafter"],
      actions: ["submit"],
      substituteFor: [],
      mayEdit: true,
      mayRedraft: false,
      bodyPermission: "edit",
    });
  });

  it("lists what 상신 would refuse in the line, and flags a holder who has left", async () => {
    const a = await buildApprovalAgency(db);
    const id = await createApproval(a.as(a.drafter), { formId: a.form.general });
    await saveDraft(a, id, { line: [{ kind: "review", group: 1, assigneeId: a.head.id }] });
    await retire(db, a.tenant.id, a.head.id);
    const page = (await view(a, a.drafter, id))!;
    expect(page.lineProblems).toEqual([{ code: "must-end-with-approve", index: 0 }]);
    expect(page.line[0]).toMatchObject({ assigneeName: "서민지", assigneeActive: false });
    // the line does not hold: 상신 is not offered
    expect(page.viewer.actions).toEqual([]);
  });

  it("after 상신, shows each person their part: the holder may act, the drafter withdraw, 참조 only read", async () => {
    const a = await buildApprovalAgency(db);
    const id = await expense(a);
    await submitApproval(a.as(a.drafter), { approvalId: id, opinion: "확인 부탁드립니다." });
    const drafter = (await view(a, a.drafter, id))!;
    expect(drafter.status).toBe("in_progress");
    expect(drafter.viewer).toMatchObject({ actions: ["withdraw"], mayEdit: false, bodyPermission: "read" });
    expect(drafter.events.map((e) => [e.action, e.opinion])).toEqual([
      ["draft", null],
      ["submit", "확인 부탁드립니다."],
    ]);
    expect(drafter.line.map((s) => [s.status, s.current])).toEqual([
      ["pending", true],
      ["waiting", false],
    ]);
    expect(drafter.lineProblems).toEqual([]);
    const reviewer = (await view(a, a.lead, id))!;
    expect(reviewer.viewer).toMatchObject({
      relations: ["step"],
      actions: ["approve", "reject", "hold"],
      bodyPermission: "edit",
    });
    const cc = (await view(a, a.director, id))!;
    expect(cc.viewer).toMatchObject({
      relations: ["cc"],
      actions: [],
      mayEdit: false,
      bodyPermission: "read",
    });
    // 수신 departments see it once completed, not before
    expect(await view(a, a.supportHead, id)).toBeNull();
  });

  it("offers 대결 to the substitute of an absent holder, with whom they stand in for", async () => {
    const a = await buildApprovalAgency(db);
    const id = await expense(a);
    await submitApproval(a.as(a.drafter), { approvalId: id });
    await withTenant(db, a.tenant.id, async (tx) => {
      await tx
        .update(approvalSteps)
        .set({ status: "approved" })
        .where(eq(approvalSteps.assigneeId, a.lead.id));
      await tx
        .update(approvalSteps)
        .set({ status: "pending" })
        .where(eq(approvalSteps.assigneeId, a.head.id));
      await tx.insert(approvalAbsences).values({
        tenantId: a.tenant.id,
        userId: a.head.id,
        substituteId: a.outsider.id,
        startsAt: new Date("2026-03-01T00:00:00Z"),
        endsAt: new Date("2026-03-06T00:00:00Z"),
      });
    });
    const during = (await view(a, a.outsider, id, new Date("2026-03-03T00:00:00Z")))!;
    expect(during.viewer).toMatchObject({
      relations: ["substitute"],
      actions: ["proxy-approve"],
      substituteFor: [a.head.id],
      bodyPermission: "edit",
    });
    expect(await view(a, a.outsider, id, new Date("2026-03-07T00:00:00Z"))).toBeNull();
  });

  it("is null for someone unrelated, and does not find an approval of another agency", async () => {
    const mine = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const id = await expense(mine);
    expect(await view(mine, mine.outsider, id)).toBeNull();
    expect(await view(mine, mine.supportHead, id)).toBeNull();
    const foreign = await expense(theirs);
    expect(await view(mine, mine.drafter, foreign)).toBeNull();
    expect(await view(mine, theirs.drafter, foreign)).toBeNull();
    expect(await view(mine, mine.drafter, "not-a-uuid")).toBeNull();
  });
});
