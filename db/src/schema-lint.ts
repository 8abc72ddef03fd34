import type { Sql } from "./client.ts";

/** Tables without a tenant: the control plane, replicated to every node as Citus reference tables. */
export const CONTROL_PLANE_TABLES = [
  "tenants",
  "platform_operators",
  "operator_sessions",
  "tenant_applications",
] as const;

export interface SchemaViolation {
  table: string;
  rule:
    | "tenant-id-missing"
    | "primary-key-missing-tenant-id"
    | "unique-index-missing-tenant-id"
    | "foreign-key-missing-tenant-id"
    | "rls-not-enabled"
    | "rls-not-forced"
    | "tenant-policy-missing"
    | "policy-not-tenant-scoped";
  detail: string;
}

const TENANT_PREDICATE = "app_current_tenant()";

/**
 * Reads the catalog and lists every tenant table that Citus could not distribute by
 * tenant_id, or that row-level security would not keep to its tenant. Every table of the
 * schema that is not in the control plane is a tenant table: forgetting tenant_id entirely
 * is caught too. An empty list means the schema is sound.
 */
export async function lintTenantSchema(
  sql: Sql,
  options: { schema?: string; controlPlane?: readonly string[] } = {},
): Promise<SchemaViolation[]> {
  const schema = options.schema ?? "public";
  const controlPlane = new Set(options.controlPlane ?? CONTROL_PLANE_TABLES);
  const tables = await sql<
    { oid: number; name: string; rls: boolean; forced: boolean; tenant_attnum: number | null }[]
  >`
    select c.oid::int as oid, c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
           (select a.attnum from pg_attribute a
             where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
               and a.attnotnull and a.atttypid = 'uuid'::regtype)::int as tenant_attnum
    from pg_class c
    where c.relnamespace = ${schema}::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`;

  const violations: SchemaViolation[] = [];
  for (const table of tables) {
    if (controlPlane.has(table.name)) continue;
    const add = (rule: SchemaViolation["rule"], detail: string) =>
      violations.push({ table: table.name, rule, detail });
    if (!table.rls) add("rls-not-enabled", "row level security is not enabled");
    if (!table.forced) add("rls-not-forced", "row level security is not forced (the owner would bypass it)");
    if (table.tenant_attnum === null) {
      add("tenant-id-missing", "no `tenant_id uuid not null` column");
    } else {
      const tenantAttnum = table.tenant_attnum;
      const indexes = await sql<{ name: string; primary: boolean; first_attnum: number }[]>`
        select ic.relname as name, i.indisprimary as primary, i.indkey[0]::int as first_attnum
        from pg_index i join pg_class ic on ic.oid = i.indexrelid
        where i.indrelid = ${table.oid} and i.indisunique`;
      const pk = indexes.find((i) => i.primary);
      if (!pk || pk.first_attnum !== tenantAttnum) {
        add(
          "primary-key-missing-tenant-id",
          pk ? `${pk.name} does not lead with tenant_id` : "no primary key",
        );
      }
      for (const index of indexes) {
        if (!index.primary && index.first_attnum !== tenantAttnum) {
          add("unique-index-missing-tenant-id", `${index.name} does not lead with tenant_id`);
        }
      }
      const foreignKeys = await sql<{ name: string; has_tenant: boolean }[]>`
        select conname as name, ${tenantAttnum}::int2 = any(conkey) as has_tenant
        from pg_constraint where conrelid = ${table.oid} and contype = 'f'`;
      for (const fk of foreignKeys) {
        if (!fk.has_tenant) add("foreign-key-missing-tenant-id", `${fk.name} does not include tenant_id`);
      }
    }
    const policies = await sql<
      { name: string; permissive: string; cmd: string; qual: string | null; check: string | null }[]
    >`
      select policyname as name, permissive, cmd, qual, with_check as check
      from pg_policies where schemaname = ${schema} and tablename = ${table.name}`;
    const scoped = (expr: string | null) => expr?.includes("tenant_id") && expr.includes(TENANT_PREDICATE);
    if (!policies.some((p) => p.cmd === "ALL" && scoped(p.qual) && scoped(p.check))) {
      add(
        "tenant-policy-missing",
        `no policy for ALL with USING and WITH CHECK on tenant_id = ${TENANT_PREDICATE}`,
      );
    }
    // Permissive policies are OR-ed together: one that does not scope by tenant opens them all.
    for (const p of policies) {
      if (p.permissive === "PERMISSIVE" && ((p.qual && !scoped(p.qual)) || (p.check && !scoped(p.check)))) {
        add("policy-not-tenant-scoped", `permissive policy ${p.name} does not restrict rows to the tenant`);
      }
    }
  }
  return violations;
}
