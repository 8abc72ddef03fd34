import {
  and,
  type Db,
  type DocumentRole,
  departments,
  documentStars,
  documentVisits,
  eq,
  type Folder,
  sql,
  type TenantTx,
  withTenant,
} from "@nuri/db";
import { documentRoleSql } from "./access.server.ts";
import {
  canUseSpace,
  folderPath,
  folderSpace,
  loadSpaceFolders,
  requireFolder,
  type Space,
  sameSpace,
} from "./folders.server.ts";
import { departmentChain, spacesNotFound } from "./spaces-context.server.ts";

/** Documents per page of every list. */
export const PAGE_SIZE = 20;

/** The lists of the documents workspace. */
export type ListView = "mine" | "department" | "shared" | "recent" | "starred" | "trash";

export interface Person {
  tenantId: string;
  userId: string;
}

export interface DocumentRow {
  id: string;
  title: string;
  ownerId: string;
  ownerName: string;
  role: DocumentRole;
  starred: boolean;
  updatedAt: Date;
  departmentId: string | null;
  folderId: string | null;
  /** When it went to the trash (the trash list only). */
  deletedAt: Date | null;
  /** When the person last opened it (the recent list only). */
  visitedAt: Date | null;
}

export interface DocumentPage {
  rows: DocumentRow[];
  /** 1-based, clamped to the last page. */
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export type ListQuery =
  | { view: "mine"; folderId?: string | null; page?: number }
  | { view: "department"; departmentId: string; folderId?: string | null; page?: number }
  | { view: "shared" | "recent" | "starred" | "trash"; page?: number };

/** The person's own department and those above it (their department spaces), nearest first. */
export async function listDepartmentSpaces(db: Db, person: Person): Promise<{ id: string; name: string }[]> {
  return withTenant(db, person.tenantId, async (tx) => {
    const chain = await departmentChain(tx, person.tenantId, person.userId);
    if (chain.length === 0) return [];
    const rows = await tx
      .select({ id: departments.id, name: departments.name })
      .from(departments)
      .where(eq(departments.tenantId, person.tenantId));
    const names = new Map(rows.map((row) => [row.id, row.name]));
    return chain.map((id) => ({ id, name: names.get(id) ?? "" }));
  });
}

// The person's department and those above it, for matching department shares.
const chainSql = (userId: string) => sql`(
  with recursive me as (
    select u.id, u.department_id from users u where u.id = ${userId} and u.status = 'active'
  ), chain (id) as (
    select department_id from me where department_id is not null
    union
    select d.parent_id from departments d join chain on d.id = chain.id where d.parent_id is not null
  )
  select id from chain
)`;

type Fragment = ReturnType<typeof sql>;

function viewParts(person: Person, query: ListQuery): { join: Fragment; where: Fragment; order: Fragment } {
  const me = person.userId;
  const folder = (folderId: string | null | undefined) =>
    folderId ? sql`documents.folder_id = ${folderId}` : sql`documents.folder_id is null`;
  switch (query.view) {
    case "mine":
      return {
        join: sql``,
        where: sql`documents.owner_id = ${me} and documents.department_id is null
          and documents.deleted_at is null and ${folder(query.folderId)}`,
        order: sql`documents.updated_at desc, documents.id`,
      };
    case "department":
      return {
        join: sql``,
        where: sql`documents.department_id = ${query.departmentId} and documents.deleted_at is null
          and ${folder(query.folderId)}`,
        order: sql`documents.updated_at desc, documents.id`,
      };
    case "shared":
      return {
        join: sql``,
        where: sql`documents.owner_id <> ${me} and documents.deleted_at is null and exists (
          select 1 from document_shares s
          where s.tenant_id = documents.tenant_id and s.document_id = documents.id
            and (s.grantee_kind = 'tenant'
              or (s.grantee_kind = 'user' and s.grantee_id = ${me})
              or (s.grantee_kind = 'department' and s.grantee_id in ${chainSql(me)})))`,
        order: sql`documents.updated_at desc, documents.id`,
      };
    case "recent":
      return {
        join: sql`join document_visits v on v.tenant_id = documents.tenant_id
          and v.document_id = documents.id and v.user_id = ${me}`,
        where: sql`documents.deleted_at is null`,
        order: sql`v.visited_at desc, documents.id`,
      };
    case "starred":
      return {
        join: sql`join document_stars st on st.tenant_id = documents.tenant_id
          and st.document_id = documents.id and st.user_id = ${me}`,
        where: sql`documents.deleted_at is null`,
        order: sql`st.created_at desc, documents.id`,
      };
    case "trash":
      return {
        join: sql``,
        where: sql`documents.owner_id = ${me} and documents.deleted_at is not null`,
        order: sql`documents.deleted_at desc, documents.id`,
      };
  }
}

async function checkSpace(tx: TenantTx, person: Person, query: ListQuery): Promise<void> {
  if (query.view === "department") {
    const chain = await departmentChain(tx, person.tenantId, person.userId);
    if (!chain.includes(query.departmentId)) throw spacesNotFound("space");
  }
  if ((query.view === "mine" || query.view === "department") && query.folderId) {
    const folder = await requireFolder(tx, person, query.folderId);
    const space: Space =
      query.view === "mine"
        ? { kind: "personal", ownerId: person.userId }
        : { kind: "department", departmentId: query.departmentId };
    if (!sameSpace(folderSpace(folder), space)) {
      throw spacesNotFound("folder");
    }
  }
}

/**
 * One page of a list, with only the documents the person may read (documentRoleSql) and their
 * role on each. Another agency's ids, a department the person is not in and a folder not theirs
 * are 404s.
 */
export async function listDocuments(db: Db, person: Person, query: ListQuery): Promise<DocumentPage> {
  return withTenant(db, person.tenantId, async (tx) => {
    await checkSpace(tx, person, query);
    const { join, where, order } = viewParts(person, query);
    const visible = sql`
      select documents.id, documents.title, documents.owner_id, documents.updated_at,
        documents.department_id, documents.folder_id, documents.deleted_at,
        ${query.view === "recent" ? sql`v.visited_at` : sql`null::timestamptz`} as visited_at,
        ${documentRoleSql(person.userId)} as role,
        row_number() over (order by ${order}) as position
      from documents ${join}
      where documents.tenant_id = ${person.tenantId} and ${where}`;
    const [counted] = await tx.execute<{ total: number }>(
      sql`select count(*)::int as total from (${visible}) d where d.role is not null`,
    );
    const total = counted?.total ?? 0;
    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pageCount);
    const rows = await tx.execute<{
      id: string;
      title: string;
      owner_id: string;
      owner_name: string;
      role: DocumentRole;
      starred: boolean;
      updated_at: string | Date;
      department_id: string | null;
      folder_id: string | null;
      deleted_at: string | Date | null;
      visited_at: string | Date | null;
    }>(sql`
      select d.*, o.display_name as owner_name,
        exists (select 1 from ${documentStars} s where s.tenant_id = ${person.tenantId}
          and s.user_id = ${person.userId} and s.document_id = d.id) as starred
      from (${visible}) d
      join users o on o.tenant_id = ${person.tenantId} and o.id = d.owner_id
      where d.role is not null
      order by d.position
      limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`);
    return {
      rows: rows.map((row) => ({
        id: row.id,
        title: row.title,
        ownerId: row.owner_id,
        ownerName: row.owner_name,
        role: row.role,
        starred: row.starred,
        updatedAt: new Date(row.updated_at),
        departmentId: row.department_id,
        folderId: row.folder_id,
        deletedAt: row.deleted_at ? new Date(row.deleted_at) : null,
        visitedAt: row.visited_at ? new Date(row.visited_at) : null,
      })),
      page,
      pageSize: PAGE_SIZE,
      total,
      pageCount,
    };
  });
}

