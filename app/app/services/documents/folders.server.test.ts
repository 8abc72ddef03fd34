import { and, eq, folders, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { roleOnDocument } from "./access.server.ts";
import {
  createFolder,
  deleteFolder,
  MAX_FOLDER_DEPTH,
  MAX_FOLDER_NAME,
  moveFolder,
  renameFolder,
} from "./folders.server.ts";
import { DocumentsFieldError } from "./spaces-context.server.ts";
import {
  auditSince,
  buildAgency,
  lastAuditSeq,
  listenForNotices,
  readDocument,
  refusal,
} from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;
const notices = listenForNotices(app);

async function countFolders(tenantId: string) {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx.select().from(folders).where(eq(folders.tenantId, tenantId)),
  );
  return rows.length;
}

describe("createFolder", () => {
  it("creates folders in the person's own space and in their departments' spaces, audited", async () => {
    const a = await buildAgency(db);
    const before = await lastAuditSeq(db, a.tenant.id);
    const personal = await createFolder(a.as(a.owner), {
      space: { kind: "personal", ownerId: a.owner.id },
      parentId: null,
      name: "  회의 자료  ",
    });
    expect(personal).toMatchObject({
      name: "회의 자료",
      ownerId: a.owner.id,
      departmentId: null,
      parentId: null,
    });
    // A member of the 과 may add folders to the 국's space above it.
    const bureau = await createFolder(a.as(a.owner), {
      space: { kind: "department", departmentId: a.bureau.id },
      parentId: null,
      name: "국 공통",
    });
    expect(bureau).toMatchObject({ ownerId: null, departmentId: a.bureau.id, createdBy: a.owner.id });
    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((entry) => [entry.action, entry.targetId])).toEqual([
      ["folder.create", personal.id],
      ["folder.create", bureau.id],
    ]);
  });

  it("refuses someone else's space, a department the person is not in, and another agency's", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const cases = [
      () =>
        createFolder(a.as(a.colleague), {
          space: { kind: "personal", ownerId: a.owner.id },
          parentId: null,
          name: "x",
        }),
      () =>
        createFolder(a.as(a.outsider), {
          space: { kind: "department", departmentId: a.division.id },
          parentId: null,
          name: "x",
        }),
      () =>
        createFolder(a.as(a.owner), {
          space: { kind: "department", departmentId: b.division.id },
          parentId: null,
          name: "x",
        }),
    ];
    for (const attempt of cases) expect((await refusal(attempt())).status).toBe(404);
    expect(await countFolders(a.tenant.id)).toBe(0);
    expect(await countFolders(b.tenant.id)).toBe(0);
  });

  it(`checks the name: required, at most ${MAX_FOLDER_NAME} characters, not used beside it`, async () => {
    const a = await buildAgency(db);
    const space = { kind: "personal", ownerId: a.owner.id } as const;
    const as = a.as(a.owner);
    const blank = await refusal(createFolder(as, { space, parentId: null, name: "   " }));
    expect(blank).toBeInstanceOf(DocumentsFieldError);
    expect(blank.messageKey).toBe("documents.spaces.error.folderNameRequired");
    // Counted in characters: 100 Hangul syllables fit, 101 do not.
    await createFolder(as, { space, parentId: null, name: "가".repeat(MAX_FOLDER_NAME) });
    expect(
      (await refusal(createFolder(as, { space, parentId: null, name: "가".repeat(101) }))).messageKey,
    ).toBe("documents.spaces.error.folderNameTooLong");
    await createFolder(as, { space, parentId: null, name: "보고" });
    expect((await refusal(createFolder(as, { space, parentId: null, name: "보고" }))).messageKey).toBe(
      "documents.spaces.error.folderNameTaken",
    );
    expect((await refusal(createFolder(as, { space, parentId: null, name: "a\0b" }))).messageKey).toBe(
      "form.invalidCharacters",
    );
    expect(await countFolders(a.tenant.id)).toBe(2);
  });

  it(`nests folders at most ${MAX_FOLDER_DEPTH} deep`, async () => {
    const a = await buildAgency(db);
    const space = { kind: "personal", ownerId: a.owner.id } as const;
    let parentId: string | null = null;
    for (let depth = 1; depth <= MAX_FOLDER_DEPTH; depth++) {
      parentId = (await createFolder(a.as(a.owner), { space, parentId, name: `${depth}단계` })).id;
    }
    const tooDeep = await refusal(createFolder(a.as(a.owner), { space, parentId, name: "한 단계 더" }));
    expect(tooDeep.messageKey).toBe("documents.spaces.error.folderTooDeep");
    expect(tooDeep.params).toEqual({ max: MAX_FOLDER_DEPTH });
    expect(await countFolders(a.tenant.id)).toBe(MAX_FOLDER_DEPTH);
  });

  it("puts a folder only under a folder of the same space", async () => {
    const a = await buildAgency(db);
    const personal = await createFolder(a.as(a.owner), {
      space: { kind: "personal", ownerId: a.owner.id },
      parentId: null,
      name: "개인",
    });
    const attempt = createFolder(a.as(a.owner), {
      space: { kind: "department", departmentId: a.division.id },
      parentId: personal.id,
      name: "섞기",
    });
    expect((await refusal(attempt)).status).toBe(404);
  });
});

