import {
  and,
  asc,
  type Db,
  type DocumentRole,
  departments,
  documentShares,
  documents,
  eq,
  ilike,
  ne,
  or,
  positions,
  tenants,
  users,
  withTenant,
} from "@nuri/db";
import { arrangeDepartments, flattenDepartments } from "../org/department-tree.ts";
import { decideSharing, type ShareRole } from "./sharing-rules.server.ts";

// The read side of the share page: who has access now, and the people and departments one may
// share with. Only for people who may share (the route's guard asks for editor or owner).

/** People found by one search; the page asks for a narrower query beyond that. */
export const PEOPLE_SEARCH_LIMIT = 20;
/** The longest search query: a name or a department's name. */
export const PEOPLE_QUERY_MAX = 50;

export interface PersonChoice {
  id: string;
  name: string;
  departmentPath: string | null;
  positionName: string | null;
}

export interface ShareEntry {
  id: string;
  granteeKind: "user" | "department" | "tenant";
  granteeId: string | null;
  /** A person's name, a department's path; empty for the agency (the page names it). */
  name: string;
  detail: string | null;
  role: ShareRole;
  /** A person who was disabled keeps their share row, but has no access while disabled. */
  inactive: boolean;
  canChange: boolean;
  canRemove: boolean;
}

export interface SharingPage {
  document: {
    id: string;
    title: string;
    owner: { id: string; name: string; departmentPath: string | null };
    /** The department space the document lives in: its members edit it. */
    space: { id: string; path: string } | null;
    linkAccess: "off" | "agency" | "public";
    linkRole: ShareRole;
  };
  tenantName: string;
  allowPublicLinks: boolean;
  shares: ShareEntry[];
  departments: { id: string; path: string; depth: number }[];
  search: { query: string; results: PersonChoice[]; more: boolean } | null;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Everything the share page shows, for `person` with `role` on the document. */
export async function loadSharingPage(
  db: Db,
  person: { tenantId: string; userId: string; role: DocumentRole },
  documentId: string,
  query: string | null,
): Promise<SharingPage | null> {
  const { tenantId } = person;
  return withTenant(db, tenantId, async (tx) => {
    const [document] = await tx
      .select({
        id: documents.id,
        title: documents.title,
        ownerId: documents.ownerId,
        departmentId: documents.departmentId,
        linkAccess: documents.linkAccess,
        linkRole: documents.linkRole,
      })
      .from(documents)
      .where(and(eq(documents.tenantId, tenantId), eq(documents.id, documentId)));
    if (!document) return null;
    const [tenant] = await tx
      .select({ name: tenants.name, allowPublicLinks: tenants.allowPublicLinks })
      .from(tenants)
      .where(eq(tenants.id, tenantId));
    const allDepartments = flattenDepartments(
      arrangeDepartments(await tx.select().from(departments).where(eq(departments.tenantId, tenantId))),
    );
    const pathOf = new Map(allDepartments.map((node) => [node.id, node.path]));

    const [owner] = await tx
      .select({ id: users.id, name: users.displayName, departmentId: users.departmentId })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, document.ownerId)));

    const shareRows = await tx
      .select({
        id: documentShares.id,
        granteeKind: documentShares.granteeKind,
        granteeId: documentShares.granteeId,
        role: documentShares.role,
        createdBy: documentShares.createdBy,
        createdAt: documentShares.createdAt,
        personName: users.displayName,
        personStatus: users.status,
        personDepartmentId: users.departmentId,
      })
      .from(documentShares)
      .leftJoin(
        users,
        and(
          eq(documentShares.granteeKind, "user"),
          eq(users.tenantId, documentShares.tenantId),
          eq(users.id, documentShares.granteeId),
        ),
      )
      .where(and(eq(documentShares.tenantId, tenantId), eq(documentShares.documentId, documentId)))
      .orderBy(asc(documentShares.createdAt), asc(documentShares.id));

    const actor = { id: person.userId, role: person.role };
    const kindOrder = { tenant: 0, department: 1, user: 2 } as const;
    const shares: ShareEntry[] = shareRows
      .map((row) => {
        const role = row.role as ShareRole;
        const existing = { role, createdBy: row.createdBy };
        const isPerson = row.granteeKind === "user";
        return {
          id: row.id,
          granteeKind: row.granteeKind,
          granteeId: row.granteeId,
          name: isPerson
            ? (row.personName ?? "")
            : row.granteeKind === "department"
              ? (pathOf.get(row.granteeId ?? "") ?? "")
              : "",
          detail: isPerson ? (pathOf.get(row.personDepartmentId ?? "") ?? null) : null,
          role,
          inactive: isPerson && row.personStatus !== "active",
          // An editor may raise any share: "change" is offered when at least raising is allowed.
          canChange: decideSharing(actor, { kind: "change", role: "editor", existing }).ok,
          canRemove: decideSharing(actor, { kind: "remove", existing }).ok,
        };
      })
      .sort((a, b) => kindOrder[a.granteeKind] - kindOrder[b.granteeKind]);

    let search: SharingPage["search"] = null;
    const trimmed = query?.trim() ?? "";
    if (trimmed) {
      const pattern = `%${escapeLike(trimmed)}%`;
      const found = await tx
        .select({
          id: users.id,
          name: users.displayName,
          departmentId: users.departmentId,
          positionName: positions.name,
        })
        .from(users)
        .leftJoin(
          departments,
          and(eq(departments.tenantId, users.tenantId), eq(departments.id, users.departmentId)),
        )
        .leftJoin(positions, and(eq(positions.tenantId, users.tenantId), eq(positions.id, users.positionId)))
        .where(
          and(
            eq(users.tenantId, tenantId),
            eq(users.status, "active"),
            ne(users.id, document.ownerId),
            or(ilike(users.displayName, pattern), ilike(departments.name, pattern)),
          ),
        )
        .orderBy(asc(users.displayName), asc(users.loginId))
        .limit(PEOPLE_SEARCH_LIMIT + 1);
      search = {
        query: trimmed,
        more: found.length > PEOPLE_SEARCH_LIMIT,
        results: found.slice(0, PEOPLE_SEARCH_LIMIT).map((row) => ({
          id: row.id,
          name: row.name,
          departmentPath: row.departmentId ? (pathOf.get(row.departmentId) ?? null) : null,
          positionName: row.positionName,
        })),
      };
    }

    return {
      document: {
        id: document.id,
        title: document.title,
        owner: {
          id: document.ownerId,
          name: owner?.name ?? "",
          departmentPath: owner?.departmentId ? (pathOf.get(owner.departmentId) ?? null) : null,
        },
        space: document.departmentId
          ? { id: document.departmentId, path: pathOf.get(document.departmentId) ?? "" }
          : null,
        linkAccess: document.linkAccess,
        linkRole: document.linkRole as ShareRole,
      },
      tenantName: tenant?.name ?? "",
      allowPublicLinks: tenant?.allowPublicLinks ?? false,
      shares,
      departments: allDepartments
        .filter((node) => !node.closed)
        .map((node) => ({ id: node.id, path: node.path, depth: node.depth })),
      search,
    };
  });
}
