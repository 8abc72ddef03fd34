import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { createFolder } from "./folders.server.ts";
import { changeProperties, type PropertiesInput, readProperties } from "./properties.server.ts";
import { checkRecords, checkTitle } from "./properties-rules.server.ts";
import { DocumentsFieldError } from "./spaces-context.server.ts";
import {
  auditSince,
  buildAgency,
  lastAuditSeq,
  readDocument,
  refusal,
  share,
} from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

describe("checkRecords (정보공개법 제9조 제1항)", () => {
  it.each([
    [
      { disclosure: "public", disclosureGrounds: [], retention: "5y" },
      { disclosure: "public", disclosureGrounds: [] },
    ],
    [
      { disclosure: "partial", disclosureGrounds: [6], retention: "1y" },
      { disclosure: "partial", disclosureGrounds: [6] },
    ],
    [
      { disclosure: "private", disclosureGrounds: ["8", 1, "1"], retention: "permanent" },
      { disclosure: "private", disclosureGrounds: [1, 8] },
    ],
    [
      { disclosure: "private", disclosureGrounds: [1, 2, 3, 4, 5, 6, 7, 8], retention: "semi_permanent" },
      { disclosure: "private", disclosureGrounds: [1, 2, 3, 4, 5, 6, 7, 8] },
    ],
  ])("accepts %j", (input, expected) => {
    const result = checkRecords(input);
    expect(result.ok && result.value).toMatchObject(expected);
  });

  it.each([
    [
      { disclosure: "private", disclosureGrounds: [], retention: "5y" },
      "disclosureGrounds",
      "groundRequired",
    ],
    [
      { disclosure: "partial", disclosureGrounds: [], retention: "5y" },
      "disclosureGrounds",
      "groundRequired",
    ],
    [
      { disclosure: "private", disclosureGrounds: [0], retention: "5y" },
      "disclosureGrounds",
      "groundUnknown",
    ],
    [
      { disclosure: "private", disclosureGrounds: [9], retention: "5y" },
      "disclosureGrounds",
      "groundUnknown",
    ],
    [
      { disclosure: "private", disclosureGrounds: [1.5], retention: "5y" },
      "disclosureGrounds",
      "groundUnknown",
    ],
    [
      { disclosure: "private", disclosureGrounds: ["10"], retention: "5y" },
      "disclosureGrounds",
      "groundUnknown",
    ],
    [
      { disclosure: "public", disclosureGrounds: [3], retention: "5y" },
      "disclosureGrounds",
      "groundForPublic",
    ],
    [{ disclosure: "closed", disclosureGrounds: [], retention: "5y" }, "disclosure", "disclosure"],
    [{ disclosure: "public", disclosureGrounds: [], retention: "2y" }, "retention", "retention"],
  ])("refuses %j on %s", (input, field, reason) => {
    expect(checkRecords(input)).toEqual({ ok: false, field, reason: `documents.properties.error.${reason}` });
  });

  it("checks titles: trimmed, 1–200 characters", () => {
    expect(checkTitle("  보고  ")).toEqual({ ok: true, value: "보고" });
    expect(checkTitle(" ").ok).toBe(false);
    expect(checkTitle("가".repeat(200)).ok).toBe(true);
    expect(checkTitle("가".repeat(201)).ok).toBe(false);
  });
});

describe("readProperties", () => {
  it("shows a reader the document's records metadata, owner, space, folder and their role", async () => {
    const a = await buildAgency(db);
    const space = { kind: "department", departmentId: a.division.id } as const;
    const folder = await createFolder(a.as(a.owner), { space, parentId: null, name: "2026년" });
    const doc = await a.document(a.owner.id, {
      title: "예산 검토",
      departmentId: a.division.id,
      folderId: folder.id,
      disclosure: "private",
      disclosureGrounds: [5],
      retention: "10y",
    });
    await share(db, a.tenant.id, doc.id, a.owner.id, { kind: "user", id: a.outsider.id }, "reader");
    const seen = await readProperties(db, a.as(a.outsider), doc.id);
    expect(seen).toMatchObject({
      title: "예산 검토",
      role: "reader",
      disclosure: "private",
      disclosureGrounds: [5],
      retention: "10y",
      owner: { id: a.owner.id, name: "서민지" },
      department: { id: a.division.id, name: "디지털정부정책과" },
      folder: { id: folder.id, path: "2026년" },
      starred: false,
      deletedAt: null,
    });
    expect((await readProperties(db, a.as(a.colleague), doc.id)).role).toBe("editor");
  });

  it("does not find a document the person may not read, or one of another agency", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const doc = await a.document(a.owner.id);
    expect((await refusal(readProperties(db, a.as(a.outsider), doc.id))).status).toBe(404);
    expect((await refusal(readProperties(db, b.as(b.admin), doc.id))).status).toBe(404);
  });
});

