import { documents, eq, withTenant } from "@nuri/db";
import { buildDocument, buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { auditEntries } from "../org/test-helpers.server.ts";
import { renameDocument } from "./editor-rename.server.ts";
import { share } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

async function setup() {
  const tenant = await buildTenant(db);
  const owner = await buildUser(db, tenant.id, { displayName: "권나은" });
  const editor = await buildUser(db, tenant.id, { displayName: "서민지" });
  const commenter = await buildUser(db, tenant.id);
  const reader = await buildUser(db, tenant.id);
  const stranger = await buildUser(db, tenant.id);
  const doc = await buildDocument(db, tenant.id, owner.id, { title: "2027년 업무계획(초안)" });
  for (const [person, role] of [
    [editor, "editor"],
    [commenter, "commenter"],
    [reader, "reader"],
  ] as const) {
    await share(db, tenant.id, doc.id, owner.id, { kind: "user", id: person.id }, role);
  }
  return { tenant, owner, editor, commenter, reader, stranger, doc };
}

type Person = { id: string; displayName: string };

const rename = (tenantId: string, person: Person, documentId: string, title: string) =>
  renameDocument({
    db,
    tenantId,
    userId: person.id,
    actor: { kind: "user", id: person.id, label: person.displayName },
    ip: "203.0.113.9",
    documentId,
    title,
  });

async function titleOf(tenantId: string, documentId: string) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx.select({ title: documents.title }).from(documents).where(eq(documents.id, documentId)),
  );
  return row?.title;
}

describe("renaming a document", () => {
  it("lets an editor rename it, trimmed, and records who changed what in the audit log", async () => {
    const { tenant, editor, doc } = await setup();
    expect(await rename(tenant.id, editor, doc.id, "  2027년 업무계획  ")).toEqual({
      title: "2027년 업무계획",
    });
    expect(await titleOf(tenant.id, doc.id)).toBe("2027년 업무계획");
    expect((await auditEntries(db, tenant.id)).at(-1)).toMatchObject({
      action: "document.rename",
      actorId: editor.id,
      actorLabel: "서민지",
      targetType: "document",
      targetId: doc.id,
      ip: "203.0.113.9",
      details: { fromTitle: "2027년 업무계획(초안)", title: "2027년 업무계획" },
    });
  });

  it("lets the owner rename it, and records nothing when the title stays the same", async () => {
    const { tenant, owner, doc } = await setup();
    await rename(tenant.id, owner, doc.id, "확정본");
    await rename(tenant.id, owner, doc.id, "확정본 ");
    expect((await auditEntries(db, tenant.id)).filter((e) => e.action === "document.rename")).toHaveLength(1);
    expect(await titleOf(tenant.id, doc.id)).toBe("확정본");
  });

  it("refuses readers and commenters, and leaves the title alone", async () => {
    const { tenant, commenter, reader, doc } = await setup();
    for (const person of [reader, commenter]) {
      await expect(rename(tenant.id, person, doc.id, "몰래 바꾼 제목")).rejects.toMatchObject({
        code: "document.rename.forbidden",
        messageKey: "documents.editor.rename.forbidden",
        status: 403,
      });
    }
    expect(await titleOf(tenant.id, doc.id)).toBe("2027년 업무계획(초안)");
    expect(await auditEntries(db, tenant.id)).toEqual([]);
  });

  it("does not find a document the person may not see", async () => {
    const { tenant, stranger, doc } = await setup();
    await expect(rename(tenant.id, stranger, doc.id, "새 제목")).rejects.toMatchObject({
      code: "document.not-found",
      status: 404,
    });
  });

  it("does not find a document of another agency", async () => {
    const mine = await setup();
    const theirs = await setup();
    await expect(rename(theirs.tenant.id, theirs.owner, mine.doc.id, "새 제목")).rejects.toMatchObject({
      status: 404,
    });
    await expect(rename(mine.tenant.id, theirs.owner, mine.doc.id, "새 제목")).rejects.toMatchObject({
      status: 404,
    });
    expect(await titleOf(mine.tenant.id, mine.doc.id)).toBe("2027년 업무계획(초안)");
    expect(await auditEntries(db, mine.tenant.id)).toEqual([]);
    expect(await auditEntries(db, theirs.tenant.id)).toEqual([]);
  });

  it.each([
    ["an empty title", "", "required"],
    ["only spaces", "   \u3000 ", "required"],
    ["201 characters", "가".repeat(201), "tooLong"],
    ["a line break", "첫 줄\n둘째 줄", "invalid"],
    ["a tab", "제목\t탭", "invalid"],
    ["a NUL", "제목\u0000", "invalid"],
    ["a line separator", "제목\u2028끝", "invalid"],
  ])("refuses %s", async (_case, title, reason) => {
    const { tenant, editor, doc } = await setup();
    await expect(rename(tenant.id, editor, doc.id, title)).rejects.toMatchObject({
      code: `document.rename.${reason}`,
      messageKey: `documents.editor.rename.${reason}`,
      status: 400,
    });
    expect(await titleOf(tenant.id, doc.id)).toBe("2027년 업무계획(초안)");
  });

  it("counts characters as PostgreSQL does: 200 Hangul syllables or 200 emoji fit", async () => {
    const { tenant, editor, doc } = await setup();
    const hangul = "한".repeat(200);
    await rename(tenant.id, editor, doc.id, hangul);
    expect(await titleOf(tenant.id, doc.id)).toBe(hangul);
    // 200 characters, 400 UTF-16 code units: JavaScript's length would wrongly refuse it.
    const emoji = "📄".repeat(200);
    await rename(tenant.id, editor, doc.id, emoji);
    expect(await titleOf(tenant.id, doc.id)).toBe(emoji);
  });
});
