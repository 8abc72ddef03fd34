import { randomBytes } from "node:crypto";
import type { Db } from "../client.ts";
import {
  type Department,
  type Document,
  departments,
  documents,
  type NewTenant,
  type Tenant,
  tenants,
  type User,
  users,
} from "../schema/index.ts";
import { withControlPlane, withTenant } from "../tenant.ts";

const unique = () => randomBytes(4).toString("hex");

/** An active tenant with a unique slug; pass fields to override. */
export async function buildTenant(db: Db, overrides: Partial<NewTenant> = {}): Promise<Tenant> {
  const suffix = unique();
  const [tenant] = await withControlPlane(db, (tx) =>
    tx
      .insert(tenants)
      .values({
        slug: `t-${suffix}`,
        name: `시험기관 ${suffix}`,
        kind: "agency",
        status: "active",
        ...overrides,
      })
      .returning(),
  );
  return tenant!;
}

/** A department of `tenantId` (a root unit unless `parentId` is given). */
export async function buildDepartment(
  db: Db,
  tenantId: string,
  overrides: Partial<typeof departments.$inferInsert> = {},
): Promise<Department> {
  const [department] = await withTenant(db, tenantId, (tx) =>
    tx
      .insert(departments)
      .values({ tenantId, name: `부서 ${unique()}`, ...overrides })
      .returning(),
  );
  return department!;
}

/** A person of `tenantId` with a unique login id. */
export async function buildUser(
  db: Db,
  tenantId: string,
  overrides: Partial<typeof users.$inferInsert> = {},
): Promise<User> {
  const [user] = await withTenant(db, tenantId, (tx) =>
    tx
      .insert(users)
      .values({ tenantId, loginId: `user-${unique()}`, displayName: "홍길동", ...overrides })
      .returning(),
  );
  return user!;
}

/** A document of `tenantId` owned by `ownerId`, empty until someone edits it. */
export async function buildDocument(
  db: Db,
  tenantId: string,
  ownerId: string,
  overrides: Partial<typeof documents.$inferInsert> = {},
): Promise<Document> {
  const [document] = await withTenant(db, tenantId, (tx) =>
    tx
      .insert(documents)
      .values({ tenantId, ownerId, title: `문서 ${unique()}`, ...overrides })
      .returning(),
  );
  return document!;
}