describe("changeProperties", () => {
  const change = (documentId: string, overrides: Partial<PropertiesInput> = {}): PropertiesInput => ({
    documentId,
    title: "보고서",
    disclosure: "public",
    disclosureGrounds: [],
    retention: "5y",
    ...overrides,
  });

  it("lets an editor set 비공개 with 5호, audited with what it was and what it became", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id, { title: "보고서", departmentId: a.division.id });
    const before = await lastAuditSeq(db, a.tenant.id);
    const changed = await changeProperties(
      a.as(a.colleague),
      change(doc.id, {
        title: "인사 검토 보고서",
        disclosure: "private",
        disclosureGrounds: ["5"],
        retention: "30y",
      }),
    );
    expect(changed).toBe(true);
    expect(await readDocument(db, a.tenant.id, doc.id)).toMatchObject({
      title: "인사 검토 보고서",
      disclosure: "private",
      disclosureGrounds: [5],
      retention: "30y",
    });
    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "document.metadata.change",
      targetId: doc.id,
      actorId: a.colleague.id,
      details: {
        fromTitle: "보고서",
        title: "인사 검토 보고서",
        fromDisclosure: "public",
        disclosure: "private",
        fromDisclosureGrounds: "",
        disclosureGrounds: "5",
        fromRetention: "5y",
        retention: "30y",
      },
    });
    // Back to 공개: the grounds go with it.
    await changeProperties(a.as(a.owner), change(doc.id, { title: "인사 검토 보고서", retention: "30y" }));
    expect(await readDocument(db, a.tenant.id, doc.id)).toMatchObject({
      disclosure: "public",
      disclosureGrounds: [],
    });
  });

  it("writes and audits nothing when nothing changed", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id, { title: "보고서" });
    const before = await lastAuditSeq(db, a.tenant.id);
    expect(await changeProperties(a.as(a.owner), change(doc.id))).toBe(false);
    expect(await lastAuditSeq(db, a.tenant.id)).toBe(before);
  });

  it("refuses 비공개 without a ground, and leaves the document as it was", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id, { title: "보고서" });
    const error = await refusal(
      changeProperties(a.as(a.owner), change(doc.id, { title: "새 제목", disclosure: "private" })),
    );
    expect(error).toBeInstanceOf(DocumentsFieldError);
    expect(error).toMatchObject({
      field: "disclosureGrounds",
      messageKey: "documents.properties.error.groundRequired",
    });
    expect(await readDocument(db, a.tenant.id, doc.id)).toMatchObject({
      title: "보고서",
      disclosure: "public",
    });
  });

  it("is refused to readers and commenters (403), and a trashed document cannot change", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id, { title: "보고서" });
    await share(db, a.tenant.id, doc.id, a.owner.id, { kind: "user", id: a.outsider.id }, "commenter");
    await share(db, a.tenant.id, doc.id, a.owner.id, { kind: "user", id: a.director.id }, "reader");
    for (const user of [a.outsider, a.director]) {
      const error = await refusal(changeProperties(a.as(user), change(doc.id, { title: "몰래" })));
      expect(error).toMatchObject({ status: 403, messageKey: "documents.properties.error.forbidden" });
    }
    const trashed = await a.document(a.owner.id, { deletedAt: new Date() });
    expect((await refusal(changeProperties(a.as(a.owner), change(trashed.id)))).status).toBe(409);
    expect((await readDocument(db, a.tenant.id, doc.id))!.title).toBe("보고서");
  });

  it("does not find a document of another agency", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const doc = await a.document(a.owner.id, { title: "보고서" });
    const before = await lastAuditSeq(db, a.tenant.id);
    expect((await refusal(changeProperties(b.as(b.admin), change(doc.id, { title: "몰래" })))).status).toBe(
      404,
    );
    expect((await readDocument(db, a.tenant.id, doc.id))!.title).toBe("보고서");
    expect(await lastAuditSeq(db, a.tenant.id)).toBe(before);
  });
});
