import { saveVersion } from "@nuri/collab/store";
import { withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { auditEntries } from "../org/test-helpers.server.ts";
import { p } from "./export-fixtures.server.ts";
import {
  checkVersionName,
  compareWithCurrent,
  listDocumentHistory,
  nameCurrentVersion,
  readVersion,
  restoreDocumentVersion,
} from "./history.server.ts";
import {
  actorOf,
  appendParagraph as appendTo,
  seedDocumentWithPeople,
  storedText,
} from "./history-fixtures.server.ts";
import { outcome } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

const currentText = (tenantId: string, documentId: string) => storedText(db, tenantId, documentId);
const appendParagraph = (tenantId: string, documentId: string, words: string) =>
  appendTo(db, tenantId, documentId, words);

describe("the version history", () => {
  it("lists versions newest first, with the names of who made them and who contributed", async () => {
    const seed = await seedDocumentWithPeople(db, [p(["첫 문단"])]);
    const { tenant, document, owner, editor, reader } = seed;
    await withTenant(db, tenant.id, (tx) =>
      saveVersion(tx, {
        tenantId: tenant.id,
        documentId: document.id,
        kind: "auto",
        state: new Uint8Array([0, 0]),
        contributors: [owner.id, editor.id],
      }),
    );
    await nameCurrentVersion(actorOf(db, tenant.id, editor), {
      documentId: document.id,
      name: "  결재 상신 전  ",
    });
    const versions = await listDocumentHistory(actorOf(db, tenant.id, reader), document.id);
    expect(versions).toMatchObject([
      { kind: "named", name: "결재 상신 전", createdBy: { id: editor.id, name: "권나은" }, contributors: [] },
      {
        kind: "auto",
        name: null,
        createdBy: null,
        contributors: [
          { id: owner.id, name: "서민지" },
          { id: editor.id, name: "권나은" },
        ],
      },
    ]);
    expect(versions[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(versions[1]!.createdAt.getTime());
  });

  it("names the current state (editors and owners), audited; readers may not", async () => {
    const { tenant, document, owner, editor, reader } = await seedDocumentWithPeople(db, [p(["본문"])]);
    const id = await nameCurrentVersion(actorOf(db, tenant.id, owner), {
      documentId: document.id,
      name: "1차 검토본",
    });
    const preview = await readVersion(actorOf(db, tenant.id, reader), {
      documentId: document.id,
      versionId: id,
    });
    expect(preview).toMatchObject({ kind: "named", name: "1차 검토본", text: "본문", html: "<p>본문</p>" });
    expect(
      await outcome(
        nameCurrentVersion(actorOf(db, tenant.id, editor), { documentId: document.id, name: "편집자" }),
      ),
    ).toBe("ok");
    expect(
      await outcome(
        nameCurrentVersion(actorOf(db, tenant.id, reader), { documentId: document.id, name: "읽기" }),
      ),
    ).toBe("403 documents.forbidden");
    const audits = (await auditEntries(db, tenant.id)).filter(
      (entry) => entry.action === "document.version.create",
    );
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({
      actorId: owner.id,
      actorLabel: "서민지",
      targetType: "document",
      targetId: document.id,
      details: { versionId: id, name: "1차 검토본" },
    });
  });

  it("takes version names of 1 to 100 characters, and refuses control characters", async () => {
    const { tenant, document, owner } = await seedDocumentWithPeople(db, [p(["본문"])]);
    const ctx = actorOf(db, tenant.id, owner);
    const name = (value: string) =>
      outcome(nameCurrentVersion(ctx, { documentId: document.id, name: value }));
    expect(await name("")).toBe("400 documents.history.name.required");
    expect(await name("   ")).toBe("400 documents.history.name.required");
    expect(await name("가".repeat(100))).toBe("ok");
    expect(await name("가".repeat(101))).toBe("400 documents.history.name.tooLong");
    // 100 characters outside the BMP are 200 UTF-16 units: still 100 characters
    expect(await name("😀".repeat(100))).toBe("ok");
    expect(await name("줄\n바꿈")).toBe("400 documents.history.name.invalid");
    expect(await name("\uD800외톨이")).toBe("400 documents.history.name.invalid");
    expect(checkVersionName(" 가 ")).toEqual({ ok: true, name: "가" });
  });

  it("compares a version with the current text", async () => {
    const { tenant, document, owner, reader } = await seedDocumentWithPeople(db, [
      p(["예산은 100만 원이다."]),
    ]);
    const versionId = await nameCurrentVersion(actorOf(db, tenant.id, owner), {
      documentId: document.id,
      name: "처음",
    });
    await appendParagraph(tenant.id, document.id, "담당은 권나은 주무관.");
    const { version, diff } = await compareWithCurrent(actorOf(db, tenant.id, reader), {
      documentId: document.id,
      versionId,
    });
    expect(version).toMatchObject({ id: versionId, name: "처음" });
    expect(diff).toEqual({
      parts: [
        { kind: "same", text: "예산은 100만 원이다.\n" },
        { kind: "added", text: "담당은 권나은 주무관." },
      ],
      added: 1,
      removed: 0,
    });
  });

  it("restores a version as a new change: the stored state changes, a restore version is recorded, audited", async () => {
    const { tenant, document, owner, editor, reader } = await seedDocumentWithPeople(db, [
      p(["복원할 내용"]),
    ]);
    const versionId = await nameCurrentVersion(actorOf(db, tenant.id, owner), {
      documentId: document.id,
      name: "원본",
    });
    await appendParagraph(tenant.id, document.id, "나중에 쓴 내용");
    expect(await currentText(tenant.id, document.id)).toBe("복원할 내용\n나중에 쓴 내용");

    expect(
      await outcome(
        restoreDocumentVersion(actorOf(db, tenant.id, reader), { documentId: document.id, versionId }),
      ),
    ).toBe("403 documents.forbidden");
    const restored = await restoreDocumentVersion(actorOf(db, tenant.id, editor), {
      documentId: document.id,
      versionId,
    });
    expect(await currentText(tenant.id, document.id)).toBe("복원할 내용");
    const [newest] = await listDocumentHistory(actorOf(db, tenant.id, owner), document.id);
    expect(newest).toMatchObject({
      id: restored,
      kind: "restore",
      createdBy: { id: editor.id, name: "권나은" },
      contributors: [{ id: editor.id, name: "권나은" }],
    });
    const [audit] = (await auditEntries(db, tenant.id)).filter(
      (entry) => entry.action === "document.version.restore",
    );
    expect(audit).toMatchObject({
      actorId: editor.id,
      targetId: document.id,
      details: { versionId, restoreVersionId: restored, versionKind: "named" },
    });
  });

  it("does not find a document for people without access, nor a version of another document", async () => {
    const { tenant, document, owner, outsider } = await seedDocumentWithPeople(db, [p(["본문"])]);
    const other = await seedDocumentWithPeople(db, [p(["다른 문서"])]);
    const versionId = await nameCurrentVersion(actorOf(db, tenant.id, owner), {
      documentId: document.id,
      name: "버전",
    });
    const stranger = actorOf(db, tenant.id, outsider);
    expect(await outcome(listDocumentHistory(stranger, document.id))).toBe("404 documents.not-found");
    expect(await outcome(readVersion(stranger, { documentId: document.id, versionId }))).toBe(
      "404 documents.not-found",
    );
    expect(await outcome(compareWithCurrent(stranger, { documentId: document.id, versionId }))).toBe(
      "404 documents.not-found",
    );
    expect(await outcome(nameCurrentVersion(stranger, { documentId: document.id, name: "x" }))).toBe(
      "404 documents.not-found",
    );
    expect(await outcome(restoreDocumentVersion(stranger, { documentId: document.id, versionId }))).toBe(
      "404 documents.not-found",
    );
    // the owner of another document of the same agency cannot reach this version through theirs
    const otherVersion = await nameCurrentVersion(actorOf(db, other.tenant.id, other.owner), {
      documentId: other.document.id,
      name: "다른",
    });
    expect(
      await outcome(
        readVersion(actorOf(db, tenant.id, owner), { documentId: document.id, versionId: otherVersion }),
      ),
    ).toBe("404 documents.history.not-found");
  });

  it("does not find a document of another agency, even with its ids", async () => {
    const mine = await seedDocumentWithPeople(db, [p(["우리 기관"])]);
    const theirs = await seedDocumentWithPeople(db, [p(["다른 기관"])]);
    const versionId = await nameCurrentVersion(actorOf(db, mine.tenant.id, mine.owner), {
      documentId: mine.document.id,
      name: "버전",
    });
    // their owner, acting in their own agency, with my document's and version's ids
    const them = actorOf(db, theirs.tenant.id, theirs.owner);
    const ids = { documentId: mine.document.id, versionId };
    expect(await outcome(listDocumentHistory(them, mine.document.id))).toBe("404 documents.not-found");
    expect(await outcome(readVersion(them, ids))).toBe("404 documents.not-found");
    expect(await outcome(compareWithCurrent(them, ids))).toBe("404 documents.not-found");
    expect(await outcome(nameCurrentVersion(them, { documentId: mine.document.id, name: "x" }))).toBe(
      "404 documents.not-found",
    );
    expect(await outcome(restoreDocumentVersion(them, ids))).toBe("404 documents.not-found");
    // my owner's id in their agency is nobody there
    const mineThere = actorOf(db, theirs.tenant.id, mine.owner);
    expect(await outcome(listDocumentHistory(mineThere, theirs.document.id))).toBe("404 documents.not-found");
    expect(await currentText(mine.tenant.id, mine.document.id)).toBe("우리 기관");
  });
});