describe("renameFolder and moveFolder", () => {
  async function tree() {
    const a = await buildAgency(db);
    const space = { kind: "department", departmentId: a.division.id } as const;
    const as = a.as(a.owner);
    const year = await createFolder(as, { space, parentId: null, name: "2026년" });
    const meetings = await createFolder(as, { space, parentId: year.id, name: "회의" });
    const weekly = await createFolder(as, { space, parentId: meetings.id, name: "주간" });
    const other = await createFolder(as, { space, parentId: null, name: "보고" });
    return { a, space, as, year, meetings, weekly, other };
  }

  const parentOf = async (tenantId: string, id: string) => {
    const [row] = await withTenant(db, tenantId, (tx) =>
      tx
        .select()
        .from(folders)
        .where(and(eq(folders.tenantId, tenantId), eq(folders.id, id))),
    );
    return row?.parentId;
  };

  it("renames (a member of the space), refusing a name used beside it", async () => {
    const { a, year, other } = await tree();
    await renameFolder(a.as(a.colleague), { folderId: other.id, name: "보고서" });
    expect(
      (await refusal(renameFolder(a.as(a.colleague), { folderId: other.id, name: "2026년" }))).messageKey,
    ).toBe("documents.spaces.error.folderNameTaken");
    const audit = await auditSince(db, a.tenant.id);
    expect(audit.at(-1)).toMatchObject({
      action: "folder.rename",
      details: { fromName: "보고", name: "보고서" },
    });
    expect((await refusal(renameFolder(a.as(a.outsider), { folderId: year.id, name: "몰래" }))).status).toBe(
      404,
    );
  });

  it("moves a folder with its contents, and refuses a cycle", async () => {
    const { a, as, year, meetings, weekly, other } = await tree();
    await moveFolder(as, { folderId: meetings.id, parentId: other.id });
    expect(await parentOf(a.tenant.id, meetings.id)).toBe(other.id);
    expect(await parentOf(a.tenant.id, weekly.id)).toBe(meetings.id);
    await moveFolder(as, { folderId: meetings.id, parentId: null });
    expect(await parentOf(a.tenant.id, meetings.id)).toBeNull();

    const intoItself = await refusal(moveFolder(as, { folderId: meetings.id, parentId: meetings.id }));
    expect(intoItself.messageKey).toBe("documents.spaces.error.folderCycle");
    const intoChild = await refusal(moveFolder(as, { folderId: meetings.id, parentId: weekly.id }));
    expect(intoChild.messageKey).toBe("documents.spaces.error.folderCycle");
    expect(await parentOf(a.tenant.id, meetings.id)).toBeNull();
    expect(await parentOf(a.tenant.id, weekly.id)).toBe(meetings.id);
    void year;
  });

  it("refuses a move that would nest beyond the depth limit, or into another space", async () => {
    const { a, space, as, meetings } = await tree();
    // A chain of MAX_FOLDER_DEPTH - 1 folders: 회의 (2 levels with 주간) cannot go under its end.
    let parentId: string | null = null;
    for (let depth = 1; depth < MAX_FOLDER_DEPTH; depth++) {
      parentId = (await createFolder(as, { space, parentId, name: `깊이${depth}` })).id;
    }
    expect((await refusal(moveFolder(as, { folderId: meetings.id, parentId }))).messageKey).toBe(
      "documents.spaces.error.folderTooDeep",
    );
    const personal = await createFolder(as, {
      space: { kind: "personal", ownerId: a.owner.id },
      parentId: null,
      name: "개인",
    });
    expect((await refusal(moveFolder(as, { folderId: meetings.id, parentId: personal.id }))).status).toBe(
      404,
    );
  });

  it("does not find a folder of another agency", async () => {
    const { a, meetings } = await tree();
    const b = await buildAgency(db);
    const before = await lastAuditSeq(db, a.tenant.id);
    const foreign = b.as(b.owner);
    expect((await refusal(renameFolder(foreign, { folderId: meetings.id, name: "x" }))).status).toBe(404);
    expect((await refusal(moveFolder(foreign, { folderId: meetings.id, parentId: null }))).status).toBe(404);
    expect((await refusal(deleteFolder(foreign, { folderId: meetings.id }))).status).toBe(404);
    expect(await lastAuditSeq(db, a.tenant.id)).toBe(before);
    expect(await countFolders(a.tenant.id)).toBe(4);
  });
});

