import { sql, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { AppError } from "../../errors.server.ts";
import { createFolder } from "./folders.server.ts";
import {
  findFolder,
  listDepartmentSpaces,
  listDocuments,
  listRecentForHome,
  listSpaceFolders,
  PAGE_SIZE,
  recordVisit,
  setStar,
} from "./spaces.server.ts";
import { describeListDate } from "./spaces-dates.server.ts";
import { buildAgency, share } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

const ids = (page: { rows: { id: string }[] }) => page.rows.map((row) => row.id);

async function expectNotFound(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(404);
}

describe("내 문서", () => {
  it("lists the person's own documents outside department spaces and folders, newest first", async () => {
    const a = await buildAgency(db);
    const older = await a.document(a.owner.id, { updatedAt: new Date("2026-01-01T00:00:00Z") });
    const newer = await a.document(a.owner.id, { updatedAt: new Date("2026-02-01T00:00:00Z") });
    await a.document(a.owner.id, { departmentId: a.division.id });
    await a.document(a.colleague.id);
    const folder = await createFolder(a.as(a.owner), {
      space: { kind: "personal", ownerId: a.owner.id },
      parentId: null,
      name: "회의 자료",
    });
    const inFolder = await a.document(a.owner.id, { folderId: folder.id });

    const root = await listDocuments(db, a.as(a.owner), { view: "mine" });
    expect(ids(root)).toEqual([newer.id, older.id]);
    expect(root.rows[0]).toMatchObject({ role: "owner", ownerName: "서민지", starred: false });
    expect(ids(await listDocuments(db, a.as(a.owner), { view: "mine", folderId: folder.id }))).toEqual([
      inFolder.id,
    ]);
    // Someone else's folder is not found, even by its id.
    await expectNotFound(listDocuments(db, a.as(a.colleague), { view: "mine", folderId: folder.id }));
  });

  it(`pages by ${PAGE_SIZE} and clamps a page past the end to the last one`, async () => {
    const a = await buildAgency(db);
    for (let i = 0; i < PAGE_SIZE + 1; i++) {
      await a.document(a.owner.id, { updatedAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
    }
    const first = await listDocuments(db, a.as(a.owner), { view: "mine", page: 1 });
    expect(first).toMatchObject({ page: 1, pageSize: PAGE_SIZE, total: PAGE_SIZE + 1, pageCount: 2 });
    expect(first.rows).toHaveLength(PAGE_SIZE);
    const second = await listDocuments(db, a.as(a.owner), { view: "mine", page: 2 });
    expect(second.rows).toHaveLength(1);
    expect(ids(first)).not.toContain(second.rows[0]!.id);
    expect((await listDocuments(db, a.as(a.owner), { view: "mine", page: 99 })).page).toBe(2);
  });
});

describe("부서 문서함", () => {
  it("are the person's department and the departments above it, nearest first", async () => {
    const a = await buildAgency(db);
    expect(await listDepartmentSpaces(db, a.as(a.owner))).toEqual([
      { id: a.division.id, name: "디지털정부정책과" },
      { id: a.bureau.id, name: "디지털정부국" },
    ]);
    expect(await listDepartmentSpaces(db, a.as(a.director))).toEqual([
      { id: a.bureau.id, name: "디지털정부국" },
    ]);
  });

  it("list a space's documents to its members (and those of departments under it), as editors", async () => {
    const a = await buildAgency(db);
    const policyDoc = await a.document(a.owner.id, { departmentId: a.division.id });
    const bureauDoc = await a.document(a.director.id, { departmentId: a.bureau.id });
    const division = await listDocuments(db, a.as(a.colleague), {
      view: "department",
      departmentId: a.division.id,
    });
    expect(ids(division)).toEqual([policyDoc.id]);
    expect(division.rows[0]!.role).toBe("editor");
    // A member of the 과 edits in the 국's space too.
    const bureau = await listDocuments(db, a.as(a.colleague), {
      view: "department",
      departmentId: a.bureau.id,
    });
    expect(ids(bureau)).toEqual([bureauDoc.id]);
    expect(bureau.rows[0]!.role).toBe("editor");
    // The 국장 is not in the 과 below: its space is not theirs.
    await expectNotFound(
      listDocuments(db, a.as(a.director), { view: "department", departmentId: a.division.id }),
    );
    await expectNotFound(
      listDocuments(db, a.as(a.outsider), { view: "department", departmentId: a.division.id }),
    );
  });

  it("do not find a department of another agency", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    await b.document(b.owner.id, { departmentId: b.division.id });
    await expectNotFound(
      listDocuments(db, a.as(a.owner), { view: "department", departmentId: b.division.id }),
    );
    await expectNotFound(
      listSpaceFolders(db, a.as(a.owner), { kind: "department", departmentId: b.division.id }, null),
    );
    const foreignFolder = await createFolder(b.as(b.owner), {
      space: { kind: "department", departmentId: b.division.id },
      parentId: null,
      name: "남의 폴더",
    });
    await expectNotFound(findFolder(db, a.as(a.owner), foreignFolder.id));
    await expectNotFound(
      listDocuments(db, a.as(a.owner), {
        view: "department",
        departmentId: b.division.id,
        folderId: foreignFolder.id,
      }),
    );
    await expectNotFound(listDocuments(db, a.as(a.owner), { view: "mine", folderId: foreignFolder.id }));
  });
});

describe("공유 문서함", () => {
  it("lists documents shared with the person, their department (or one above) or the agency, not their own", async () => {
    const a = await buildAgency(db);
    const toPerson = await a.document(a.outsider.id);
    const toBureau = await a.document(a.outsider.id);
    const toAgency = await a.document(a.outsider.id);
    const notShared = await a.document(a.outsider.id);
    const own = await a.document(a.owner.id);
    const trashed = await a.document(a.outsider.id, { deletedAt: new Date() });
    await share(db, a.tenant.id, toPerson.id, a.outsider.id, { kind: "user", id: a.owner.id }, "reader");
    await share(
      db,
      a.tenant.id,
      toBureau.id,
      a.outsider.id,
      { kind: "department", id: a.bureau.id },
      "commenter",
    );
    await share(db, a.tenant.id, toAgency.id, a.outsider.id, { kind: "tenant", id: null }, "reader");
    await share(db, a.tenant.id, own.id, a.owner.id, { kind: "tenant", id: null }, "reader");
    await share(db, a.tenant.id, trashed.id, a.outsider.id, { kind: "user", id: a.owner.id }, "editor");

    const shared = await listDocuments(db, a.as(a.owner), { view: "shared" });
    expect(new Set(ids(shared))).toEqual(new Set([toPerson.id, toBureau.id, toAgency.id]));
    expect(shared.rows.find((row) => row.id === toBureau.id)?.role).toBe("commenter");
    expect(ids(shared)).not.toContain(notShared.id);
  });
});

describe("최근 문서 and 중요 문서", () => {
  it("list what the person opened last and starred, only while they may still read it", async () => {
    const a = await buildAgency(db);
    const mine = await a.document(a.owner.id);
    const sharedDoc = await a.document(a.outsider.id);
    await share(db, a.tenant.id, sharedDoc.id, a.outsider.id, { kind: "user", id: a.owner.id }, "reader");
    expect(await recordVisit(db, a.as(a.owner), mine.id, new Date("2026-03-01T00:00:00Z"))).toBe(true);
    expect(await recordVisit(db, a.as(a.owner), sharedDoc.id, new Date("2026-03-02T00:00:00Z"))).toBe(true);
    const recent = await listDocuments(db, a.as(a.owner), { view: "recent" });
    expect(ids(recent)).toEqual([sharedDoc.id, mine.id]);
    expect(recent.rows[0]!.visitedAt).toEqual(new Date("2026-03-02T00:00:00Z"));
    expect((await listRecentForHome(db, a.as(a.owner), 1)).map((row) => row.id)).toEqual([sharedDoc.id]);

    await setStar(db, a.as(a.owner), { documentId: sharedDoc.id, starred: true });
    await setStar(db, a.as(a.owner), { documentId: sharedDoc.id, starred: true }); // twice is once
    const starred = await listDocuments(db, a.as(a.owner), { view: "starred" });
    expect(ids(starred)).toEqual([sharedDoc.id]);
    expect(starred.rows[0]!.starred).toBe(true);

    // The share is withdrawn: the document leaves both lists.
    await withTenant(db, a.tenant.id, (tx) =>
      tx.execute(sql`delete from document_shares where document_id = ${sharedDoc.id}`),
    );
    expect(ids(await listDocuments(db, a.as(a.owner), { view: "recent" }))).toEqual([mine.id]);
    expect(ids(await listDocuments(db, a.as(a.owner), { view: "starred" }))).toEqual([]);

    await setStar(db, a.as(a.owner), { documentId: mine.id, starred: true });
    await setStar(db, a.as(a.owner), { documentId: mine.id, starred: false });
    expect(ids(await listDocuments(db, a.as(a.owner), { view: "starred" }))).toEqual([]);
  });

  it("star and visit nothing the person may not read", async () => {
    const a = await buildAgency(db);
    const hidden = await a.document(a.outsider.id);
    await expectNotFound(setStar(db, a.as(a.owner), { documentId: hidden.id, starred: true }));
    expect(await recordVisit(db, a.as(a.owner), hidden.id)).toBe(false);
    expect(ids(await listDocuments(db, a.as(a.owner), { view: "recent" }))).toEqual([]);
  });

  it("do not find a document of another agency", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const foreign = await b.document(b.owner.id);
    await share(db, b.tenant.id, foreign.id, b.owner.id, { kind: "tenant", id: null }, "editor");
    await expectNotFound(setStar(db, a.as(a.owner), { documentId: foreign.id, starred: true }));
    expect(await recordVisit(db, a.as(a.owner), foreign.id)).toBe(false);
    for (const view of ["mine", "shared", "recent", "starred", "trash"] as const) {
      expect(ids(await listDocuments(db, a.as(a.owner), { view }))).toEqual([]);
    }
  });
});

describe("휴지통 list", () => {
  it("shows only the person's own trashed documents, most recently trashed first", async () => {
    const a = await buildAgency(db);
    const first = await a.document(a.owner.id, { deletedAt: new Date("2026-03-01T00:00:00Z") });
    const second = await a.document(a.owner.id, {
      departmentId: a.division.id,
      deletedAt: new Date("2026-03-02T00:00:00Z"),
      deletedBy: a.colleague.id,
    });
    await a.document(a.colleague.id, { departmentId: a.division.id, deletedAt: new Date() });
    await a.document(a.owner.id);
    const trash = await listDocuments(db, a.as(a.owner), { view: "trash" });
    expect(ids(trash)).toEqual([second.id, first.id]);
    expect(trash.rows[0]!.deletedAt).toEqual(new Date("2026-03-02T00:00:00Z"));
    // The colleague trashed the owner's document: it is not in their trash, nor in the space.
    expect(ids(await listDocuments(db, a.as(a.colleague), { view: "trash" }))).toHaveLength(1);
    expect(
      ids(await listDocuments(db, a.as(a.colleague), { view: "department", departmentId: a.division.id })),
    ).toEqual([]);
  });
});

describe("a space's folders", () => {
  it("show the path to the folder, its folders by name and every folder of the space", async () => {
    const a = await buildAgency(db);
    const space = { kind: "department", departmentId: a.division.id } as const;
    const top = await createFolder(a.as(a.owner), { space, parentId: null, name: "2026년" });
    const b = await createFolder(a.as(a.owner), { space, parentId: top.id, name: "회의" });
    const c = await createFolder(a.as(a.colleague), { space, parentId: top.id, name: "보고" });
    const view = await listSpaceFolders(db, a.as(a.colleague), space, top.id);
    expect(view.path).toEqual([{ id: top.id, name: "2026년" }]);
    expect(view.children).toEqual([
      { id: c.id, name: "보고" },
      { id: b.id, name: "회의" },
    ]);
    expect(view.all.map((f) => f.path)).toEqual(["2026년", "2026년 / 보고", "2026년 / 회의"]);
    await expectNotFound(listSpaceFolders(db, a.as(a.outsider), space, null));
  });
});

describe("describeListDate", () => {
  const now = new Date("2026-11-24T05:00:00Z"); // 14:00 in Seoul
  it.each([
    ["2026-11-24T04:59:40Z", "ko", "지금"],
    ["2026-11-24T04:57:00Z", "ko", "3분 전"],
    ["2026-11-24T01:00:00Z", "ko", "4시간 전"],
    // 23:30 the day before in Seoul: yesterday, though less than a day ago
    ["2026-11-23T14:30:00Z", "ko", "어제"],
    ["2026-11-21T05:00:00Z", "ko", "3일 전"],
    ["2026-11-10T05:00:00Z", "ko", "2026. 11. 10."],
    ["2026-11-24T04:57:00Z", "en", "3 minutes ago"],
    ["2026-11-10T05:00:00Z", "en", "Nov 10, 2026"],
  ] as const)("%s in %s reads %s", (date, locale, label) => {
    const described = describeListDate(new Date(date), now, locale);
    expect(described.label).toBe(label);
    expect(described.iso).toBe(new Date(date).toISOString());
  });

  it("shows a date in the future (a clock ahead) as a date, never as 'in 3 minutes'", () => {
    expect(describeListDate(new Date("2026-11-24T06:00:00Z"), now, "ko").label).toBe("2026. 11. 24.");
    expect(describeListDate(new Date("2026-11-24T06:00:00Z"), now, "ko").exact).toBe("2026. 11. 24. 15:00");
  });
});