export interface SpaceFolders {
  /** The folders from the space's root to the one shown (empty at the root). */
  path: Pick<Folder, "id" | "name">[];
  /** The folders directly inside the one shown, by name. */
  children: Pick<Folder, "id" | "name">[];
  /** Every folder of the space with its path, to choose a destination from. */
  all: { id: string; parentId: string | null; path: string; depth: number }[];
}

/** A space's folders as one view needs them; the space must be the person's (else 404). */
export async function listSpaceFolders(
  db: Db,
  person: Person,
  space: Space,
  folderId: string | null,
): Promise<SpaceFolders> {
  return withTenant(db, person.tenantId, async (tx) => {
    if (!(await canUseSpace(tx, person, space))) throw spacesNotFound("space");
    const all = await loadSpaceFolders(tx, person.tenantId, space);
    if (folderId && !all.some((folder) => folder.id === folderId)) throw spacesNotFound("folder");
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "ko");
    const pick = ({ id, name }: Folder) => ({ id, name });
    return {
      path: folderId ? folderPath(all, folderId).map(pick) : [],
      children: all
        .filter((folder) => folder.parentId === folderId)
        .sort(byName)
        .map(pick),
      all: all
        .map((folder) => {
          const path = folderPath(all, folder.id);
          return {
            id: folder.id,
            parentId: folder.parentId,
            path: path.map((f) => f.name).join(" / "),
            depth: path.length,
          };
        })
        .sort((a, b) => a.path.localeCompare(b.path, "ko")),
    };
  });
}

