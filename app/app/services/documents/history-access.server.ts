import { type AuditActor, type Db, type DocumentRole, inArray, type TenantTx, users } from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";
import { atLeast, roleOnDocument } from "./access.server.ts";

// What the history, export and image services share: who asks (from the session, never from
// the request's data), and the role check each of them repeats inside its own transaction,
// so that a service called without the route's guard still refuses.

/** A signed-in person of a tenant. */
export interface DocumentPerson {
  db: Db;
  tenantId: string;
  userId: string;
}

/** A person acting on a document, with what the audit log records of them. */
export interface DocumentActor extends DocumentPerson {
  actor: AuditActor;
  ip: string | null;
}

/**
 * The person's role on the document, at least `minimum`. No such document in the tenant, or
 * no access at all, is a 404 (`notFoundKey`); too low a role a 403 (`forbiddenKey`).
 */
export async function requireRoleIn(
  tx: TenantTx,
  person: DocumentPerson,
  documentId: string,
  minimum: DocumentRole,
  keys: { notFound: MessageKey; forbidden: MessageKey },
): Promise<DocumentRole> {
  const role = await roleOnDocument(tx, person.userId, documentId);
  if (!role) throw new AppError("documents.not-found", keys.notFound, 404);
  if (!atLeast(role, minimum)) throw new AppError("documents.forbidden", keys.forbidden, 403);
  return role;
}

/** Display names of people of the tenant in `tx`, by id (people of other tenants are not found). */
export async function peopleNames(tx: TenantTx, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await tx
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}
