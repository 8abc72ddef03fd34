import { verifyCollabTicket } from "@nuri/auth";
import { type Db, documents, eq, users, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { issueDocumentTicket } from "./issue-ticket.server.ts";
import { searchDocuments } from "./search-documents.server.ts";
import { listDocuments, recordVisit, setStar } from "./spaces.server.ts";
import { buildAgency, outcome, roleOf, share } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;
const SECRET = "access-test-secret-0123456789abcdefghij";

beforeAll(() => {
  process.env.COLLAB_TICKET_SECRET = SECRET;
});

const role = (tenantId: string, userId: string, documentId: string) =>
  roleOf(db, tenantId, userId, documentId);

/** The agency of the test helpers with one document of the owner; 운영지원과 is the other department. */
async function setup(database: Db = db) {
  const a = await buildAgency(database);
  const doc = await a.document(a.owner.id);
  return { ...a, other: a.support, doc };
}

describe("a person's role on a document", () => {
  it("is owner for the owner and nothing for others until shared", async () => {
    const { tenant, owner, colleague, doc } = await setup();
    expect(await role(tenant.id, owner.id, doc.id)).toBe("owner");
    expect(await role(tenant.id, colleague.id, doc.id)).toBeNull();
  });

  it("is the highest of person, department (with sub-departments) and agency shares", async () => {
    const { tenant, bureau, owner, colleague, outsider, doc } = await setup();
    await share(db, tenant.id, doc.id, owner.id, { kind: "tenant", id: null }, "reader");
    expect(await role(tenant.id, outsider.id, doc.id)).toBe("reader");
    await share(db, tenant.id, doc.id, owner.id, { kind: "department", id: bureau.id }, "commenter");
    expect(await role(tenant.id, colleague.id, doc.id)).toBe("commenter"); // 과 under the shared 국
    expect(await role(tenant.id, outsider.id, doc.id)).toBe("reader");
    await share(db, tenant.id, doc.id, owner.id, { kind: "user", id: outsider.id }, "editor");
    expect(await role(tenant.id, outsider.id, doc.id)).toBe("editor");
  });

  it("gives members of a department space editing, and link sharing its role", async () => {
    const { tenant, division, colleague, outsider, doc } = await setup();
    await withTenant(db, tenant.id, (tx) =>
      tx.update(documents).set({ departmentId: division.id }).where(eq(documents.id, doc.id)),
    );
    expect(await role(tenant.id, colleague.id, doc.id)).toBe("editor");
    expect(await role(tenant.id, outsider.id, doc.id)).toBeNull();
    await withTenant(db, tenant.id, (tx) =>
      tx
        .update(documents)
        .set({ linkAccess: "agency", linkRole: "commenter" })
        .where(eq(documents.id, doc.id)),
    );
    expect(await role(tenant.id, outsider.id, doc.id)).toBe("commenter");
  });

  it("is nothing for a disabled person, and in the trash only the owner keeps it", async () => {
    const { tenant, owner, colleague, doc } = await setup();
    await share(db, tenant.id, doc.id, owner.id, { kind: "user", id: colleague.id }, "editor");
    await withTenant(db, tenant.id, (tx) =>
      tx
        .update(documents)
        .set({ deletedAt: new Date(), deletedBy: owner.id })
        .where(eq(documents.id, doc.id)),
    );
    expect(await role(tenant.id, colleague.id, doc.id)).toBeNull();
    expect(await role(tenant.id, owner.id, doc.id)).toBe("owner");
    await withTenant(db, tenant.id, (tx) =>
      tx.update(users).set({ status: "disabled" }).where(eq(users.id, owner.id)),
    );
    expect(await role(tenant.id, owner.id, doc.id)).toBeNull();
  });

  it("is nothing across tenants, even for the same ids", async () => {
    const mine = await setup();
    const theirs = await setup();
    expect(await role(theirs.tenant.id, mine.owner.id, mine.doc.id)).toBeNull();
    expect(await role(mine.tenant.id, theirs.owner.id, theirs.doc.id)).toBeNull();
  });
});

describe("collab tickets for documents", () => {
  it("carry the person's permission, and are refused without access", async () => {
    const { tenant, owner, colleague, outsider, doc } = await setup();
    await share(db, tenant.id, doc.id, owner.id, { kind: "user", id: colleague.id }, "commenter");
    const mine = await issueDocumentTicket(db, { tenantId: tenant.id, userId: owner.id }, doc.id);
    const theirs = await issueDocumentTicket(db, { tenantId: tenant.id, userId: colleague.id }, doc.id);
    expect(await issueDocumentTicket(db, { tenantId: tenant.id, userId: outsider.id }, doc.id)).toBeNull();
    const check = (ticket: string) => verifyCollabTicket(Buffer.from(SECRET), ticket, new Date());
    expect(check(mine!.ticket)).toMatchObject({
      ok: true,
      claims: { permission: "edit", documentId: doc.id },
    });
    expect(check(theirs!.ticket)).toMatchObject({
      ok: true,
      claims: { permission: "comment", userId: colleague.id },
    });
    expect(mine!.role).toBe("owner");
  });

  it("are refused for another tenant's document", async () => {
    const mine = await setup();
    const theirs = await setup();
    expect(
      await issueDocumentTicket(db, { tenantId: mine.tenant.id, userId: mine.owner.id }, theirs.doc.id),
    ).toBeNull();
  });
});

describe("the body of an approval", () => {
  it("is not found through the documents services, even by its drafter", async () => {
    const a = await buildAgency(db);
    const words = { title: "예산 집행 계획", contentText: "예산 집행 결과 보고" };
    // As the approvals services make it: the drafter's, in the drafter's department space.
    const body = await a.document(a.owner.id, { ...words, departmentId: a.division.id, purpose: "approval" });
    const ordinary = await a.document(a.owner.id, { ...words, departmentId: a.division.id });
    await share(db, a.tenant.id, body.id, a.owner.id, { kind: "tenant", id: null }, "editor");
    const person = (user: { id: string }) => ({ tenantId: a.tenant.id, userId: user.id });

    for (const user of [a.owner, a.colleague, a.outsider]) {
      expect(await role(a.tenant.id, user.id, body.id)).toBeNull();
      expect(await issueDocumentTicket(db, person(user), body.id)).toBeNull();
    }
    expect(await role(a.tenant.id, a.owner.id, ordinary.id)).toBe("owner");

    const listed = await listDocuments(db, person(a.owner), {
      view: "department",
      departmentId: a.division.id,
    });
    expect(listed.rows.map((row) => row.id)).toEqual([ordinary.id]);
    const shared = await listDocuments(db, person(a.outsider), { view: "shared" });
    expect(shared.rows).toEqual([]);

    const found = await searchDocuments({ db, ...person(a.owner) }, { query: "예산 집행" });
    expect(found.hits.map((hit) => hit.id)).toEqual([ordinary.id]);

    expect(await recordVisit(db, person(a.owner), body.id)).toBe(false);
    expect(await outcome(setStar(db, person(a.owner), { documentId: body.id, starred: true }))).toBe(
      "404 documents.document.not-found",
    );
  });
});