/** The folder with its space, for the folder page; 404 unless it is in one of the person's spaces. */
export async function findFolder(
  db: Db,
  person: Person,
  folderId: string,
): Promise<{ folder: Folder; space: Space }> {
  return withTenant(db, person.tenantId, async (tx) => {
    const folder = await requireFolder(tx, person, folderId);
    return { folder, space: folderSpace(folder) };
  });
}

/** Stars or unstars a document the person may read (any role); another's or unknown is a 404. */
export async function setStar(
  db: Db,
  person: Person,
  input: { documentId: string; starred: boolean },
): Promise<void> {
  await withTenant(db, person.tenantId, async (tx) => {
    const [row] = await tx.execute<{ role: DocumentRole | null }>(
      sql`select ${documentRoleSql(person.userId)} as role from documents
        where documents.tenant_id = ${person.tenantId} and documents.id = ${input.documentId}`,
    );
    if (!row?.role) throw spacesNotFound("document");
    if (input.starred) {
      await tx
        .insert(documentStars)
        .values({ tenantId: person.tenantId, userId: person.userId, documentId: input.documentId })
        .onConflictDoNothing();
    } else {
      await tx
        .delete(documentStars)
        .where(
          and(
            eq(documentStars.tenantId, person.tenantId),
            eq(documentStars.userId, person.userId),
            eq(documentStars.documentId, input.documentId),
          ),
        );
    }
  });
}

/**
 * Records that the person opened a document, for 최근 문서 (the editor page calls this on each
 * load). Returns false, recording nothing, when they may not read it.
 */
export async function recordVisit(
  db: Db,
  person: Person,
  documentId: string,
  now: Date = new Date(),
): Promise<boolean> {
  return withTenant(db, person.tenantId, (tx) => recordVisitIn(tx, person, documentId, now));
}

/** recordVisit inside the caller's transaction. */
export async function recordVisitIn(
  tx: TenantTx,
  person: Person,
  documentId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const [row] = await tx.execute<{ role: DocumentRole | null }>(
    sql`select ${documentRoleSql(person.userId)} as role from documents
      where documents.tenant_id = ${person.tenantId} and documents.id = ${documentId}`,
  );
  if (!row?.role) return false;
  await tx
    .insert(documentVisits)
    .values({ tenantId: person.tenantId, userId: person.userId, documentId, visitedAt: now })
    .onConflictDoUpdate({
      target: [documentVisits.tenantId, documentVisits.userId, documentVisits.documentId],
      set: { visitedAt: now },
    });
  return true;
}

/** The few documents the person opened last, for the home page's 최근 문서 panel. */
export async function listRecentForHome(db: Db, person: Person, limit = 5): Promise<DocumentRow[]> {
  const page = await listDocuments(db, person, { view: "recent" });
  return page.rows.slice(0, limit);
}
