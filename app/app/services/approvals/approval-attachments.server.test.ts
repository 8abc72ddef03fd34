import { and, approvalAttachments, count, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { auditSince, lastAuditSeq, outcome } from "../documents/test-helpers.server.ts";
import { attachFiles, readAttachment, removeAttachment } from "./approval-attachments.server.ts";
import { MAX_ATTACHMENT_BYTES } from "./attachment-limits.ts";
import { createApproval } from "./create-approval.server.ts";
import {
  type ApprovalAgency,
  buildApprovalAgency,
  markRejected,
  READY,
  readApproval,
  saveDraft,
} from "./draft-test-helpers.server.ts";
import { getApprovalView } from "./get-approval.server.ts";
import { redraftApproval } from "./redraft-approval.server.ts";
import { submitApproval } from "./submit-approval.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

const bytes = (text: string) => new TextEncoder().encode(text);
const file = (filename: string, text = `${filename}의 내용`, fieldKey = "files") => ({
  fieldKey,
  filename,
  bytes: bytes(text),
});

/** A 기안문 of 권나은 (its form has one attachment field, 붙임 "files", of up to 10 files). */
async function draft(a: ApprovalAgency) {
  return createApproval(a.as(a.drafter), { formId: a.form.general });
}

async function rowsOf(tenantId: string, approvalId: string) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ n: count() })
      .from(approvalAttachments)
      .where(and(eq(approvalAttachments.tenantId, tenantId), eq(approvalAttachments.approvalId, approvalId))),
  );
  return row!.n;
}

