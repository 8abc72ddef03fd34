import { createHash } from "node:crypto";
import { and, approvalAttachments, approvals, eq, users, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { pdfText } from "../documents/export-inspect.server.ts";
import { auditSince, lastAuditSeq, outcome } from "../documents/test-helpers.server.ts";
import { updateAgencyContacts } from "../org/agency-contacts.server.ts";
import { actOnApproval } from "./act-on-approval.server.ts";
import { loadApproval } from "./approval-state.server.ts";
import { buildOfficialDocument, exportOfficialDocument } from "./export-official-document.server.ts";
import { type ApprovalAgency, buildApprovalAgency } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

/**
 * A 기안문 of 권나은 through 최유진 검토, 박지원 협조 and 서민지 전결 (김도윤 국장 left as 전결),
 * sent to 운영지원과, completed on 2026-03-05 (Asia/Seoul).
 */
async function completed(a: ApprovalAgency) {
  await withTenant(db, a.tenant.id, (tx) =>
    tx
      .update(users)
      .set({ email: "naeun.kwon@digital.go.kr" })
      .where(and(eq(users.tenantId, a.tenant.id), eq(users.id, a.drafter.id))),
  );
  const { approval } = await a.submit({
    title: "2026년 전자결재 전환 계획 보고",
    body: ["1. 관련: 디지털정부정책과-7", "2. 전환 계획을 보고합니다."],
    recipients: [a.support.id],
    submittedAt: new Date("2026-03-04T00:10:00Z"),
    steps: [
      { kind: "review", group: 1, assigneeId: a.substitute.id },
      { kind: "cooperate", group: 2, assigneeId: a.cooperator.id },
      { kind: "approve", group: 3, assigneeId: a.chief.id, mayCloseByDelegation: true },
      { kind: "approve", group: 4, assigneeId: a.director.id },
    ],
  });
  const act = (person: { id: string }, type: "approve" | "close-by-delegation") =>
    actOnApproval(a.as(person), {
      approvalId: approval.id,
      action: { type },
      now: new Date("2026-03-05T01:00:00Z"),
    });
  await act(a.substitute, "approve");
  await act(a.cooperator, "approve");
  await act(a.chief, "close-by-delegation");
  return approval.id;
}

describe("exportOfficialDocument", () => {
  it("builds the 기안문 of a completed approval: 수신, 발신명의, signatures with 전결, 시행 and 공개구분", async () => {
    const a = await buildApprovalAgency(db);
    const id = await completed(a);
    const doc = await withTenant(db, a.tenant.id, async (tx) =>
      buildOfficialDocument(tx, a.tenant.id, (await loadApproval(tx, a.tenant.id, id))!, "디지털행정부"),
    );
    expect(doc).toMatchObject({
      agencyName: "디지털행정부",
      recipients: ["운영지원과"],
      title: "2026년 전자결재 전환 계획 보고",
      bodyText: "1. 관련: 디지털정부정책과-7\n2. 전환 계획을 보고합니다.",
      senderTitle: "디지털행정부장",
      registrationNumber: "디지털정부정책과-1",
      effectiveDate: "2026-03-05",
      email: "naeun.kwon@digital.go.kr",
      disclosure: { class: "public", grounds: [] },
    });
    expect(doc.signatures.map((s) => [s.role, s.position, s.name, s.mark, s.signedAt])).toEqual([
      ["drafter", "주무관", "권나은", "none", "2026-03-04T00:10:00.000Z"],
      ["review", "주무관", "최유진", "none", "2026-03-05T01:00:00.000Z"],
      ["cooperate", "과장", "박지원", "none", "2026-03-05T01:00:00.000Z"],
      ["approve", "과장", "서민지", "delegated", "2026-03-05T01:00:00.000Z"],
      ["approve", "국장", "김도윤", "skipped", null],
    ]);
  });

  it("renders the PDF carrying its number and audits the export", async () => {
    const a = await buildApprovalAgency(db);
    const id = await completed(a);
    const before = await lastAuditSeq(db, a.tenant.id);
    // anyone who may read it may export it: here the 협조자, then the drafter
    const file = await exportOfficialDocument(a.as(a.cooperator), {
      approvalId: id,
      format: "pdf",
      agencyName: "디지털행정부",
    });
    expect(file.filename).toBe("디지털정부정책과-1.pdf");
    expect(file.contentType).toBe("application/pdf");
    expect(Buffer.from(file.body.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const { text } = await pdfText(file.body);
    expect(text).toContain("시행 디지털정부정책과-1 (2026. 3. 5.)");
    // the 서명란 are a ruled table: 직위 above, mark and name below
    expect(text).toMatch(/전결\s*서민지/);

    const html = await exportOfficialDocument(a.as(a.drafter), {
      approvalId: id,
      format: "html",
      agencyName: "디지털행정부",
    });
    expect(html.contentType).toBe("text/html; charset=utf-8");
    expect(new TextDecoder().decode(html.body)).toContain("디지털정부정책과-1");

    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((e) => [e.action, e.targetId, e.actorId, e.details.format])).toEqual([
      ["approval.export", id, a.cooperator.id, "pdf"],
      ["approval.export", id, a.drafter.id, "html"],
    ]);
  });

  it("has no document before completion, and does not find an approval of another agency", async () => {
    const a = await buildApprovalAgency(db);
    const theirs = await buildApprovalAgency(db);
    const { approval } = await a.submit({ steps: [{ kind: "approve", group: 1, assigneeId: a.chief.id }] });
    const input = { approvalId: approval.id, format: "pdf" as const, agencyName: "디지털행정부" };
    expect(await outcome(exportOfficialDocument(a.as(a.drafter), input))).toBe(
      "409 approvals.document.not-completed",
    );
    const id = await completed(a);
    const done = { ...input, approvalId: id };
    expect(await outcome(exportOfficialDocument(a.as(a.secondCooperator), done))).toBe(
      "404 approvals.not-found",
    );
    // the members of a 수신 department read it once completed (한가람 of 운영지원과)
    expect(await outcome(exportOfficialDocument(a.as(a.outsider), done))).toBe("ok");
    expect(await outcome(exportOfficialDocument(theirs.as(theirs.drafter), done))).toBe(
      "404 approvals.not-found",
    );
    expect(await outcome(exportOfficialDocument(a.as(a.drafter), { ...done, approvalId: "x" }))).toBe(
      "404 approvals.not-found",
    );
  });

  it("prints the agency's contacts and 발신명의 from 기관 정보, and lists the 붙임 files", async () => {
    const a = await buildApprovalAgency(db);
    const id = await completed(a);
    // Files attached while it was drafted (seeded: attaching is tested in its own service).
    await withTenant(db, a.tenant.id, async (tx) => {
      const ids: string[] = [];
      for (const filename of ["2027년 전자결재 전환 계획.hwp", "추진 일정표.xlsx"]) {
        const data = new TextEncoder().encode(filename);
        const [row] = await tx
          .insert(approvalAttachments)
          .values({
            tenantId: a.tenant.id,
            approvalId: id,
            fieldKey: "files",
            filename,
            contentType: "application/octet-stream",
            sizeBytes: data.length,
            sha256: new Uint8Array(createHash("sha256").update(data).digest()),
            data,
            uploadedBy: a.drafter.id,
          })
          .returning({ id: approvalAttachments.id });
        ids.push(row!.id);
      }
      await tx
        .update(approvals)
        .set({ fields: { files: ids } })
        .where(and(eq(approvals.tenantId, a.tenant.id), eq(approvals.id, id)));
    });
    await updateAgencyContacts(
      { db, tenantId: a.tenant.id, actor: { kind: "user", id: a.drafter.id, label: "관리자" }, ip: null },
      {
        postalCode: "30128",
        address: "세종특별자치시 도움6로 42",
        homepage: "https://www.digital.go.kr",
        phone: "044-205-1234",
        fax: "044-205-8900",
        senderTitle: "디지털행정부장관",
      },
    );
    const doc = await withTenant(db, a.tenant.id, async (tx) =>
      buildOfficialDocument(tx, a.tenant.id, (await loadApproval(tx, a.tenant.id, id))!, "디지털행정부"),
    );
    expect(doc).toMatchObject({
      attachments: ["2027년 전자결재 전환 계획 1부", "추진 일정표 1부"],
      senderTitle: "디지털행정부장관",
      postalCode: "30128",
      address: "세종특별자치시 도움6로 42",
      homepage: "https://www.digital.go.kr",
      phone: "044-205-1234",
      fax: "044-205-8900",
    });
    const html = new TextDecoder().decode(
      (
        await exportOfficialDocument(a.as(a.drafter), {
          approvalId: id,
          format: "html",
          agencyName: "디지털행정부",
        })
      ).body,
    );
    expect(html).toContain("1. 2027년 전자결재 전환 계획 1부.");
    expect(html).toContain("2. 추진 일정표 1부.  끝.");
    expect(html).toContain("세종특별자치시 도움6로 42");
    expect(html).toContain("044-205-8900");
  });
});
