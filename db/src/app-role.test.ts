import { describe, expect, it } from "vitest";
import { assertAppRoleIsSafe, UnsafeAppRoleError } from "./app-role.ts";
import { buildTenant } from "./testing/index.ts";
import { connectTestDatabase } from "./testing/vitest.ts";

const { app, owner, superuser } = connectTestDatabase();

// Each statement runs in a transaction that is rolled back, so a refusal that did not
// happen could not change the schema for the other tests either.
async function asApp(statement: string) {
  return app.sql.begin(async (tx) => {
    await tx.unsafe(statement);
    throw new Error("ROLLBACK: the statement was allowed");
  });
}

describe("the application role", () => {
  it("is accepted by the start-up check", async () => {
    await expect(assertAppRoleIsSafe(app.sql)).resolves.toBeUndefined();
  });

  it("is refused by the start-up check when it is the owner or a superuser", async () => {
    await expect(assertAppRoleIsSafe(owner.sql)).rejects.toThrow(UnsafeAppRoleError);
    await expect(assertAppRoleIsSafe(owner.sql)).rejects.toThrow(/owns or may act as the owner of \w+/);
    await expect(assertAppRoleIsSafe(superuser.sql)).rejects.toThrow(/superuser/);
  });

  it("has the attributes of a plain login: no superuser, no BYPASSRLS", async () => {
    const [role] =
      await app.sql`select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user`;
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
  });

  it("cannot disable or unforce row-level security", async () => {
    await expect(asApp("alter table users disable row level security")).rejects.toThrow(/must be owner/);
    await expect(asApp("alter table users no force row level security")).rejects.toThrow(/must be owner/);
    await expect(asApp("drop policy tenant_isolation on users")).rejects.toThrow(/must be owner/);
  });

  it("cannot switch row security off for its queries", async () => {
    await buildTenant(app.db);
    await expect(
      app.sql.begin(async (tx) => {
        await tx`set local row_security = off`;
        await tx`select * from users`;
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot become the owner or a superuser", async () => {
    await expect(asApp("set role nuri_owner")).rejects.toThrow(/permission denied/);
    await expect(asApp("set role postgres")).rejects.toThrow(/permission denied|does not exist/);
    await expect(asApp("set session authorization nuri_owner")).rejects.toThrow(/permission denied/);
  });

  it("cannot alter the schema", async () => {
    await expect(asApp("create table sneaky (id int)")).rejects.toThrow(/permission denied/);
    await expect(asApp("alter table users add column sneaky text")).rejects.toThrow(/must be owner/);
    await expect(asApp("drop table users")).rejects.toThrow(/must be owner/);
    await expect(asApp("create schema sneaky")).rejects.toThrow(/permission denied/);
    await expect(
      asApp(
        "create or replace function app_current_tenant() returns uuid language sql as 'select null::uuid'",
      ),
    ).rejects.toThrow(/must be owner|permission denied/);
  });

  it("cannot read the migration ledger or delete tenants", async () => {
    await expect(asApp("select * from nuri_meta.migrations")).rejects.toThrow(/permission denied/);
    await expect(asApp("delete from tenants")).rejects.toThrow(/permission denied/);
  });
});