describe("attachFiles", () => {
  it("stores the files of a draft in its field's order, lists them on the page, and audits each", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    const before = await lastAuditSeq(db, a.tenant.id);
    const attached = await attachFiles(a.as(a.drafter), {
      approvalId: id,
      files: [file("2027년 사업계획서.hwp"), file("C:\\Users\\나은\\추진 일정표.xlsx")],
    });
    expect(attached.map((f) => [f.filename, f.contentType])).toEqual([
      ["2027년 사업계획서.hwp", "application/x-hwp"],
      // a path sent by an old browser keeps only the file's own name
      ["추진 일정표.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ]);
    expect((await readApproval(db, a.tenant.id, id))!.fields.files).toEqual(attached.map((f) => f.id));
    const view = await getApprovalView(a.as(a.drafter), id);
    expect(view!.attachments.map((f) => f.filename)).toEqual(["2027년 사업계획서.hwp", "추진 일정표.xlsx"]);
    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((entry) => entry.action)).toEqual([
      "approval.attachment.add",
      "approval.attachment.add",
    ]);
    expect(audit[0]!.details).toMatchObject({ field: "files", filename: "2027년 사업계획서.hwp" });

    // A co-drafter attaches too.
    await saveDraft(a, id, { coDrafters: [a.colleague.id] });
    await attachFiles(a.as(a.colleague), { approvalId: id, files: [file("명단.pdf")] });
    expect(await rowsOf(a.tenant.id, id)).toBe(3);
  });

  it("refuses, writing nothing, a file too large, empty, of a kind not allowed, or badly named", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    const as = a.as(a.drafter);
    const attach = (...files: ReturnType<typeof file>[]) =>
      outcome(attachFiles(as, { approvalId: id, files }));
    const big = {
      fieldKey: "files",
      filename: "큰 파일.pdf",
      bytes: new Uint8Array(MAX_ATTACHMENT_BYTES + 1),
    };
    expect(await attach(big)).toBe("400 approvals.attachment.too-large");
    // two files within the limit each, over it together
    const half = { ...big, bytes: new Uint8Array(MAX_ATTACHMENT_BYTES / 2 + 1) };
    expect(await attach(half, { ...half, filename: "둘째.pdf" })).toBe("400 approvals.attachment.too-large");
    expect(await attach(file("빈 파일.pdf", ""))).toBe("400 approvals.attachment.empty");
    expect(await attach(file("실행.exe"))).toBe("400 approvals.attachment.type");
    expect(await attach(file("확장자없음"))).toBe("400 approvals.attachment.type");
    expect(await attach(file("줄\n바꿈.pdf"))).toBe("400 approvals.attachment.name");
    expect(await attach(file(`${"가".repeat(117)}.pdf`))).toBe("400 approvals.attachment.name");
    expect(await attach(file("   "))).toBe("400 approvals.attachment.name");
    // a good file beside a bad one is not kept either
    expect(await attach(file("좋은 파일.pdf"), file("나쁜 파일.js"))).toBe("400 approvals.attachment.type");
    // a field that is not an attachment field of the form
    expect(await attach(file("계획.pdf", "x", "amount"))).toBe("400 approvals.attachment.field");
    expect(await rowsOf(a.tenant.id, id)).toBe(0);
    expect((await readApproval(db, a.tenant.id, id))!.fields.files).toBeUndefined();
    // the longest name allowed is taken
    expect(await attach(file(`${"가".repeat(116)}.pdf`))).toBe("ok");
  });

  it("keeps a field to its most files, counting those already there", async () => {
    const a = await buildApprovalAgency(db);
    const id = await createApproval(a.as(a.drafter), { formId: a.form.expense });
    const as = a.as(a.drafter);
    // 증빙서류 of 지출결의서 takes 5
    const receipts = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) =>
        file(`영수증${from + i + 1}.pdf`, `영수증 ${from + i}`, "receipts"),
      );
    expect(await outcome(attachFiles(as, { approvalId: id, files: receipts(3) }))).toBe("ok");
    expect(await outcome(attachFiles(as, { approvalId: id, files: receipts(3, 3) }))).toBe(
      "400 approvals.attachment.too-many",
    );
    expect(await rowsOf(a.tenant.id, id)).toBe(3);
    expect(await outcome(attachFiles(as, { approvalId: id, files: receipts(2, 3) }))).toBe("ok");
    expect(((await readApproval(db, a.tenant.id, id))!.fields.receipts as string[]).length).toBe(5);
  });

  it("is the drafters' alone, and only until 상신; another agency cannot even find the draft", async () => {
    const a = await buildApprovalAgency(db);
    const other = await buildApprovalAgency(db);
    const id = await draft(a);
    const attach = (as: ReturnType<ApprovalAgency["as"]>) =>
      outcome(attachFiles(as, { approvalId: id, files: [file("계획.pdf")] }));
    await saveDraft(a, id, { ...READY, line: [{ kind: "approve", group: 1, assigneeId: a.head.id }] });
    // the approver-to-be may look but not attach; a colleague with no part finds nothing
    expect(await attach(a.as(a.head))).toBe("403 approvals.not-editor");
    expect(await attach(a.as(a.outsider))).toBe("404 approvals.not-found");
    // the same id asked by another agency's drafter
    expect(await attach(other.as(other.drafter))).toBe("404 approvals.not-found");
    await submitApproval(a.as(a.drafter), { approvalId: id });
    expect(await attach(a.as(a.head))).toBe("403 approvals.not-editor");
    expect(await attach(a.as(a.drafter))).toBe("409 approvals.attachment.frozen");
    expect(await rowsOf(a.tenant.id, id)).toBe(0);
  });

  it("leaves the files where they are when the rest of the draft is saved", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    const [attached] = await attachFiles(a.as(a.drafter), { approvalId: id, files: [file("계획.pdf")] });
    // a save that says the list is empty (or names another file) changes nothing of it
    await saveDraft(a, id, { ...READY, fields: { files: [] } });
    await saveDraft(a, id, { fields: { files: ["00000000-0000-4000-8000-000000000000"] } });
    expect((await readApproval(db, a.tenant.id, id))!.fields.files).toEqual([attached!.id]);
  });
});

