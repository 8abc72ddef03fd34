import { approvalSteps, approvals, documents, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../documents/test-helpers.server.ts";
import { completedColumns, draftColumns, shapeApproval } from "./admin-fixtures.server.ts";
import {
  countInboxes,
  countWaitingInbox,
  INBOX_BOXES,
  INBOX_PAGE_SIZE,
  type InboxBox,
  type InboxFilters,
  listInbox,
} from "./list-inbox.server.ts";
import {
  type ApprovalAgency,
  actingAs,
  buildApprovalAgency,
  setAbsence as seedAbsence,
} from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

// The lists are read at 2026-03-20 12:00 in Seoul; day(n) is 10:00 on n March in Seoul.
const NOW = new Date("2026-03-20T03:00:00Z");
const day = (n: number) => new Date(Date.UTC(2026, 2, n, 1, 0, 0));

/**
 * A data set that puts something in every box of 서민지 (과장, 디지털정부정책과), and a few
 * things near each box that must stay out of it.
 */
async function buildInboxWorld(a: ApprovalAgency) {
  const { chief, director, cooperator, secondCooperator, substitute, outsider, division, support, security } =
    a;
  const shape = (id: string, change: Parameters<typeof shapeApproval>[3]) =>
    shapeApproval(db, a.tenant.id, id, change);
  const review = (assigneeId: string, group: number) => ({ kind: "review" as const, group, assigneeId });
  const approve = (assigneeId: string, group: number) => ({ kind: "approve" as const, group, assigneeId });

  // 결재대기: my pending step.
  const pendingMine = await a.submit({
    title: "예산 검토 요청",
    steps: [review(chief.id, 1), approve(director.id, 2)],
    submittedAt: day(2),
  });
  // 결재대기: my step held (보류).
  const heldMine = await a.submit({ title: "보류 문서", steps: [approve(chief.id, 1)], submittedAt: day(3) });
  await shape(heldMine.approval.id, { steps: { 1: { status: "held" } } });
  // 결재대기: 박지원 is away and names me; their step is current (대결).
  const proxy = await a.submit({
    title: "운영지원과 대결 건",
    drafterId: outsider.id,
    departmentId: support.id,
    steps: [approve(cooperator.id, 1)],
    submittedAt: day(4),
  });
  await seedAbsence(db, a.tenant.id, {
    userId: cooperator.id,
    substituteId: chief.id,
    startsAt: day(19),
    endsAt: day(25),
  });
  // Not 결재대기: the same absence, but on my own draft (the drafter never signs for anyone);
  // it is 진행 for me as its drafter.
  const proxyOnMine = await a.submit({
    title: "내가 기안한 대결 건",
    drafterId: chief.id,
    steps: [approve(cooperator.id, 1)],
    submittedAt: day(5),
  });
  // 결재대기 (후결 owed) and 완료: 최유진 signed my step under 대결.
  const owed = await a.submit({ title: "후결 대기", steps: [approve(chief.id, 1)], submittedAt: day(5) });
  await shape(owed.approval.id, {
    approval: completedColumns({ departmentName: "디지털정부정책과", serial: 1, completedAt: day(6) }),
    steps: {
      1: {
        status: "approved",
        actedBy: substitute.id,
        signedAs: "proxy",
        actedAt: day(6),
        postApproval: "owed",
      },
    },
  });
  // 결재예정: my step waits behind 김도윤's.
  const upcoming = await a.submit({
    title: "예정 문서",
    steps: [review(director.id, 1), approve(chief.id, 2)],
    submittedAt: day(7),
  });
  // 진행: I signed and it moved on.
  const signed = await a.submit({
    title: "진행 중 문서",
    steps: [review(chief.id, 1), approve(director.id, 2)],
    submittedAt: day(8),
  });
  await shape(signed.approval.id, {
    steps: {
      1: { status: "approved", actedBy: chief.id, signedAs: "self", actedAt: day(8) },
      2: { status: "pending" },
    },
  });
  // 완료: an 지출결의서 I signed.
  const completed = await a.submit({
    title: "완료된 지출",
    formKey: "expense",
    steps: [approve(chief.id, 1)],
    submittedAt: day(8),
  });
  await shape(completed.approval.id, {
    approval: completedColumns({ departmentName: "디지털정부정책과", serial: 2, completedAt: day(9) }),
    steps: { 1: { status: "approved", actedBy: chief.id, signedAs: "self", actedAt: day(9) } },
  });
  // 반려: I returned it.
  const rejected = await a.submit({
    title: "반려된 문서",
    steps: [review(chief.id, 1), approve(director.id, 2)],
    submittedAt: day(9),
  });
  await shape(rejected.approval.id, {
    approval: { status: "rejected", updatedAt: day(10) },
    steps: { 1: { status: "rejected", actedBy: chief.id, actedAt: day(10) } },
  });
  // 기안함: my draft, my withdrawn one, and one I co-draft.
  const myDraft = await a.submit({
    title: "나의 초안",
    drafterId: chief.id,
    steps: [approve(director.id, 1)],
  });
  await shape(myDraft.approval.id, { approval: draftColumns(day(11)), steps: { 1: { status: "waiting" } } });
  const withdrawn = await a.submit({
    title: "회수한 문서",
    drafterId: chief.id,
    steps: [approve(director.id, 1)],
    submittedAt: day(10),
  });
  await shape(withdrawn.approval.id, {
    approval: { status: "withdrawn", updatedAt: day(11) },
    steps: { 1: { status: "waiting" } },
  });
  const coDraft = await a.submit({ title: "공동기안 초안", steps: [approve(director.id, 1)] });
  await shape(coDraft.approval.id, {
    approval: draftColumns(day(12)),
    steps: { 1: { status: "waiting" } },
    participants: [{ role: "co_drafter", userId: chief.id }],
  });
  // 참조함: one in progress (unread), one completed (read); a draft naming me is not sent yet.
  const ccOpen = await a.submit({
    title: "참조 진행",
    steps: [approve(director.id, 1)],
    cc: [chief.id],
    submittedAt: day(12),
  });
  const ccDone = await a.submit({
    title: "참조 완료",
    steps: [approve(director.id, 1)],
    submittedAt: day(11),
  });
  await shape(ccDone.approval.id, {
    approval: completedColumns({ departmentName: "디지털정부정책과", serial: 3, completedAt: day(13) }),
    steps: { 1: { status: "approved", actedBy: director.id, signedAs: "self", actedAt: day(13) } },
    participants: [{ role: "cc", userId: chief.id, readAt: day(14) }],
  });
  const ccDraft = await a.submit({ title: "참조 초안", steps: [approve(director.id, 1)], cc: [chief.id] });
  await shape(ccDraft.approval.id, { approval: draftColumns(day(12)), steps: { 1: { status: "waiting" } } });
  // 부서 수신함: completed and addressed to my department; one still in progress is not yet.
  const received = await a.submit({
    title: "운영지원과 협조 요청",
    drafterId: outsider.id,
    departmentId: support.id,
    steps: [approve(cooperator.id, 1)],
    recipients: [division.id],
    submittedAt: day(13),
  });
  await shape(received.approval.id, {
    approval: completedColumns({ departmentName: "운영지원과", serial: 1, completedAt: day(14) }),
    steps: { 1: { status: "approved", actedBy: cooperator.id, signedAs: "self", actedAt: day(14) } },
  });
  await a.submit({
    title: "아직 진행 중인 수신 문서",
    drafterId: outsider.id,
    departmentId: support.id,
    // Not 박지원 (away, with me as substitute): this one must stay out of my 결재대기.
    steps: [approve(secondCooperator.id, 1)],
    recipients: [division.id],
    submittedAt: day(14),
  });
  // 공람함: completed and circulated to me, unread.
  const circulated = await a.submit({
    title: "보안 점검 결과 공람",
    drafterId: secondCooperator.id,
    departmentId: security.id,
    steps: [approve(director.id, 1)],
    submittedAt: day(14),
  });
  await shape(circulated.approval.id, {
    approval: completedColumns({ departmentName: "정보보호정책과", serial: 1, completedAt: day(15) }),
    steps: { 1: { status: "approved", actedBy: director.id, signedAs: "self", actedAt: day(15) } },
    participants: [{ role: "circulation", userId: chief.id }],
  });
  // Nothing to do with me.
  await a.submit({ title: "무관한 문서", steps: [approve(director.id, 1)], submittedAt: day(15) });

  const id = (built: { approval: { id: string } }) => built.approval.id;
  return {
    ids: {
      pendingMine: id(pendingMine),
      heldMine: id(heldMine),
      proxy: id(proxy),
      proxyOnMine: id(proxyOnMine),
      owed: id(owed),
      upcoming: id(upcoming),
      signed: id(signed),
      completed: id(completed),
      rejected: id(rejected),
      myDraft: id(myDraft),
      withdrawn: id(withdrawn),
      coDraft: id(coDraft),
      ccOpen: id(ccOpen),
      ccDone: id(ccDone),
      received: id(received),
      circulated: id(circulated),
    },
  };
}

let a: ApprovalAgency;
let ids: Awaited<ReturnType<typeof buildInboxWorld>>["ids"];
let other: ApprovalAgency;

beforeAll(async () => {
  a = await buildApprovalAgency(db);
  ({ ids } = await buildInboxWorld(a));
  // Another agency with the same kind of world: none of it may show in ours.
  other = await buildApprovalAgency(db);
  await buildInboxWorld(other);
});

async function boxIds(box: InboxBox, filters: InboxFilters = {}, who = a.chief) {
  const page = await listInbox(a.as(who), { box, filters, now: NOW });
  return page.rows.map((row) => row.id);
}

describe("inboxes (문서함)", () => {
  it("puts each approval in the boxes where 서민지 has something to do or to see, newest first", async () => {
    expect(await boxIds("waiting")).toEqual([ids.owed, ids.proxy, ids.heldMine, ids.pendingMine]);
    expect(await boxIds("upcoming")).toEqual([ids.upcoming]);
    expect(await boxIds("in_progress")).toEqual([ids.signed, ids.proxyOnMine]);
    expect(await boxIds("completed")).toEqual([ids.completed, ids.owed]);
    expect(await boxIds("rejected")).toEqual([ids.rejected]);
    expect(new Set(await boxIds("drafts"))).toEqual(new Set([ids.coDraft, ids.myDraft, ids.withdrawn]));
    expect((await boxIds("drafts"))[0]).toBe(ids.coDraft);
    expect(await boxIds("cc")).toEqual([ids.ccOpen, ids.ccDone]);
    expect(await boxIds("received")).toEqual([ids.received]);
    expect(await boxIds("circulation")).toEqual([ids.circulated]);
  });

  it("describes each row: form, drafter and department, my step, dates, number, unread", async () => {
    const waiting = await listInbox(a.as(a.chief), { box: "waiting", now: NOW });
    const row = (id: string) => waiting.rows.find((r) => r.id === id)!;
    expect(row(ids.pendingMine)).toMatchObject({
      title: "예산 검토 요청",
      formName: "기안문",
      drafterId: a.drafter.id,
      drafterName: "권나은",
      drafterDepartment: "디지털정부정책과",
      status: "in_progress",
      myStep: { kind: "review", status: "pending", postApproval: "none", onBehalfOf: null },
      submittedAt: day(2),
      completedAt: null,
      registrationNumber: null,
      unread: null,
    });
    expect(row(ids.heldMine).myStep).toMatchObject({ kind: "approve", status: "held" });
    expect(row(ids.proxy)).toMatchObject({
      drafterName: "한가람",
      drafterDepartment: "운영지원과",
      myStep: { kind: "approve", status: "pending", onBehalfOf: { id: a.cooperator.id, name: "박지원" } },
    });
    expect(row(ids.owed)).toMatchObject({
      status: "completed",
      registrationNumber: "디지털정부정책과-1",
      myStep: { status: "approved", postApproval: "owed", onBehalfOf: null },
    });
    const [upcoming] = (await listInbox(a.as(a.chief), { box: "upcoming", now: NOW })).rows;
    expect(upcoming!.myStep).toMatchObject({ kind: "approve", status: "waiting" });
    const [completed] = (await listInbox(a.as(a.chief), { box: "completed", now: NOW })).rows;
    expect(completed).toMatchObject({
      formName: "지출결의서",
      completedAt: day(9),
      listedAt: day(9),
      registrationNumber: "디지털정부정책과-2",
      myStep: { kind: "approve", status: "approved" },
    });
    const cc = (await listInbox(a.as(a.chief), { box: "cc", now: NOW })).rows;
    expect(cc.map((r) => [r.id, r.unread, r.myStep])).toEqual([
      [ids.ccOpen, true, null],
      [ids.ccDone, false, null],
    ]);
    const [circulated] = (await listInbox(a.as(a.chief), { box: "circulation", now: NOW })).rows;
    expect(circulated).toMatchObject({ unread: true, drafterDepartment: "정보보호정책과" });
  });

  it("shows 대결 work only while the absence lasts, and a substitute's signature in their boxes", async () => {
    // Before the absence began, 박지원's step was nobody else's business.
    const before = await listInbox(a.as(a.chief), { box: "waiting", now: day(18) });
    expect(before.rows.map((row) => row.id)).toEqual([ids.owed, ids.heldMine, ids.pendingMine]);
    expect((await countInboxes(a.as(a.chief), { now: day(18) })).waiting).toBe(3);
    expect(await countWaitingInbox(a.as(a.chief), day(18))).toBe(3);
    // 최유진 signed 서민지's step under 대결: it is in their 완료 too.
    expect(await boxIds("completed", {}, a.substitute)).toEqual([ids.owed]);
    // 한가람 drafted two: one completed, one in progress.
    expect(await boxIds("completed", {}, a.outsider)).toEqual([ids.received]);
  });

  it("counts exactly what each list holds, for every box and every filter", async () => {
    const filterSets: InboxFilters[] = [
      {},
      { from: "2026-03-09", to: "2026-03-13" },
      { from: "2026-03-05" },
      { to: "2026-03-04" },
      { formId: a.forms.get("expense")! },
      { drafterId: a.drafter.id },
      { drafterId: a.outsider.id },
      { q: "문서" },
      { q: "디지털정부정책과-" },
      { q: "보류", drafterId: a.drafter.id, from: "2026-03-01", to: "2026-03-31" },
      { q: "100%_" },
    ];
    const seen = new Set<InboxBox>();
    for (const filters of filterSets) {
      const counts = await countInboxes(a.as(a.chief), { filters, now: NOW });
      for (const box of INBOX_BOXES) {
        const page = await listInbox(a.as(a.chief), { box, filters, now: NOW });
        expect(page.rows.length, `${box} ${JSON.stringify(filters)}`).toBe(counts[box]);
        expect(page.total, `${box} ${JSON.stringify(filters)}`).toBe(counts[box]);
        if (counts[box] > 0) seen.add(box);
      }
    }
    // The data set reaches every box, so the equalities above are about something.
    expect([...seen].sort()).toEqual([...INBOX_BOXES].sort());
    expect(await countInboxes(a.as(a.chief), { now: NOW })).toEqual({
      waiting: 4,
      upcoming: 1,
      in_progress: 2,
      completed: 2,
      rejected: 1,
      drafts: 3,
      cc: 2,
      received: 1,
      circulation: 1,
    });
  });

  it("filters by period (days in Seoul), form, drafter and title or number", async () => {
    // 완료 is dated by completion: 9 March only.
    expect(await boxIds("completed", { from: "2026-03-07", to: "2026-03-09" })).toEqual([ids.completed]);
    // A day ends at midnight in Seoul: 10:00 on 6 March is inside "to 6 March", not "from 7 March".
    expect(await boxIds("completed", { to: "2026-03-06" })).toEqual([ids.owed]);
    expect(await boxIds("waiting", { from: "2026-03-03", to: "2026-03-04" })).toEqual([
      ids.proxy,
      ids.heldMine,
    ]);
    expect(await boxIds("completed", { formId: a.forms.get("expense")! })).toEqual([ids.completed]);
    expect(await boxIds("waiting", { drafterId: a.outsider.id })).toEqual([ids.proxy]);
    expect(await boxIds("waiting", { q: "보류" })).toEqual([ids.heldMine]);
    expect(await boxIds("completed", { q: "정책과-2" })).toEqual([ids.completed]);
    // Case-insensitive, and % or _ are letters, not wildcards.
    await shapeApproval(db, a.tenant.id, ids.rejected, { approval: { title: "ABC 반려된 문서" } });
    expect(await boxIds("rejected", { q: "abc" })).toEqual([ids.rejected]);
    expect(await boxIds("rejected", { q: "%" })).toEqual([]);
    expect(await boxIds("rejected", { q: "_" })).toEqual([]);
  });

  it("refuses bad filters with translated errors", async () => {
    const me = a.as(a.chief);
    const cases: [InboxFilters, string, string][] = [
      [{ from: "2026-02-30" }, "from", "approvals.inbox.error.dateInvalid"],
      [{ to: "yesterday" }, "to", "approvals.inbox.error.dateInvalid"],
      [{ from: "2026-03-10", to: "2026-03-09" }, "to", "approvals.inbox.error.rangeInvalid"],
      [{ formId: "expense" }, "formId", "approvals.inbox.error.filterInvalid"],
      [{ drafterId: "권나은" }, "drafterId", "approvals.inbox.error.filterInvalid"],
      [{ q: "가".repeat(101) }, "q", "approvals.inbox.error.queryTooLong"],
    ];
    for (const [filters, field, messageKey] of cases) {
      expect(await refusal(listInbox(me, { box: "waiting", filters })), messageKey).toMatchObject({
        field,
        messageKey,
        status: 400,
      });
      expect(await refusal(countInboxes(me, { filters }))).toMatchObject({ field, messageKey });
    }
    expect(await refusal(listInbox(me, { box: "everything" as InboxBox }))).toMatchObject({ status: 400 });
  });

  it(`pages by ${INBOX_PAGE_SIZE}, newest first, with the total of the whole box`, async () => {
    const b = await buildApprovalAgency(db);
    const formId = b.forms.get("general")!;
    const count = INBOX_PAGE_SIZE + 2;
    await withTenant(db, b.tenant.id, async (tx) => {
      const bodies = await tx
        .insert(documents)
        .values(
          Array.from({ length: count }, (_, i) => ({
            tenantId: b.tenant.id,
            ownerId: b.drafter.id,
            title: `본문 ${i}`,
            purpose: "approval" as const,
          })),
        )
        .returning({ id: documents.id });
      const rows = await tx
        .insert(approvals)
        .values(
          bodies.map((body, i) => ({
            tenantId: b.tenant.id,
            formId,
            title: `결재 ${String(i).padStart(2, "0")}`,
            drafterId: b.drafter.id,
            departmentId: b.division.id,
            bodyDocumentId: body.id,
            status: "in_progress" as const,
            submittedAt: new Date(Date.UTC(2026, 2, 1) + i * 60_000),
          })),
        )
        .returning({ id: approvals.id });
      await tx.insert(approvalSteps).values(
        rows.map((row) => ({
          tenantId: b.tenant.id,
          approvalId: row.id,
          group: 1,
          ordinal: 1,
          kind: "approve" as const,
          assigneeId: b.chief.id,
          status: "pending" as const,
          assigneeName: "서민지",
        })),
      );
    });
    const me = b.as(b.chief);
    const first = await listInbox(me, { box: "waiting", now: NOW });
    expect(first).toMatchObject({ total: count, page: 1, pageSize: INBOX_PAGE_SIZE, pageCount: 2 });
    expect(first.rows).toHaveLength(INBOX_PAGE_SIZE);
    expect(first.rows[0]!.title).toBe(`결재 ${count - 1}`);
    const second = await listInbox(me, { box: "waiting", page: 2, now: NOW });
    expect(second.rows.map((row) => row.title)).toEqual(["결재 01", "결재 00"]);
    expect(second.total).toBe(count);
    const beyond = await listInbox(me, { box: "waiting", page: 3, now: NOW });
    expect(beyond).toMatchObject({ rows: [], total: count });
    expect((await countInboxes(me, { now: NOW })).waiting).toBe(count);
  });

  it("does not find an approval of another agency", async () => {
    // The other agency has the same world for its own 서민지: our lists hold none of it.
    const theirIds = new Set<string>();
    for (const box of INBOX_BOXES) {
      for (const row of (await listInbox(other.as(other.chief), { box, now: NOW })).rows)
        theirIds.add(row.id);
    }
    expect(theirIds.size).toBe(16);
    for (const box of INBOX_BOXES) {
      const mine = await boxIds(box);
      expect(
        mine.some((id) => theirIds.has(id)),
        box,
      ).toBe(false);
    }
    // Their 서민지 asking inside our agency finds nothing at all, even with our ids known.
    const stranger = actingAs(db, a.tenant.id, other.chief);
    expect(Object.values(await countInboxes(stranger, { now: NOW }))).toEqual(INBOX_BOXES.map(() => 0));
    expect((await listInbox(stranger, { box: "waiting", now: NOW })).rows).toEqual([]);
    // And a person of ours passing their form or drafter as a filter finds nothing either.
    const counts = await countInboxes(a.as(a.chief), { filters: { drafterId: other.drafter.id }, now: NOW });
    expect(Object.values(counts)).toEqual(INBOX_BOXES.map(() => 0));
  });
});
