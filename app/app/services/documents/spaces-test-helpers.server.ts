import { COLLAB_CHANNEL, type CollabNotice, parseCollabNotice } from "@nuri/collab";
import {
  type AuditEntry,
  and,
  asc,
  auditLog,
  type Database,
  type Db,
  documentShares,
  documents,
  eq,
  gt,
  withTenant,
} from "@nuri/db";
import { buildDepartment, buildDocument, buildTenant, buildUser } from "@nuri/db/testing";
import type { DocumentsActor } from "./spaces-context.server.ts";

// Shared set-up of the documents-spaces service tests: an agency with a small org chart
// (디지털정부국 › 디지털정부정책과, and 운영지원과), people in it, and another agency beside it.

/** A person's acting context for a service test. */
export function actingAs(db: Db, tenantId: string, userId: string): DocumentsActor {
  return {
    db,
    tenantId,
    userId,
    actor: { kind: "user", id: userId, label: "시험사용자" },
    ip: "203.0.113.9",
  };
}

export async function buildAgency(db: Db) {
  const tenant = await buildTenant(db);
  const bureau = await buildDepartment(db, tenant.id, { name: "디지털정부국" });
  const division = await buildDepartment(db, tenant.id, { name: "디지털정부정책과", parentId: bureau.id });
  const support = await buildDepartment(db, tenant.id, { name: "운영지원과" });
  const owner = await buildUser(db, tenant.id, { departmentId: division.id, displayName: "서민지" });
  const colleague = await buildUser(db, tenant.id, { departmentId: division.id, displayName: "권나은" });
  const director = await buildUser(db, tenant.id, { departmentId: bureau.id, displayName: "국장" });
  const outsider = await buildUser(db, tenant.id, { departmentId: support.id, displayName: "박지원" });
  const admin = await buildUser(db, tenant.id, {
    departmentId: support.id,
    role: "admin",
    displayName: "관리자",
  });
  return {
    tenant,
    bureau,
    division,
    support,
    owner,
    colleague,
    director,
    outsider,
    admin,
    as: (user: { id: string }) => actingAs(db, tenant.id, user.id),
    document: (ownerId: string, overrides: Parameters<typeof buildDocument>[3] = {}) =>
      buildDocument(db, tenant.id, ownerId, overrides),
  };
}

export type Agency = Awaited<ReturnType<typeof buildAgency>>;

/** Shares a document (as its owner would) with a person, a department or the whole agency. */
export async function share(
  db: Db,
  tenantId: string,
  documentId: string,
  createdBy: string,
  grantee: { kind: "user" | "department" | "tenant"; id: string | null },
  role: "reader" | "commenter" | "editor",
) {
  await withTenant(db, tenantId, (tx) =>
    tx
      .insert(documentShares)
      .values({ tenantId, documentId, granteeKind: grantee.kind, granteeId: grantee.id, role, createdBy }),
  );
}

export async function readDocument(db: Db, tenantId: string, documentId: string) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(documents)
      .where(and(eq(documents.tenantId, tenantId), eq(documents.id, documentId))),
  );
  return row ?? null;
}

/** The tenant's audit entries after `afterSeq`, in order. */
export async function auditSince(db: Db, tenantId: string, afterSeq = 0): Promise<AuditEntry[]> {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), gt(auditLog.seq, afterSeq)))
      .orderBy(asc(auditLog.seq)),
  );
}

/** The last audit sequence number of the tenant (0 when none). */
export async function lastAuditSeq(db: Db, tenantId: string): Promise<number> {
  const entries = await auditSince(db, tenantId);
  return entries.at(-1)?.seq ?? 0;
}

/** Collects the collab notices of the tenants a test registers (other files send on the channel too). */
export async function listenForNotices(database: Database) {
  const tenants = new Set<string>();
  const received: CollabNotice[] = [];
  const subscription = await database.sql.listen(COLLAB_CHANNEL, (payload) => {
    const notice = parseCollabNotice(payload);
    if (notice && tenants.has(notice.tenantId)) received.push(notice);
  });
  return {
    watch: (tenantId: string) => tenants.add(tenantId),
    received,
    /** Waits until a notice matching `predicate` arrived (up to 5 s). */
    async waitFor(predicate: (notice: CollabNotice) => boolean, what: string): Promise<void> {
      const deadline = Date.now() + 5000;
      while (!received.some(predicate)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    stop: () => subscription.unlisten(),
  };
}
