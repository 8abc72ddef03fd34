import { BODY, docFromState } from "@nuri/collab";
import { appendUpdate } from "@nuri/collab/store";
import { documents, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { copyDocument, copyTitle } from "./copy.server.ts";
import { builtInTemplateState } from "./templates-builtin.server.ts";
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

/** An update that appends a paragraph to the body of the document whose state is `state`. */
function appendParagraph(state: Uint8Array | null, text: string): Uint8Array {
  const doc = docFromState(state ? [state] : []);
  try {
    const before = Y.encodeStateVector(doc);
    const body = doc.getXmlFragment(BODY);
    const paragraph = new Y.XmlElement("paragraph");
    body.insert(body.length, [paragraph]);
    const content = new Y.XmlText();
    paragraph.insert(0, [content]);
    content.insert(0, text);
    return Y.encodeStateAsUpdate(doc, before);
  } finally {
    doc.destroy();
  }
}

describe("copyTitle", () => {
  it("adds 사본, cutting a long title so the whole fits 200 characters", () => {
    expect(copyTitle("회의록")).toBe("회의록 사본");
    expect(copyTitle("Minutes", "(copy)")).toBe("Minutes (copy)");
    const long = copyTitle("가".repeat(200));
    expect([...long]).toHaveLength(200);
    expect(long.endsWith("… 사본")).toBe(true);
    expect(copyTitle("")).toBe("사본");
  });
});

describe("copyDocument", () => {
  it("lets a reader copy into their own space: the body with every update since the snapshot, as owner", async () => {
    const a = await buildAgency(db);
    const state = builtInTemplateState("meeting")!;
    const original = await a.document(a.owner.id, {
      title: "주간 회의록",
      state,
      departmentId: a.division.id,
      disclosure: "partial",
      disclosureGrounds: [6],
      retention: "3y",
    });
    // An edit the collab-server appended after the last compaction.
    await withTenant(db, a.tenant.id, (tx) =>
      appendUpdate(tx, a.tenant.id, original.id, appendParagraph(state, "결정: 다음 주에 보고")),
    );
    await share(db, a.tenant.id, original.id, a.owner.id, { kind: "user", id: a.outsider.id }, "reader");
    const before = await lastAuditSeq(db, a.tenant.id);

    const copyId = await copyDocument(a.as(a.outsider), { documentId: original.id });

    const copy = await readDocument(db, a.tenant.id, copyId);
    expect(copy).toMatchObject({
      title: "주간 회의록 사본",
      ownerId: a.outsider.id,
      departmentId: null,
      folderId: null,
      disclosure: "partial",
      disclosureGrounds: [6],
      retention: "3y",
      deletedAt: null,
    });
    expect(copy!.contentText.startsWith("회의록\n일시: ")).toBe(true);
    expect(copy!.contentText.endsWith("결정: 다음 주에 보고")).toBe(true);
    // The copy's state holds the appended edit itself (no update rows of its own).
    const doc = docFromState([copy!.state!]);
    expect(doc.getXmlFragment(BODY).toString()).toContain("결정: 다음 주에 보고");
    doc.destroy();
    // The original is untouched, and its shares stay with it.
    expect((await readDocument(db, a.tenant.id, original.id))!.ownerId).toBe(a.owner.id);
    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((entry) => [entry.action, entry.targetId])).toEqual([["document.copy", copyId]]);
    expect(audit[0]!.details).toMatchObject({ sourceId: original.id, title: "주간 회의록 사본" });
  });

  it("copies an empty document as empty", async () => {
    const a = await buildAgency(db);
    const original = await a.document(a.owner.id, { title: "빈 문서" });
    const copy = await readDocument(
      db,
      a.tenant.id,
      await copyDocument(a.as(a.owner), { documentId: original.id }),
    );
    expect(copy).toMatchObject({ title: "빈 문서 사본", state: null, contentText: "" });
  });

  it("does not copy what the person may not read, a trashed document, or another agency's", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const hidden = await a.document(a.owner.id);
    const trashed = await a.document(a.owner.id, { deletedAt: new Date() });
    const before = await lastAuditSeq(db, a.tenant.id);
    expect((await refusal(copyDocument(a.as(a.outsider), { documentId: hidden.id }))).status).toBe(404);
    expect((await refusal(copyDocument(a.as(a.owner), { documentId: trashed.id }))).status).toBe(404);
    expect((await refusal(copyDocument(b.as(b.admin), { documentId: hidden.id }))).status).toBe(404);
    const count = async (tenantId: string) =>
      (
        await withTenant(db, tenantId, (tx) =>
          tx.select().from(documents).where(eq(documents.tenantId, tenantId)),
        )
      ).length;
    expect(await count(a.tenant.id)).toBe(2);
    expect(await count(b.tenant.id)).toBe(0);
    expect(await lastAuditSeq(db, a.tenant.id)).toBe(before);
  });
});
