import { documentStars, documentVisits, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { setStar } from "./spaces.server.ts";
import {
  auditSince,
  buildAgency,
  lastAuditSeq,
  listenForNotices,
  readDocument,
  refusal,
  roleOf,
  share,
} from "./test-helpers.server.ts";
import {
  purgeDocument,
  purgeExpiredTrash,
  restoreDocument,
  TRASH_RETENTION_DAYS,
  trashDocument,
} from "./trash.server.ts";

const { app } = connectTestDatabase();
const db = app.db;
const notices = listenForNotices(app);

const DAY = 86_400_000;

const role = (tenantId: string, userId: string, documentId: string) =>
  roleOf(db, tenantId, userId, documentId);

describe("trashDocument", () => {
  it("lets an editor trash a department document: only its owner sees it then, and connections recheck", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id, { departmentId: a.division.id });
    const before = await lastAuditSeq(db, a.tenant.id);
    await trashDocument(a.as(a.colleague), { documentId: doc.id });
    const row = await readDocument(db, a.tenant.id, doc.id);
    expect(row).toMatchObject({ deletedBy: a.colleague.id, departmentId: a.division.id });
    expect(row!.deletedAt).toBeInstanceOf(Date);
    expect(await role(a.tenant.id, a.colleague.id, doc.id)).toBeNull();
    expect(await role(a.tenant.id, a.owner.id, doc.id)).toBe("owner");
    const audit = await auditSince(db, a.tenant.id, before);
    expect(audit.map((entry) => [entry.action, entry.targetId, entry.actorId])).toEqual([
      ["document.trash", doc.id, a.colleague.id],
    ]);
    await notices.waitFor((n) => n.kind === "recheck" && n.documentId === doc.id, "the trash's recheck");
  });

  it("is refused to readers and commenters (403) and to people without access (404)", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id);
    await share(db, a.tenant.id, doc.id, a.owner.id, { kind: "user", id: a.colleague.id }, "commenter");
    const forbidden = await refusal(trashDocument(a.as(a.colleague), { documentId: doc.id }));
    expect(forbidden).toMatchObject({ status: 403, messageKey: "documents.spaces.error.trashForbidden" });
    expect((await refusal(trashDocument(a.as(a.outsider), { documentId: doc.id }))).status).toBe(404);
    expect((await readDocument(db, a.tenant.id, doc.id))!.deletedAt).toBeNull();
  });
});

describe("restoreDocument", () => {
  it("brings the owner's document back where it was, within 30 days, audited and rechecked", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id, { departmentId: a.division.id });
    await trashDocument(a.as(a.colleague), { documentId: doc.id });
    // The colleague who trashed it cannot bring it back: only the owner sees it now.
    expect((await refusal(restoreDocument(a.as(a.colleague), { documentId: doc.id }))).status).toBe(404);
    const nearlyExpired = new Date(Date.now() + (TRASH_RETENTION_DAYS - 1) * DAY);
    await restoreDocument(a.as(a.owner), { documentId: doc.id }, nearlyExpired);
    expect(await readDocument(db, a.tenant.id, doc.id)).toMatchObject({
      deletedAt: null,
      deletedBy: null,
      departmentId: a.division.id,
    });
    expect(await role(a.tenant.id, a.colleague.id, doc.id)).toBe("editor");
    expect((await auditSince(db, a.tenant.id)).at(-1)).toMatchObject({
      action: "document.restore",
      targetId: doc.id,
    });
    await notices.waitFor(
      () => notices.received.filter((n) => n.kind === "recheck" && n.documentId === doc.id).length >= 2,
      "the restore's recheck (after the trash's)",
    );
    // Not in the trash (any more): nothing to restore.
    expect((await refusal(restoreDocument(a.as(a.owner), { documentId: doc.id }))).status).toBe(404);
  });

  it(`refuses after ${TRASH_RETENTION_DAYS} days`, async () => {
    const a = await buildAgency(db);
    const deletedAt = new Date("2026-01-01T00:00:00Z");
    const doc = await a.document(a.owner.id, { deletedAt, deletedBy: a.owner.id });
    const expired = await refusal(
      restoreDocument(
        a.as(a.owner),
        { documentId: doc.id },
        new Date(deletedAt.getTime() + TRASH_RETENTION_DAYS * DAY + 1),
      ),
    );
    expect(expired).toMatchObject({
      status: 409,
      messageKey: "documents.spaces.error.restoreExpired",
      params: { days: TRASH_RETENTION_DAYS },
    });
    expect((await readDocument(db, a.tenant.id, doc.id))!.deletedAt).toEqual(deletedAt);
  });
});

