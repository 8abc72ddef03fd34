import { and, documentVisits, eq, withTenant } from "@nuri/db";
import { buildDocument, buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { recordDocumentVisit } from "./editor-record-visit.server.ts";
import { share } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

async function setup() {
  const tenant = await buildTenant(db);
  const owner = await buildUser(db, tenant.id);
  const reader = await buildUser(db, tenant.id);
  const stranger = await buildUser(db, tenant.id);
  const doc = await buildDocument(db, tenant.id, owner.id);
  await share(db, tenant.id, doc.id, owner.id, { kind: "user", id: reader.id }, "reader");
  return { tenant, owner, reader, stranger, doc };
}

async function visits(tenantId: string, documentId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select({ userId: documentVisits.userId, visitedAt: documentVisits.visitedAt })
      .from(documentVisits)
      .where(and(eq(documentVisits.tenantId, tenantId), eq(documentVisits.documentId, documentId))),
  );
}

describe("recording a visit to a document", () => {
  it("keeps one row per person and document, moved to the latest visit", async () => {
    const { tenant, owner, reader, doc } = await setup();
    const first = new Date("2026-11-24T01:00:00Z");
    const later = new Date("2026-11-24T05:30:00Z");
    await recordDocumentVisit({ db, tenantId: tenant.id, userId: reader.id, documentId: doc.id, now: first });
    await recordDocumentVisit({ db, tenantId: tenant.id, userId: owner.id, documentId: doc.id, now: first });
    await recordDocumentVisit({ db, tenantId: tenant.id, userId: reader.id, documentId: doc.id, now: later });
    const rows = await visits(tenant.id, doc.id);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.userId === reader.id)?.visitedAt).toEqual(later);
    expect(rows.find((row) => row.userId === owner.id)?.visitedAt).toEqual(first);
  });

  it("does not find a document the person may not see, and records nothing", async () => {
    const { tenant, stranger, doc } = await setup();
    await expect(
      recordDocumentVisit({ db, tenantId: tenant.id, userId: stranger.id, documentId: doc.id }),
    ).rejects.toMatchObject({ code: "document.not-found", status: 404 });
    expect(await visits(tenant.id, doc.id)).toEqual([]);
  });

  it("does not find a document of another agency", async () => {
    const mine = await setup();
    const theirs = await setup();
    // Their person, in their tenant (as their session says), naming our document's id.
    await expect(
      recordDocumentVisit({
        db,
        tenantId: theirs.tenant.id,
        userId: theirs.owner.id,
        documentId: mine.doc.id,
      }),
    ).rejects.toMatchObject({ status: 404 });
    // Our tenant's id with their person: they are nobody here.
    await expect(
      recordDocumentVisit({ db, tenantId: mine.tenant.id, userId: theirs.owner.id, documentId: mine.doc.id }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await visits(mine.tenant.id, mine.doc.id)).toEqual([]);
    expect(await visits(theirs.tenant.id, mine.doc.id)).toEqual([]);
  });
});
