import { hashPassword } from "@nuri/auth";
import { eq, sql } from "drizzle-orm";
import { ensureBuiltinForms } from "../approval-forms.ts";
import type { Db } from "../client.ts";
import { syncDepartmentChannels } from "../messaging.ts";
import {
  approvalDelegationRules,
  approvalForms,
  departments,
  platformOperators,
  positions,
  ranks,
  tenants,
  users,
} from "../schema/index.ts";
import { withControlPlane, withTenant } from "../tenant.ts";
import { DEMO_OPERATOR, DEMO_PASSWORD, DEMO_TENANTS, type DemoTenant } from "./demo-data.ts";
import { stableId } from "./stable-id.ts";

export interface SeedSummary {
  tenants: { slug: string; id: string; departments: number; people: number }[];
}

/**
 * Seeds the demo agency and school through the application role, tenant by tenant, the way
 * the app writes. Deterministic (ids derive from names) and idempotent (existing rows are
 * kept as they are, so a demo someone has edited is not reset behind their back).
 */
export async function seedDemo(db: Db, demo: DemoTenant[] = DEMO_TENANTS): Promise<SeedSummary> {
  const summary: SeedSummary = { tenants: [] };
  // One argon2 hash for all demo people: hashing each would make every start seconds slower.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await withControlPlane(db, async (tx) =>
    tx
      .insert(platformOperators)
      .values({
        id: stableId(`operator:${DEMO_OPERATOR.loginId}`),
        loginId: DEMO_OPERATOR.loginId,
        displayName: DEMO_OPERATOR.name,
        passwordHash: await hashPassword(DEMO_OPERATOR.password),
      })
      .onConflictDoNothing(),
  );
  for (const tenant of demo) {
    const tenantId = stableId(`tenant:${tenant.slug}`);
    await withControlPlane(db, (tx) =>
      tx
        .insert(tenants)
        .values({
          id: tenantId,
          slug: tenant.slug,
          name: tenant.name,
          kind: tenant.kind,
          agencyCode: tenant.agencyCode,
          status: "active",
          ...tenant.contacts,
        })
        .onConflictDoNothing(),
    );
    await withTenant(db, tenantId, async (tx) => {
      const id = (kind: string, key: string) => stableId(`${tenant.slug}:${kind}:${key}`);
      if (tenant.departments.length > 0) {
        await tx
          .insert(departments)
          .values(
            tenant.departments.map((d, index) => ({
              tenantId,
              id: id("department", d.key),
              parentId: d.parent ? id("department", d.parent) : null,
              kind: d.grade ? ("homeroom" as const) : ("unit" as const),
              name: d.name,
              code: d.code,
              sortOrder: index,
              grade: d.grade ?? null,
              classNumber: d.classNumber ?? null,
            })),
          )
          .onConflictDoNothing();
      }
      for (const [table, names, kind] of [
        [positions, tenant.positions, "position"],
        [ranks, tenant.ranks, "rank"],
      ] as const) {
        if (names.length === 0) continue;
        await tx
          .insert(table)
          .values(names.map((name, index) => ({ tenantId, id: id(kind, name), name, sortOrder: index })))
          .onConflictDoNothing();
      }
      await tx
        .insert(users)
        .values(
          tenant.people.map((p) => ({
            tenantId,
            id: id("user", p.loginId),
            loginId: p.loginId,
            displayName: p.name,
            departmentId: id("department", p.department),
            positionId: p.position ? id("position", p.position) : null,
            rankId: p.rank ? id("rank", p.rank) : null,
            role: p.role,
            studentNumber: p.studentNumber ?? null,
            passwordHash,
          })),
        )
        // Existing people keep everything, except that a demo person seeded before demo
        // passwords existed gets one (otherwise nobody could sign in to an older demo).
        .onConflictDoUpdate({
          target: [users.tenantId, users.id],
          set: { passwordHash: sql`coalesce(${users.passwordHash}, excluded.password_hash)` },
        });
      // Every department gets its channel (메시지), its people its members.
      await syncDepartmentChannels(tx);
    });
    if (tenant.delegationRules?.length) await seedDelegationRules(db, tenantId, tenant);
    summary.tenants.push({
      slug: tenant.slug,
      id: tenantId,
      departments: tenant.departments.length,
      people: tenant.people.length,
    });
  }
  return summary;
}

/** The built-in approval forms and the tenant's 위임전결 rules (same ids every time). */
async function seedDelegationRules(db: Db, tenantId: string, tenant: DemoTenant): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    await ensureBuiltinForms(tx, tenantId);
    const forms = await tx
      .select({ id: approvalForms.id, key: approvalForms.key })
      .from(approvalForms)
      .where(eq(approvalForms.tenantId, tenantId));
    const formId = new Map(forms.map((form) => [form.key, form.id]));
    await tx
      .insert(approvalDelegationRules)
      .values(
        (tenant.delegationRules ?? []).map((rule, index) => ({
          tenantId,
          id: stableId(`${tenant.slug}:delegation:${rule.form}:${rule.maxAmount ?? "any"}`),
          formId: formId.get(rule.form) ?? null,
          maxAmount: rule.maxAmount,
          closerPositionId: stableId(`${tenant.slug}:position:${rule.closer}`),
          sortOrder: index,
        })),
      )
      .onConflictDoNothing();
  });
}
