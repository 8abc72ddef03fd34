import { withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { roleOnDocument } from "./access.server.ts";
import { createFolder } from "./folders.server.ts";
import { formatDestination, listDestinations, moveDocument, parseDestination } from "./move.server.ts";
import {
  auditSince,
  buildAgency,
  lastAuditSeq,
  listenForNotices,
  readDocument,
  refusal,
  share,
} from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;
const notices = listenForNotices(app);

describe("destinations in forms", () => {
  const user = "11111111-2222-4333-8444-555555555555";
  const dept = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
  const folder = "99999999-8888-4777-8666-555555555555";
  it.each([
    ["personal", { space: { kind: "personal", ownerId: user }, folderId: null }],
    [`personal:${folder}`, { space: { kind: "personal", ownerId: user }, folderId: folder }],
    [`department:${dept}`, { space: { kind: "department", departmentId: dept }, folderId: null }],
    [`department:${dept}:${folder}`, { space: { kind: "department", departmentId: dept }, folderId: folder }],
  ] as const)("reads %s and writes it back", (value, destination) => {
    expect(parseDestination(value, user)).toEqual(destination);
    expect(formatDestination(destination)).toBe(value);
  });

  it.each([
    "",
    "personal:",
    "department",
    `department:${dept}:`,
    "personal:x",
    `team:${dept}`,
    `personal:${folder}:${folder}`,
  ])("refuses %j", (value) => {
    expect(parseDestination(value, user)).toBeNull();
  });
});

describe("moveDocument", () => {
  it("moves the owner's document into a folder, then into their department's space, audited", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id);
    const folder = await createFolder(a.as(a.owner), {
      space: { kind: "personal", ownerId: a.owner.id },
      parentId: null,
      name: "회의",
    });
    const before = await lastAuditSeq(db, a.tenant.id);
    await moveDocument(a.as(a.owner), {
      documentId: doc.id,
      destination: { space: { kind: "personal", ownerId: a.owner.id }, folderId: folder.id },
    });
    expect(await readDocument(db, a.tenant.id, doc.id)).toMatchObject({
      folderId: folder.id,
      departmentId: null,
    });
    expect(await withTenant(db, a.tenant.id, (tx) => roleOnDocument(tx, a.colleague.id, doc.id))).toBeNull();

    await moveDocument(a.as(a.owner), {
      documentId: doc.id,
      destination: { space: { kind: "department", departmentId: a.division.id }, folderId: null },
    });
    expect(await readDocument(db, a.tenant.id, doc.id)).toMatchObject({
      folderId: null,
      departmentId: a.division.id,
    });
    // In the space, the department's people edit it.
    expect(await withTenant(db, a.tenant.id, (tx) => roleOnDocument(tx, a.colleague.id, doc.id))).toBe(
      "editor",
    );
    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((entry) => entry.action)).toEqual(["document.move", "document.move"]);
    expect(audit[1]!.details).toMatchObject({
      fromFolderId: folder.id,
      fromDepartmentId: null,
      departmentId: a.division.id,
      folderId: null,
    });
    await notices.waitFor((n) => n.kind === "recheck" && n.documentId === doc.id, "the move's recheck");
  });

  it("lets an editor move within the space, but only members move into a space", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id, { departmentId: a.division.id });
    const space = { kind: "department", departmentId: a.division.id } as const;
    const folder = await createFolder(a.as(a.colleague), { space, parentId: null, name: "2026년" });
    await moveDocument(a.as(a.colleague), {
      documentId: doc.id,
      destination: { space, folderId: folder.id },
    });
    expect((await readDocument(db, a.tenant.id, doc.id))!.folderId).toBe(folder.id);

    // A shared editor from 운영지원과 may edit it, but may not move it into their own department's space
    // (not the owner's) …
    await share(db, a.tenant.id, doc.id, a.owner.id, { kind: "user", id: a.outsider.id }, "editor");
    // … into the 과's space is fine neither: they are not a member.
    const notMember = await refusal(
      moveDocument(a.as(a.outsider), { documentId: doc.id, destination: { space, folderId: null } }),
    );
    expect(notMember).toMatchObject({ status: 403, messageKey: "documents.spaces.error.moveNotMember" });
    // Into a personal space: only the owner, and only into their own.
    const personal = await refusal(
      moveDocument(a.as(a.colleague), {
        documentId: doc.id,
        destination: { space: { kind: "personal", ownerId: a.colleague.id }, folderId: null },
      }),
    );
    expect(personal).toMatchObject({
      status: 403,
      messageKey: "documents.spaces.error.movePersonalOwnerOnly",
    });
    expect(await readDocument(db, a.tenant.id, doc.id)).toMatchObject({
      departmentId: a.division.id,
      folderId: folder.id,
    });
  });

  it("is refused to readers and commenters (403), and to people without access (404)", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id);
    await share(db, a.tenant.id, doc.id, a.owner.id, { kind: "department", id: a.division.id }, "commenter");
    const destination = {
      space: { kind: "department", departmentId: a.division.id },
      folderId: null,
    } as const;
    const commenter = await refusal(moveDocument(a.as(a.colleague), { documentId: doc.id, destination }));
    expect(commenter).toMatchObject({ status: 403, messageKey: "documents.spaces.error.moveForbidden" });
    expect((await refusal(moveDocument(a.as(a.outsider), { documentId: doc.id, destination }))).status).toBe(
      404,
    );
    expect((await readDocument(db, a.tenant.id, doc.id))!.departmentId).toBeNull();
  });

  it("does not find a document, department or folder of another agency", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const doc = await a.document(a.owner.id);
    const foreignFolder = await createFolder(b.as(b.owner), {
      space: { kind: "personal", ownerId: b.owner.id },
      parentId: null,
      name: "남의 폴더",
    });
    const before = await lastAuditSeq(db, a.tenant.id);
    const attempts = [
      () =>
        moveDocument(b.as(b.owner), {
          documentId: doc.id,
          destination: { space: { kind: "personal", ownerId: b.owner.id }, folderId: null },
        }),
      () =>
        moveDocument(a.as(a.owner), {
          documentId: doc.id,
          destination: { space: { kind: "department", departmentId: b.division.id }, folderId: null },
        }),
      () =>
        moveDocument(a.as(a.owner), {
          documentId: doc.id,
          destination: { space: { kind: "personal", ownerId: a.owner.id }, folderId: foreignFolder.id },
        }),
    ];
    for (const attempt of attempts) expect((await refusal(attempt())).status).toBe(404);
    expect(await readDocument(db, a.tenant.id, doc.id)).toMatchObject({ departmentId: null, folderId: null });
    expect(await lastAuditSeq(db, a.tenant.id)).toBe(before);
  });
});

