import { COLLAB_CHANNEL, type CollabNotice, parseCollabNotice } from "@nuri/collab";
import {
  type AuditEntry,
  and,
  asc,
  auditLog,
  type Database,
  type Db,
  type DocumentRole,
  documentShares,
  documents,
  eq,
  gt,
  notifications,
  withTenant,
} from "@nuri/db";
import { buildDepartment, buildDocument, buildTenant, buildUser } from "@nuri/db/testing";
import { afterAll, beforeAll, expect } from "vitest";
import { AppError } from "../../errors.server.ts";
import { roleOnDocument } from "./access.server.ts";
import type { DocumentsActor } from "./spaces-context.server.ts";

// Shared set-up of the documents service tests: an agency with a small org chart, people and
// documents in it, shares written as a seed, what the database holds afterwards, and the collab
// notices sent on commit. The audit log of a whole tenant: auditEntries of ../org/test-helpers.

/** A person's acting context for a service test (every documents service takes this shape). */
export function actingAs(db: Db, tenantId: string, userId: string): DocumentsActor {
  return {
    db,
    tenantId,
    userId,
    actor: { kind: "user", id: userId, label: "시험사용자" },
    ip: "203.0.113.9",
  };
}

/**
 * An agency with a small org chart (디지털정부국 › 디지털정부정책과, and 운영지원과), people in
 * it, and helpers to act as them and to give them documents.
 */
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

export type ShareGrantee = { kind: "user" | "department" | "tenant"; id: string | null };

/** Shares a document with a person, a department or the whole agency: a seed, not audited. */
export async function share(
  db: Db,
  tenantId: string,
  documentId: string,
  createdBy: string,
  grantee: ShareGrantee,
  role: "reader" | "commenter" | "editor",
) {
  await withTenant(db, tenantId, (tx) =>
    tx
      .insert(documentShares)
      .values({ tenantId, documentId, granteeKind: grantee.kind, granteeId: grantee.id, role, createdBy }),
  );
}

/** The person's role on the document, as the access rule answers it (null: no access). */
export function roleOf(
  db: Db,
  tenantId: string,
  userId: string,
  documentId: string,
): Promise<DocumentRole | null> {
  return withTenant(db, tenantId, (tx) => roleOnDocument(tx, userId, documentId));
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

export async function sharesOf(db: Db, tenantId: string, documentId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(documentShares)
      .where(and(eq(documentShares.tenantId, tenantId), eq(documentShares.documentId, documentId)))
      .orderBy(asc(documentShares.createdAt)),
  );
}

export async function notificationsOf(db: Db, tenantId: string, userId?: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(notifications)
      .where(and(eq(notifications.tenantId, tenantId), userId ? eq(notifications.userId, userId) : undefined))
      .orderBy(asc(notifications.createdAt)),
  );
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

/** The AppError a call is refused with (the test fails when it succeeds or throws anything else). */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** The AppError a call throws, as "<status> <code>", or "ok". */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return `${error.status} ${error.code}`;
    throw error;
  }
}

/**
 * Listens on the collab channel as the collab-server does, for the whole test file (from
 * beforeAll to afterAll). Other test files of the run send on the same channel: ask by tenant
 * or by document.
 */
export function listenForNotices(database: Database) {
  const received: CollabNotice[] = [];
  const of = (tenantId: string) => received.filter((notice) => notice.tenantId === tenantId);
  let subscription: { unlisten: () => Promise<void> } | undefined;
  beforeAll(async () => {
    subscription = await database.sql.listen(COLLAB_CHANNEL, (payload) => {
      const notice = parseCollabNotice(payload);
      if (notice) received.push(notice);
    });
  });
  afterAll(async () => {
    await subscription?.unlisten();
  });
  return {
    received,
    /** The notices for `tenantId` so far, in commit order. */
    of,
    /** Waits until a notice matching `predicate` arrived (they arrive after commit, up to 5 s). */
    async waitFor(predicate: (notice: CollabNotice) => boolean, what: string): Promise<void> {
      const deadline = Date.now() + 5000;
      while (!received.some(predicate)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    /** Waits until `tenantId` has at least `count` notices, and answers them. */
    async until(tenantId: string, count: number): Promise<CollabNotice[]> {
      const deadline = Date.now() + 5000;
      while (of(tenantId).length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `timed out waiting for ${count} notices of ${tenantId}: ${JSON.stringify(received)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return of(tenantId);
    },
    /** Waits a moment and answers the notices, to show that none (more) arrived. */
    async settled(tenantId: string): Promise<CollabNotice[]> {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return of(tenantId);
    },
  };
}
