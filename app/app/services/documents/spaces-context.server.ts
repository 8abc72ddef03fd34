import {
  type AuditActor,
  and,
  type Db,
  type DocumentRole,
  departments,
  documents,
  eq,
  sql,
  type TenantTx,
  users,
} from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";
import { atLeast, roleOnDocument } from "./access.server.ts";

/** Who acts, for which tenant and from where: every documents-spaces service takes this. */
export interface DocumentsActor {
  db: Db;
  /** From the session, never from form data. */
  tenantId: string;
  userId: string;
  /** How the audit log names them. */
  actor: AuditActor;
  ip: string | null;
}

/** A refusal tied to one form field, so the form can show it beside the input. */
export class DocumentsFieldError extends AppError {
  constructor(
    readonly field: string,
    code: string,
    messageKey: MessageKey,
  ) {
    super(code, messageKey, 400);
  }
}

/**
 * The document, folder or space named by an id does not exist in this tenant, belongs to another
 * agency, or is not the person's to see: all answer alike, so nothing is learnt from the refusal.
 */
export function spacesNotFound(what: "document" | "folder" | "space" | "template"): AppError {
  return new AppError(`documents.${what}.not-found`, "documents.spaces.error.notFound", 404);
}

/** The person may see the object but their role does not allow the change. */
export function spacesForbidden(code: string, messageKey: MessageKey): AppError {
  return new AppError(`documents.${code}`, messageKey, 403);
}

/** The person's own department and every department above it, nearest first (empty without one). */
export async function departmentChain(tx: TenantTx, tenantId: string, userId: string): Promise<string[]> {
  const rows = await tx.execute<{ id: string; depth: number }>(sql`
    with recursive chain (id, depth) as (
      select u.department_id, 0 from ${users} u
        where u.tenant_id = ${tenantId} and u.id = ${userId} and u.status = 'active'
          and u.department_id is not null
      union
      select d.parent_id, chain.depth + 1 from ${departments} d join chain on d.id = chain.id
        where d.tenant_id = ${tenantId} and d.parent_id is not null and chain.depth < 64
    )
    select id, depth from chain order by depth`);
  return rows.map((row) => row.id);
}

/** Whether the person works in `departmentId` or under it: its space is theirs to edit in. */
export async function isSpaceMember(
  tx: TenantTx,
  tenantId: string,
  userId: string,
  departmentId: string,
): Promise<boolean> {
  return (await departmentChain(tx, tenantId, userId)).includes(departmentId);
}

/** The department, when it exists in the tenant. */
export async function findDepartment(tx: TenantTx, tenantId: string, departmentId: string) {
  const [row] = await tx
    .select({ id: departments.id, name: departments.name, parentId: departments.parentId })
    .from(departments)
    .where(and(eq(departments.tenantId, tenantId), eq(departments.id, departmentId)));
  return row ?? null;
}

/**
 * The document row, locked for the change, and the person's role on it, at least `minimum`.
 * No role (or another agency's document) is a 404; too low a role a 403.
 */
export async function requireDocumentRole(
  tx: TenantTx,
  ctx: Pick<DocumentsActor, "tenantId" | "userId">,
  documentId: string,
  minimum: DocumentRole,
  forbidden: { code: string; messageKey: MessageKey },
) {
  const role = await roleOnDocument(tx, ctx.userId, documentId);
  if (!role) throw spacesNotFound("document");
  const [document] = await tx
    .select({
      id: documents.id,
      title: documents.title,
      ownerId: documents.ownerId,
      departmentId: documents.departmentId,
      folderId: documents.folderId,
      disclosure: documents.disclosure,
      disclosureGrounds: documents.disclosureGrounds,
      retention: documents.retention,
      deletedAt: documents.deletedAt,
    })
    .from(documents)
    .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, documentId)))
    .for("no key update");
  if (!document) throw spacesNotFound("document");
  if (!atLeast(role, minimum)) throw spacesForbidden(forbidden.code, forbidden.messageKey);
  return { role, document };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string from a URL or a form is a uuid (anything else is a 404, never a 500). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** A name as people type it: trimmed, counted in characters as PostgreSQL's char_length counts. */
export function characterCount(text: string): number {
  return [...text].length;
}
