import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { lintTenantSchema } from "./schema-lint.ts";
import { connectTestDatabase } from "./testing/vitest.ts";

const { superuser } = connectTestDatabase();

describe("the schema lint (Citus readiness and RLS)", () => {
  it("finds nothing wrong with the migrated schema", async () => {
    expect(await lintTenantSchema(superuser.sql)).toEqual([]);
  });

  it("treats every table outside the control plane as a tenant table", async () => {
    const tables = await superuser.sql<{ relname: string }[]>`
      select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname`;
    expect(tables.map((t) => t.relname)).toEqual(
      expect.arrayContaining(["departments", "positions", "ranks", "tenants", "users"]),
    );
  });

  describe("on a schema with one mistake per table", () => {
    const schema = `lint_${randomBytes(4).toString("hex")}`;
    afterAll(() => superuser.sql.unsafe(`drop schema if exists ${schema} cascade`));

    it("names each table and the rule it breaks", async () => {
      await superuser.sql.unsafe(`
        create schema ${schema};
        create table ${schema}.tenants (id uuid primary key);
        -- a sound table, to show the lint is not simply red on everything
        create table ${schema}.good (tenant_id uuid not null references ${schema}.tenants (id), id uuid not null,
          code text, primary key (tenant_id, id));
        create unique index on ${schema}.good (tenant_id, code);
        -- the mistakes
        create table ${schema}.no_tenant (id uuid primary key);
        create table ${schema}.pk_without_tenant (tenant_id uuid not null, id uuid primary key);
        create table ${schema}.unique_without_tenant (tenant_id uuid not null, id uuid not null, code text,
          primary key (tenant_id, id));
        create unique index unique_without_tenant_code on ${schema}.unique_without_tenant (code);
        create table ${schema}.fk_without_tenant (tenant_id uuid not null, id uuid not null, good_id uuid,
          primary key (tenant_id, id));
        create table ${schema}.anchor (id uuid primary key);
        alter table ${schema}.fk_without_tenant add constraint fk_without_tenant_anchor
          foreign key (good_id) references ${schema}.anchor (id);
        create table ${schema}.not_forced (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id));
        create table ${schema}.open_policy (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id));
        create table ${schema}.no_policy (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id));
      `);
      for (const table of [
        "good",
        "no_tenant",
        "pk_without_tenant",
        "unique_without_tenant",
        "fk_without_tenant",
        "open_policy",
        "no_policy",
      ]) {
        await superuser.sql.unsafe(
          `alter table ${schema}.${table} enable row level security, force row level security`,
        );
      }
      await superuser.sql.unsafe(`alter table ${schema}.not_forced enable row level security`);
      const policy = (table: string, column: string) =>
        superuser.sql.unsafe(
          `create policy tenant_isolation on ${schema}.${table} using (${column} = public.app_current_tenant())
             with check (${column} = public.app_current_tenant())`,
        );
      for (const table of [
        "good",
        "pk_without_tenant",
        "unique_without_tenant",
        "fk_without_tenant",
        "not_forced",
        "open_policy",
      ]) {
        await policy(table, "tenant_id");
      }
      await policy("no_tenant", "id");
      await superuser.sql.unsafe(`create policy everyone on ${schema}.open_policy using (true)`);

      const violations = await lintTenantSchema(superuser.sql, {
        schema,
        controlPlane: ["tenants", "anchor"],
      });
      const found = violations.map((v) => `${v.table}: ${v.rule}`).sort();
      expect(found).toEqual(
        [
          "fk_without_tenant: foreign-key-missing-tenant-id",
          "no_policy: tenant-policy-missing",
          "no_tenant: tenant-id-missing",
          "no_tenant: tenant-policy-missing",
          "no_tenant: policy-not-tenant-scoped",
          "not_forced: rls-not-forced",
          "open_policy: policy-not-tenant-scoped",
          "pk_without_tenant: primary-key-missing-tenant-id",
          "unique_without_tenant: unique-index-missing-tenant-id",
        ].sort(),
      );
    });
  });
});