describe("removeAttachment", () => {
  it("takes a file off a draft and its list, audited; not after 상신, and not another draft's file", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    const second = await draft(a);
    const [first, kept] = await attachFiles(a.as(a.drafter), {
      approvalId: id,
      files: [file("빠질 파일.pdf"), file("남을 파일.pdf")],
    });
    const [elsewhere] = await attachFiles(a.as(a.drafter), {
      approvalId: second,
      files: [file("다른 문서.pdf")],
    });
    const before = await lastAuditSeq(db, a.tenant.id);
    await removeAttachment(a.as(a.drafter), { approvalId: id, attachmentId: first!.id });
    expect((await readApproval(db, a.tenant.id, id))!.fields.files).toEqual([kept!.id]);
    expect((await auditSince(db, a.tenant.id, before)).map((entry) => entry.action)).toEqual([
      "approval.attachment.remove",
    ]);
    expect(
      await outcome(removeAttachment(a.as(a.drafter), { approvalId: id, attachmentId: elsewhere!.id })),
    ).toBe("404 approvals.attachment.not-found");
    expect(await outcome(removeAttachment(a.as(a.drafter), { approvalId: id, attachmentId: "nope" }))).toBe(
      "404 approvals.attachment.not-found",
    );
    await saveDraft(a, id, { ...READY, line: [{ kind: "approve", group: 1, assigneeId: a.head.id }] });
    await submitApproval(a.as(a.drafter), { approvalId: id });
    expect(await outcome(removeAttachment(a.as(a.drafter), { approvalId: id, attachmentId: kept!.id }))).toBe(
      "409 approvals.attachment.frozen",
    );
    expect(await rowsOf(a.tenant.id, id)).toBe(1);
  });
});

describe("readAttachment", () => {
  it("gives the bytes to whoever may read the approval, and nothing to anyone else or another agency", async () => {
    const a = await buildApprovalAgency(db);
    const other = await buildApprovalAgency(db);
    const id = await draft(a);
    const [attached] = await attachFiles(a.as(a.drafter), {
      approvalId: id,
      files: [file("계획.pdf", "%PDF-1.7 계획")],
    });
    await saveDraft(a, id, { ...READY, line: [{ kind: "approve", group: 1, assigneeId: a.head.id }] });
    await submitApproval(a.as(a.drafter), { approvalId: id });
    const read = (as: ReturnType<ApprovalAgency["as"]>, attachmentId = attached!.id) =>
      readAttachment(as, { approvalId: id, attachmentId });
    const got = await read(a.as(a.head));
    expect(got).toMatchObject({ filename: "계획.pdf", contentType: "application/pdf" });
    expect(new TextDecoder().decode(got!.data)).toBe("%PDF-1.7 계획");
    expect(await read(a.as(a.outsider))).toBeNull();
    expect(await read(other.as(other.drafter))).toBeNull();
    expect(await read(a.as(a.head), "00000000-0000-4000-8000-000000000000")).toBeNull();
    // RLS: even a query for the row by id, as the other agency, finds nothing
    const [row] = await withTenant(db, other.tenant.id, (tx) =>
      tx.select({ n: count() }).from(approvalAttachments).where(eq(approvalAttachments.id, attached!.id)),
    );
    expect(row!.n).toBe(0);
  });
});

describe("재기안", () => {
  it("copies the files to the new document, which owns them", async () => {
    const a = await buildApprovalAgency(db);
    const id = await draft(a);
    const [original] = await attachFiles(a.as(a.drafter), { approvalId: id, files: [file("계획.pdf")] });
    await saveDraft(a, id, { ...READY, line: [{ kind: "approve", group: 1, assigneeId: a.head.id }] });
    await submitApproval(a.as(a.drafter), { approvalId: id });
    await markRejected(db, a.tenant.id, id);
    const copyId = await redraftApproval(a.as(a.drafter), { approvalId: id });
    const copy = await getApprovalView(a.as(a.drafter), copyId);
    expect(copy!.attachments.map((f) => f.filename)).toEqual(["계획.pdf"]);
    expect(copy!.attachments[0]!.id).not.toBe(original!.id);
    expect(copy!.values.files).toEqual([copy!.attachments[0]!.id]);
    // removing the copy leaves the rejected document's file alone
    await removeAttachment(a.as(a.drafter), { approvalId: copyId, attachmentId: copy!.attachments[0]!.id });
    expect(await rowsOf(a.tenant.id, id)).toBe(1);
  });
});