describe("purgeDocument", () => {
  it("deletes the owner's trashed document for good, with its stars and visits", async () => {
    const a = await buildAgency(db);
    const doc = await a.document(a.owner.id);
    await setStar(db, a.as(a.owner), { documentId: doc.id, starred: true });
    await withTenant(db, a.tenant.id, (tx) =>
      tx.insert(documentVisits).values({ tenantId: a.tenant.id, userId: a.owner.id, documentId: doc.id }),
    );
    // Not in the trash yet: purging is refused.
    expect((await refusal(purgeDocument(a.as(a.owner), { documentId: doc.id }))).status).toBe(404);
    await trashDocument(a.as(a.owner), { documentId: doc.id });
    expect((await refusal(purgeDocument(a.as(a.colleague), { documentId: doc.id }))).status).toBe(404);
    await purgeDocument(a.as(a.owner), { documentId: doc.id });
    expect(await readDocument(db, a.tenant.id, doc.id)).toBeNull();
    const stars = await withTenant(db, a.tenant.id, (tx) =>
      tx.select().from(documentStars).where(eq(documentStars.documentId, doc.id)),
    );
    expect(stars).toEqual([]);
    expect((await auditSince(db, a.tenant.id)).at(-1)).toMatchObject({
      action: "document.purge",
      targetId: doc.id,
      details: { reason: "owner" },
    });
  });
});

describe("purgeExpiredTrash", () => {
  // A fixed clock long ago, so that only this test's documents are old enough for it.
  const now = new Date("2020-02-05T00:00:00Z");

  it(`deletes, in every agency, what was trashed more than ${TRASH_RETENTION_DAYS} days before now, each audited`, async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const old = await a.document(a.owner.id, {
      title: "오래된 문서",
      deletedAt: new Date("2020-01-01T00:00:00Z"),
    });
    const justExpired = await a.document(a.owner.id, {
      deletedAt: new Date(now.getTime() - TRASH_RETENTION_DAYS * DAY - 1000),
    });
    const recent = await a.document(a.owner.id, { deletedAt: new Date("2020-01-10T00:00:00Z") });
    const exactly = await a.document(a.owner.id, {
      deletedAt: new Date(now.getTime() - TRASH_RETENTION_DAYS * DAY),
    });
    const alive = await a.document(a.owner.id);
    const otherAgency = await b.document(b.owner.id, { deletedAt: new Date("2019-12-01T00:00:00Z") });
    const beforeA = await lastAuditSeq(db, a.tenant.id);
    const beforeB = await lastAuditSeq(db, b.tenant.id);

    const report = await purgeExpiredTrash(db, now);
    expect(report.purged).toBeGreaterThanOrEqual(3);

    expect(await readDocument(db, a.tenant.id, old.id)).toBeNull();
    expect(await readDocument(db, a.tenant.id, justExpired.id)).toBeNull();
    expect(await readDocument(db, b.tenant.id, otherAgency.id)).toBeNull();
    for (const kept of [recent, exactly, alive])
      expect(await readDocument(db, a.tenant.id, kept.id)).not.toBeNull();

    const auditA = await auditSince(db, a.tenant.id, beforeA);
    expect(auditA.map((entry) => [entry.action, entry.targetId, entry.actorKind]).sort()).toEqual(
      [
        ["document.purge", old.id, "system"],
        ["document.purge", justExpired.id, "system"],
      ].sort(),
    );
    expect(auditA.find((entry) => entry.targetId === old.id)?.details).toMatchObject({
      title: "오래된 문서",
      reason: "expired",
      deletedAt: "2020-01-01T00:00:00.000Z",
    });
    // Each agency's entries are in its own log.
    expect((await auditSince(db, b.tenant.id, beforeB)).map((entry) => entry.targetId)).toEqual([
      otherAgency.id,
    ]);

    // A second run finds nothing more of these.
    await purgeExpiredTrash(db, now);
    expect(await auditSince(db, a.tenant.id, beforeA)).toHaveLength(2);
  });
});

describe("the trash and another agency", () => {
  it("does not find a document of another agency", async () => {
    const a = await buildAgency(db);
    const b = await buildAgency(db);
    const live = await a.document(a.owner.id);
    const trashed = await a.document(a.owner.id, { deletedAt: new Date() });
    const before = await lastAuditSeq(db, a.tenant.id);
    const foreign = b.as(b.owner);
    expect((await refusal(trashDocument(foreign, { documentId: live.id }))).status).toBe(404);
    expect((await refusal(restoreDocument(foreign, { documentId: trashed.id }))).status).toBe(404);
    expect((await refusal(purgeDocument(foreign, { documentId: trashed.id }))).status).toBe(404);
    expect((await readDocument(db, a.tenant.id, live.id))!.deletedAt).toBeNull();
    expect((await readDocument(db, a.tenant.id, trashed.id))!.deletedAt).not.toBeNull();
    expect(await lastAuditSeq(db, a.tenant.id)).toBe(before);
  });
});
