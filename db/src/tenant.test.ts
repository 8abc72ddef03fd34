import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client.ts";
import { departments, tenants, users } from "./schema/index.ts";
import { withControlPlane, withTenant } from "./tenant.ts";
import { buildDepartment, buildTenant, buildUser } from "./testing/index.ts";
import { connectTestDatabase } from "./testing/vitest.ts";

const { app, owner, urls } = connectTestDatabase();

/** The PostgreSQL error behind drizzle's wrapper, or undefined when the query succeeded. */
async function pgError(promise: Promise<unknown>): Promise<{ code?: string; message: string } | undefined> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { cause?: unknown } | undefined;
  return (error?.cause ?? error) as { code?: string; message: string } | undefined;
}

async function twoAgencies() {
  const a = await buildTenant(app.db, { name: "가기관" });
  const b = await buildTenant(app.db, { name: "나기관" });
  const aUser = await buildUser(app.db, a.id, { displayName: "김가나" });
  const bUser = await buildUser(app.db, b.id, { displayName: "이다라" });
  return { a, b, aUser, bUser };
}

describe("withTenant", () => {
  it("shows no tenant rows to a query outside it, even one with no WHERE clause", async () => {
    await twoAgencies();
    const rows = await app.sql`select * from users`;
    expect(rows).toHaveLength(0);
    const inControlPlane = await withControlPlane(app.db, (tx) => tx.select().from(users));
    expect(inControlPlane).toHaveLength(0);
  });

  it("shows tenant A only its own rows, with no WHERE clause", async () => {
    const { a, aUser, bUser } = await twoAgencies();
    const seen = await withTenant(app.db, a.id, (tx) => tx.select().from(users));
    expect(seen.map((u) => u.id)).toEqual([aUser.id]);
    const lookedUp = await withTenant(app.db, a.id, (tx) =>
      tx.select().from(users).where(eq(users.id, bUser.id)),
    );
    expect(lookedUp).toEqual([]);
  });

  it("keeps the owner to one tenant too, because RLS is forced", async () => {
    const { a, aUser } = await twoAgencies();
    expect(await owner.sql`select * from users`).toHaveLength(0);
    const seen = await withTenant(owner.db, a.id, (tx) => tx.select({ id: users.id }).from(users));
    expect(seen).toEqual([{ id: aUser.id }]);
  });

  it("refuses an INSERT that carries another tenant's id", async () => {
    const { a, b } = await twoAgencies();
    const error = await pgError(
      withTenant(app.db, a.id, (tx) =>
        tx.insert(users).values({ tenantId: b.id, loginId: "intruder", displayName: "침입자" }),
      ),
    );
    expect(error?.message).toBe('new row violates row-level security policy for table "users"');
    const bUsers = await withTenant(app.db, b.id, (tx) =>
      tx.select().from(users).where(eq(users.loginId, "intruder")),
    );
    expect(bUsers).toEqual([]);
  });

  it("refuses an UPDATE that moves a row to another tenant, and cannot touch the other tenant's rows", async () => {
    const { a, b, aUser, bUser } = await twoAgencies();
    const error = await pgError(
      withTenant(app.db, a.id, (tx) =>
        tx.update(users).set({ tenantId: b.id }).where(eq(users.id, aUser.id)),
      ),
    );
    expect(error?.message).toBe('new row violates row-level security policy for table "users"');
    const renamed = await withTenant(app.db, a.id, (tx) =>
      tx.update(users).set({ displayName: "바뀐이름" }).where(eq(users.id, bUser.id)).returning(),
    );
    expect(renamed).toEqual([]);
    const deleted = await withTenant(app.db, a.id, (tx) =>
      tx.delete(users).where(eq(users.id, bUser.id)).returning(),
    );
    expect(deleted).toEqual([]);
    const [stillThere] = await withTenant(app.db, b.id, (tx) =>
      tx.select().from(users).where(eq(users.id, bUser.id)),
    );
    expect(stillThere?.displayName).toBe("이다라");
  });

  it("refuses a foreign key to another tenant's department", async () => {
    const { a, b } = await twoAgencies();
    const bDepartment = await buildDepartment(app.db, b.id);
    const error = await pgError(buildUser(app.db, a.id, { departmentId: bDepartment.id }));
    expect(error?.code).toBe("23503"); // foreign_key_violation: A cannot see B's department
  });

  it("does not leak the tenant into the next transaction on the same pooled connection", async () => {
    const { a } = await twoAgencies();
    const single = openDatabase(urls.appUrl, { max: 1 });
    try {
      await withTenant(single.db, a.id, (tx) => tx.select().from(users));
      const after =
        await single.sql`select current_setting('app.tenant_id', true) as setting, count(*)::int as n from users`;
      expect(after[0]).toMatchObject({ n: 0 });
      expect(after[0]?.setting ?? "").toBe("");
    } finally {
      await single.close();
    }
  });

  it("rolls back everything when the function throws", async () => {
    const { a } = await twoAgencies();
    await expect(
      withTenant(app.db, a.id, async (tx) => {
        await tx.insert(departments).values({ tenantId: a.id, name: "반쪽부서" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const left = await withTenant(app.db, a.id, (tx) =>
      tx.select().from(departments).where(eq(departments.name, "반쪽부서")),
    );
    expect(left).toEqual([]);
  });

  it("rejects a tenant id that is not a uuid before touching the database", async () => {
    await expect(withTenant(app.db, "digital-gov", async () => 1)).rejects.toThrow(/uuid/);
    await expect(withTenant(app.db, "", async () => 1)).rejects.toThrow(/uuid/);
  });

  it("lets the control plane read tenants without a tenant set", async () => {
    const { a } = await twoAgencies();
    const [found] = await withControlPlane(app.db, (tx) =>
      tx.select().from(tenants).where(eq(tenants.id, a.id)),
    );
    expect(found?.name).toBe("가기관");
    const [{ n }] = (await withTenant(app.db, a.id, (tx) =>
      tx.execute(sql`select count(*)::int as n from users`),
    )) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });
});