describe("listDestinations", () => {
  it("offers the person's own space (for their documents) and each of their department spaces with folders", async () => {
    const a = await buildAgency(db);
    const mine = await createFolder(a.as(a.owner), {
      space: { kind: "personal", ownerId: a.owner.id },
      parentId: null,
      name: "개인",
    });
    const dept = await createFolder(a.as(a.owner), {
      space: { kind: "department", departmentId: a.bureau.id },
      parentId: null,
      name: "국 공통",
    });
    await createFolder(a.as(a.outsider), {
      space: { kind: "department", departmentId: a.support.id },
      parentId: null,
      name: "운영",
    });
    const all = await listDestinations(db, a.as(a.owner), { includePersonal: true });
    expect(all).toEqual([
      { value: "personal", departmentName: null, folderPath: null },
      { value: `personal:${mine.id}`, departmentName: null, folderPath: "개인" },
      { value: `department:${a.division.id}`, departmentName: "디지털정부정책과", folderPath: null },
      { value: `department:${a.bureau.id}`, departmentName: "디지털정부국", folderPath: null },
      {
        value: `department:${a.bureau.id}:${dept.id}`,
        departmentName: "디지털정부국",
        folderPath: "국 공통",
      },
    ]);
    expect(
      (await listDestinations(db, a.as(a.owner), { includePersonal: false })).map((d) => d.value),
    ).not.toContain("personal");
  });
});
