import {
  and,
  asc,
  type Db,
  departments,
  eq,
  ilike,
  isNull,
  or,
  positions,
  ranks,
  sql,
  users,
  withTenant,
} from "@nuri/db";

export interface PersonRow {
  id: string;
  displayName: string;
  loginId: string;
  email: string | null;
  employeeNumber: string | null;
  role: string;
  status: "active" | "disabled";
  departmentId: string | null;
  departmentName: string | null;
  positionId: string | null;
  positionName: string | null;
  rankId: string | null;
  rankName: string | null;
  /** No password chosen yet: the set-up link is still pending. */
  setupPending: boolean;
  locked: boolean;
}

/** The tenant's people, by name; `query` matches name or login id, `departmentId` filters. */
export async function listPeople(
  db: Db,
  tenantId: string,
  filter: { query?: string; departmentId?: string | null; id?: string; limit?: number } = {},
): Promise<PersonRow[]> {
  const conditions = [eq(users.tenantId, tenantId)];
  const query = filter.query?.trim();
  if (query) {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(users.displayName, pattern), ilike(users.loginId, pattern))!);
  }
  if (filter.departmentId) conditions.push(eq(users.departmentId, filter.departmentId));
  if (filter.id) conditions.push(eq(users.id, filter.id));
  return withTenant(db, tenantId, (tx) =>
    tx
      .select({
        id: users.id,
        displayName: users.displayName,
        loginId: users.loginId,
        email: users.email,
        employeeNumber: users.employeeNumber,
        role: users.role,
        status: users.status,
        departmentId: users.departmentId,
        departmentName: departments.name,
        positionId: users.positionId,
        positionName: positions.name,
        rankId: users.rankId,
        rankName: ranks.name,
        setupPending: sql<boolean>`${users.passwordHash} is null`,
        locked: sql<boolean>`coalesce(${users.lockedUntil} > now(), false)`,
      })
      .from(users)
      .leftJoin(
        departments,
        and(eq(departments.tenantId, users.tenantId), eq(departments.id, users.departmentId)),
      )
      .leftJoin(positions, and(eq(positions.tenantId, users.tenantId), eq(positions.id, users.positionId)))
      .leftJoin(ranks, and(eq(ranks.tenantId, users.tenantId), eq(ranks.id, users.rankId)))
      .where(and(...conditions))
      .orderBy(asc(users.displayName), asc(users.loginId))
      .limit(filter.limit ?? 500),
  );
}

/** One person of the tenant, or null. */
export async function findPerson(db: Db, tenantId: string, id: string): Promise<PersonRow | null> {
  const [row] = await listPeople(db, tenantId, { id, limit: 1 });
  return row ?? null;
}

/** Open departments, positions and ranks: the choices of the person form. */
export async function listPersonChoices(db: Db, tenantId: string) {
  return withTenant(db, tenantId, async (tx) => ({
    departments: await tx
      .select()
      .from(departments)
      .where(and(eq(departments.tenantId, tenantId), isNull(departments.closedAt))),
    positions: await tx
      .select({ id: positions.id, name: positions.name })
      .from(positions)
      .where(eq(positions.tenantId, tenantId))
      .orderBy(asc(positions.sortOrder), asc(positions.name)),
    ranks: await tx
      .select({ id: ranks.id, name: ranks.name })
      .from(ranks)
      .where(eq(ranks.tenantId, tenantId))
      .orderBy(asc(ranks.sortOrder), asc(ranks.name)),
  }));
}
