import type { CollabPermission } from "@nuri/auth";
import { type DocumentRole, sql, type TenantTx } from "@nuri/db";

/** Roles from least to most; a person's role on a document is the highest that applies. */
export const ROLE_ORDER: readonly DocumentRole[] = ["reader", "commenter", "editor", "owner"];

export function atLeast(role: DocumentRole | null, wanted: DocumentRole): boolean {
  return role !== null && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(wanted);
}

/** What the collab ticket may carry for a role. */
export function collabPermission(role: DocumentRole): CollabPermission {
  return role === "reader" ? "read" : role === "commenter" ? "comment" : "edit";
}

/**
 * The SQL that computes a person's role on each document of the tenant, for use in queries:
 * `documentRoleSql(userId)` yields a `document_role` (or null) for the row `documents`.
 * It takes the highest of the following:
 * - owner: the document's owner;
 * - editor: a member of the document's department space (or of a sub-department);
 * - a share with the person, with a department they belong to (or one above theirs), or with
 *   the whole agency;
 * - the link's role, when link sharing is on for the agency (or public).
 * A disabled person has no role. Documents in the trash are seen only by their owner.
 * The body of an approval (purpose 'approval') has no role for anyone here, its drafter
 * included: the approvals services decide who reads or edits it (issue-approval-ticket).
 */
export function documentRoleSql(userId: string) {
  return sql<DocumentRole | null>`(
    with recursive me as (
      select u.id, u.department_id from users u where u.id = ${userId} and u.status = 'active'
    ), chain (id) as (
      select department_id from me where department_id is not null
      union
      select d.parent_id from departments d join chain on d.id = chain.id where d.parent_id is not null
    )
    select case when documents.purpose = 'workspace'
      then (array['reader', 'commenter', 'editor', 'owner']::document_role[])[max(rank)] end
    from (
      select 4 as rank from me where documents.owner_id = me.id
      union all
      select 3 from me where documents.deleted_at is null and documents.department_id in (select id from chain)
      union all
      select array_position(array['reader', 'commenter', 'editor', 'owner']::document_role[], s.role)
        from document_shares s, me
        where documents.deleted_at is null and s.document_id = documents.id
          and ((s.grantee_kind = 'user' and s.grantee_id = me.id)
            or (s.grantee_kind = 'department' and s.grantee_id in (select id from chain))
            or s.grantee_kind = 'tenant')
      union all
      select array_position(array['reader', 'commenter', 'editor', 'owner']::document_role[], documents.link_role)
        from me where documents.deleted_at is null and documents.link_access <> 'off'
    ) granted
  )`;
}

/** A person's role on one document of the tenant in `tx`, or null (no such document, or no access). */
export async function roleOnDocument(
  tx: TenantTx,
  userId: string,
  documentId: string,
): Promise<DocumentRole | null> {
  const rows = await tx.execute<{ role: DocumentRole | null }>(
    sql`select ${documentRoleSql(userId)} as role from documents where documents.id = ${documentId}`,
  );
  return rows[0]?.role ?? null;
}
