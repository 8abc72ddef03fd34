import { sql, type TenantTx } from "@nuri/db";

type Fragment = ReturnType<typeof sql>;

/**
 * What search needs to know about the person to decide which documents they may read: their
 * id, their department chain (their department and every one above it), the documents shared
 * with them, with a department of the chain or with the whole agency.
 */
export interface SearchReader {
  userId: string;
  departmentChain: string[];
  sharedDocumentIds: string[];
  /** 'u:<person>', 'd:<department>' for each of the chain, 'a:<agency>': the tokens of 0005. */
  principals: string[];
}

/**
 * The person, looked up once per search in `tx` (the tenant's transaction). Null for a person
 * who is disabled or not of this tenant: they may read nothing.
 */
export async function loadSearchReader(
  tx: TenantTx,
  tenantId: string,
  userId: string,
): Promise<SearchReader | null> {
  const rows = await tx.execute<{ chain: string[]; shared: string[] }>(sql`
    with recursive me as (
      select u.id, u.department_id from users u
      where u.tenant_id = ${tenantId} and u.id = ${userId} and u.status = 'active'
    ), chain (id) as (
      select department_id from me where department_id is not null
      union
      select d.parent_id from departments d join chain on d.tenant_id = ${tenantId} and d.id = chain.id
      where d.parent_id is not null
    )
    select array(select id from chain)::text[] as chain,
      array(
        select distinct s.document_id from document_shares s
        where s.tenant_id = ${tenantId}
          and (s.grantee_kind = 'tenant'
            or (s.grantee_kind = 'user' and s.grantee_id = (select id from me))
            or (s.grantee_kind = 'department' and s.grantee_id in (select id from chain)))
      )::text[] as shared
    from me`);
  const row = rows[0];
  if (!row) return null;
  return {
    userId,
    departmentChain: row.chain,
    sharedDocumentIds: row.shared,
    principals: [`u:${userId}`, ...row.chain.map((id) => `d:${id}`), `a:${tenantId}`],
  };
}

const uuidArray = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/**
 * The condition "`reader` may read the row `d` of documents", for search, in two parts:
 *
 * - `d.search_grams && principals`: the document's access tokens (owner, department space,
 *   shares, agency links; kept by the triggers of migration 0005) meet the person's. With the
 *   terms' grams it makes one GIN index scan read only the rows holding the terms that the
 *   person may read (search-documents.server.ts).
 * - the rule itself, as documentRoleSql (access.server.ts) states it, with the chain and the
 *   shares looked up beforehand, checked on every row found: the tokens only narrow, they never
 *   decide alone. Trashed documents are left out, the owner's own too: the trash has its page.
 *   So are the bodies of approvals, which only the approvals services open.
 */
export function readableBySql(reader: SearchReader): Fragment {
  return sql`(d.search_grams && ${`{${reader.principals.join(",")}}`}::text[] and d.deleted_at is null
    and d.purpose = 'workspace' and (
    d.owner_id = ${reader.userId}
    or d.department_id = any(${uuidArray(reader.departmentChain)})
    or d.link_access <> 'off'
    or d.id = any(${uuidArray(reader.sharedDocumentIds)})
  ))`;
}