describe("deleteFolder", () => {
  it("deletes the folder and those under it, and puts their documents in the trash", async () => {
    const a = await buildAgency(db);
    const space = { kind: "department", departmentId: a.division.id } as const;
    const as = a.as(a.colleague);
    const top = await createFolder(as, { space, parentId: null, name: "2026년" });
    const inner = await createFolder(as, { space, parentId: top.id, name: "회의" });
    const keep = await createFolder(as, { space, parentId: null, name: "보고" });
    const inTop = await a.document(a.owner.id, { departmentId: a.division.id, folderId: top.id });
    const inInner = await a.document(a.colleague.id, { departmentId: a.division.id, folderId: inner.id });
    const alreadyTrashed = await a.document(a.owner.id, {
      departmentId: a.division.id,
      folderId: inner.id,
      deletedAt: new Date("2026-01-01T00:00:00Z"),
    });
    const elsewhere = await a.document(a.owner.id, { departmentId: a.division.id, folderId: keep.id });
    const before = await lastAuditSeq(db, a.tenant.id);

    expect(await deleteFolder(as, { folderId: top.id })).toBe(2);

    expect(await countFolders(a.tenant.id)).toBe(1);
    for (const id of [inTop.id, inInner.id]) {
      const row = await readDocument(db, a.tenant.id, id);
      expect(row).toMatchObject({ folderId: null, departmentId: a.division.id, deletedBy: a.colleague.id });
      expect(row?.deletedAt).toBeInstanceOf(Date);
    }
    // Already in the trash: it keeps its deletion date and leaves the deleted folder.
    expect(await readDocument(db, a.tenant.id, alreadyTrashed.id)).toMatchObject({
      folderId: null,
      deletedAt: new Date("2026-01-01T00:00:00Z"),
    });
    expect(await readDocument(db, a.tenant.id, elsewhere.id)).toMatchObject({
      folderId: keep.id,
      deletedAt: null,
    });
    // The owner keeps their trashed document; the colleague no longer sees the owner's.
    expect(await withTenant(db, a.tenant.id, (tx) => roleOnDocument(tx, a.owner.id, inTop.id))).toBe("owner");
    expect(
      await withTenant(db, a.tenant.id, (tx) => roleOnDocument(tx, a.colleague.id, inTop.id)),
    ).toBeNull();

    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      "document.trash",
      "document.trash",
      "folder.delete",
    ]);
    expect(audit.at(-1)).toMatchObject({
      action: "folder.delete",
      details: { folders: 2, trashedDocuments: 2 },
    });
    for (const id of [inTop.id, inInner.id]) {
      await notices.waitFor((n) => n.kind === "recheck" && n.documentId === id, `a recheck of ${id}`);
    }
  });

  it("is refused to people outside the space, leaving everything as it was", async () => {
    const a = await buildAgency(db);
    const folder = await createFolder(a.as(a.owner), {
      space: { kind: "personal", ownerId: a.owner.id },
      parentId: null,
      name: "개인",
    });
    const doc = await a.document(a.owner.id, { folderId: folder.id });
    expect((await refusal(deleteFolder(a.as(a.colleague), { folderId: folder.id }))).status).toBe(404);
    expect(await readDocument(db, a.tenant.id, doc.id)).toMatchObject({
      folderId: folder.id,
      deletedAt: null,
    });
    expect(await countFolders(a.tenant.id)).toBe(1);
  });
});
