import { buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { refusal } from "../documents/test-helpers.server.ts";
import { auditEntries } from "../org/test-helpers.server.ts";
import { completedColumns, shapeApproval } from "./admin-fixtures.server.ts";
import { exportLedger } from "./export-ledger.server.ts";
import { listLedger } from "./list-ledger.server.ts";
import { type ApprovalAgency, actingAs, buildApprovalAgency } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

// 2026-03-20 12:00 in Seoul.
const NOW = new Date("2026-03-20T03:00:00Z");
const at = (iso: string) => new Date(iso);

/**
 * 디지털정부정책과 registered three documents in 2026 (결재 by 김도윤, 대결 by 최유진 for
 * 서민지, 전결 by 서민지) and one in 2025; 운영지원과 one in 2026; one is still in progress.
 */
async function buildLedgerWorld(a: ApprovalAgency) {
  const { chief, director, substitute, cooperator, outsider, support } = a;
  const shape = (id: string, change: Parameters<typeof shapeApproval>[3]) =>
    shapeApproval(db, a.tenant.id, id, change);
  const division = (serial: number, completedAt: Date, year = 2026) =>
    completedColumns({ departmentName: "디지털정부정책과", serial, completedAt, year });

  const signedByDirector = await a.submit({
    title: "2026년 업무계획 보고",
    steps: [
      { kind: "review", group: 1, assigneeId: chief.id },
      { kind: "approve", group: 2, assigneeId: director.id },
    ],
  });
  await shape(signedByDirector.approval.id, {
    approval: { ...division(1, at("2026-01-05T01:00:00Z")), effectiveDate: "2026-01-05" },
    steps: {
      1: { status: "approved", actedBy: chief.id, signedAs: "self", actedByName: "서민지" },
      2: { status: "approved", actedBy: director.id, signedAs: "self", actedByName: "김도윤" },
    },
  });
  const signedByProxy = await a.submit({
    title: "사무용품 구매 지출",
    formKey: "expense",
    steps: [{ kind: "approve", group: 1, assigneeId: chief.id }],
  });
  await shape(signedByProxy.approval.id, {
    approval: {
      ...division(2, at("2026-02-10T01:00:00Z")),
      effectiveDate: "2026-02-10",
      disclosure: "partial",
      disclosureGrounds: [5, 1],
      retention: "10y",
    },
    steps: {
      1: {
        status: "approved",
        actedBy: substitute.id,
        signedAs: "proxy",
        actedByName: "최유진",
        postApproval: "owed",
      },
    },
  });
  const closedByDelegation = await a.submit({
    title: "=SUM(A1) 출장 결과 보고",
    steps: [
      { kind: "review", group: 1, assigneeId: chief.id, mayCloseByDelegation: true },
      { kind: "approve", group: 2, assigneeId: director.id },
    ],
  });
  await shape(closedByDelegation.approval.id, {
    approval: { ...division(3, at("2026-03-02T01:00:00Z")), effectiveDate: "2026-03-02" },
    steps: {
      1: { status: "approved", actedBy: chief.id, signedAs: "delegated", actedByName: "서민지" },
      2: { status: "skipped" },
    },
  });
  const lastYear = await a.submit({
    title: "2025년 결산",
    steps: [{ kind: "approve", group: 1, assigneeId: chief.id }],
  });
  await shape(lastYear.approval.id, {
    approval: { ...division(1, at("2025-12-30T01:00:00Z"), 2025), effectiveDate: "2025-12-30" },
    steps: { 1: { status: "approved", actedBy: chief.id, signedAs: "self", actedByName: "서민지" } },
  });
  const otherUnit = await a.submit({
    title: "운영지원과 문서",
    drafterId: outsider.id,
    departmentId: support.id,
    steps: [{ kind: "approve", group: 1, assigneeId: cooperator.id }],
  });
  await shape(otherUnit.approval.id, {
    approval: {
      ...completedColumns({
        departmentName: "운영지원과",
        serial: 1,
        completedAt: at("2026-03-03T01:00:00Z"),
      }),
      effectiveDate: "2026-03-03",
    },
    steps: { 1: { status: "approved", actedBy: cooperator.id, signedAs: "self", actedByName: "박지원" } },
  });
  await a.submit({ title: "진행 중", steps: [{ kind: "approve", group: 1, assigneeId: chief.id }] });
  return {
    signedByDirector: signedByDirector.approval.id,
    signedByProxy: signedByProxy.approval.id,
    closedByDelegation: closedByDelegation.approval.id,
    lastYear: lastYear.approval.id,
    otherUnit: otherUnit.approval.id,
  };
}

async function agency() {
  const a = await buildApprovalAgency(db);
  const admin = await buildUser(db, a.tenant.id, { role: "admin", displayName: "관리자" });
  const ids = await buildLedgerWorld(a);
  return { a, admin, ids };
}

describe("결재대장", () => {
  it("lists my department's registered documents of this year by serial, with who closed each", async () => {
    const { a, ids } = await agency();
    const ledger = await listLedger(a.as(a.drafter), { now: NOW });
    expect(ledger.department).toEqual({ id: a.division.id, name: "디지털정부정책과" });
    expect(ledger.year).toBe(2026);
    expect(ledger.years).toEqual([2026, 2025]);
    expect(ledger.rows.map((row) => row.approvalId)).toEqual([
      ids.signedByDirector,
      ids.signedByProxy,
      ids.closedByDelegation,
    ]);
    expect(ledger.rows[0]).toEqual({
      approvalId: ids.signedByDirector,
      registrationNumber: "디지털정부정책과-1",
      serial: 1,
      effectiveDate: "2026-01-05",
      title: "2026년 업무계획 보고",
      drafterName: "권나은",
      finalApprover: { name: "김도윤", signedAs: "self", forName: null },
      formName: "기안문",
      disclosure: "public",
      disclosureGrounds: [],
      retention: "5y",
    });
    expect(ledger.rows[1]).toMatchObject({
      formName: "지출결의서",
      finalApprover: { name: "최유진", signedAs: "proxy", forName: "서민지" },
      disclosure: "partial",
      disclosureGrounds: [5, 1],
      retention: "10y",
    });
    // 전결: the rest of the line was skipped, the closer is who the ledger names.
    expect(ledger.rows[2]!.finalApprover).toEqual({ name: "서민지", signedAs: "delegated", forName: null });

    const previous = await listLedger(a.as(a.drafter), { year: 2025, now: NOW });
    expect(previous.rows.map((row) => row.approvalId)).toEqual([ids.lastYear]);
    expect((await listLedger(a.as(a.drafter), { year: 2024, now: NOW })).rows).toEqual([]);
  });

  it("is for the department's members and the administrators only", async () => {
    const { a, admin, ids } = await agency();
    // 한가람 of 운영지원과 sees their own department's ledger by default …
    const theirs = await listLedger(a.as(a.outsider), { now: NOW });
    expect(theirs.rows.map((row) => row.approvalId)).toEqual([ids.otherUnit]);
    // … but not 디지털정부정책과's.
    expect(
      await refusal(listLedger(a.as(a.outsider), { departmentId: a.division.id, now: NOW })),
    ).toMatchObject({ status: 403, messageKey: "approvals.ledger.error.forbidden" });
    expect(
      await refusal(exportLedger(a.as(a.outsider), { departmentId: a.division.id, now: NOW })),
    ).toMatchObject({ status: 403 });
    // An administrator picks any department.
    const asAdmin = actingAs(db, a.tenant.id, admin);
    expect((await listLedger(asAdmin, { departmentId: a.division.id, now: NOW })).rows).toHaveLength(3);
    expect((await listLedger(asAdmin, { departmentId: a.support.id, now: NOW })).rows).toHaveLength(1);
    // An administrator without a department has to pick one.
    expect(await refusal(listLedger(asAdmin, { now: NOW }))).toMatchObject({
      status: 400,
      messageKey: "approvals.ledger.error.noDepartment",
    });
    const bad = await refusal(listLedger(a.as(a.drafter), { year: 1999, now: NOW }));
    expect(bad).toMatchObject({ field: "year", messageKey: "approvals.ledger.error.yearInvalid" });
    expect(
      await refusal(listLedger(a.as(a.drafter), { departmentId: "운영지원과", now: NOW })),
    ).toMatchObject({
      status: 404,
    });
    // None of the refusals left an export in the audit log.
    expect(
      (await auditEntries(db, a.tenant.id)).filter((entry) => entry.action === "approval.ledger_export"),
    ).toEqual([]);
  });

  it("exports the ledger as CSV that Excel opens, and records the export", async () => {
    const { a } = await agency();
    const exported = await exportLedger(a.as(a.chief), { now: NOW });
    expect(exported).toMatchObject({
      filename: "결재대장-디지털정부정책과-2026.csv",
      contentType: "text/csv; charset=utf-8",
      rows: 3,
    });
    const lines = exported.csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(exported.csv.startsWith("\uFEFF")).toBe(true);
    expect(lines[0]).toBe("등록번호,시행일자,제목,기안자,처리과,결재권자,서식,공개구분,보존기간");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(
      /^디지털정부정책과-1,2026\. 1\. 5\.,2026년 업무계획 보고,권나은,디지털정부정책과,김도윤,기안문,공개,5년$/,
    );
    expect(lines[2]).toContain("최유진");
    expect(lines[2]).toContain("10년");
    // A title that a spreadsheet would run as a formula stays text.
    expect(lines[3]).toContain("'=SUM(A1) 출장 결과 보고");
    const english = await exportLedger(a.as(a.chief), { year: 2025, lang: "en", now: NOW });
    expect(english.csv).toContain("Registration number");
    expect(english.rows).toBe(1);
    const exports = (await auditEntries(db, a.tenant.id)).filter(
      (entry) => entry.action === "approval.ledger_export",
    );
    expect(exports).toMatchObject([
      {
        actorId: a.chief.id,
        targetType: "department",
        targetId: a.division.id,
        details: { year: 2026, rows: 3 },
      },
      { details: { year: 2025, rows: 1 } },
    ]);
  });

  it("does not find a ledger of another agency", async () => {
    const mine = await agency();
    const theirs = await agency();
    // Same department names and numbers, but none of their documents.
    const ledger = await listLedger(mine.a.as(mine.a.drafter), { now: NOW });
    const theirIds = Object.values(theirs.ids);
    expect(ledger.rows.some((row) => theirIds.includes(row.approvalId))).toBe(false);
    expect(ledger.rows.map((row) => row.approvalId)).toEqual([
      mine.ids.signedByDirector,
      mine.ids.signedByProxy,
      mine.ids.closedByDelegation,
    ]);
    // Their department, even for our administrator, is not found.
    const asAdmin = actingAs(db, mine.a.tenant.id, mine.admin);
    expect(
      await refusal(listLedger(asAdmin, { departmentId: theirs.a.division.id, now: NOW })),
    ).toMatchObject({
      status: 404,
    });
    expect(
      await refusal(exportLedger(asAdmin, { departmentId: theirs.a.division.id, now: NOW })),
    ).toMatchObject({
      status: 404,
    });
    // Their person asking inside our agency is nobody here: no department, no membership.
    const stranger = actingAs(db, mine.a.tenant.id, theirs.a.drafter);
    expect((await refusal(listLedger(stranger, { now: NOW }))).status).toBe(400);
    expect((await refusal(listLedger(stranger, { departmentId: mine.a.division.id, now: NOW }))).status).toBe(
      403,
    );
    expect(
      (await auditEntries(db, theirs.a.tenant.id)).some((entry) => entry.action === "approval.ledger_export"),
    ).toBe(false);
  });
});
