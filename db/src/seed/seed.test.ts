import { verifyPassword } from "@nuri/auth";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  approvalDelegationRules,
  approvalForms,
  departments,
  positions,
  tenants,
  users,
} from "../schema/index.ts";
import { withControlPlane, withTenant } from "../tenant.ts";
import { connectTestDatabase } from "../testing/vitest.ts";
import { DEMO_AGENCY, DEMO_PASSWORD, DEMO_SCHOOL } from "./demo-data.ts";
import { seedDemo } from "./seed.ts";
import { stableId } from "./stable-id.ts";

const { app } = connectTestDatabase();

async function snapshot(tenantId: string) {
  return withTenant(app.db, tenantId, async (tx) => ({
    departments: await tx.select().from(departments).orderBy(asc(departments.id)),
    users: await tx.select().from(users).orderBy(asc(users.id)),
  }));
}

describe("the demo seed", () => {
  it("creates the demo agency and school with the same ids every time, and is idempotent", async () => {
    const first = await seedDemo(app.db);
    const agencyId = stableId("tenant:digital-gov");
    expect(first.tenants.map((t) => [t.slug, t.id])).toEqual([
      ["digital-gov", agencyId],
      ["nuri-es", stableId("tenant:nuri-es")],
    ]);
    const before = await snapshot(agencyId);
    const second = await seedDemo(app.db);
    expect(second).toEqual(first);
    expect(await snapshot(agencyId)).toEqual(before);
    expect(before.users).toHaveLength(DEMO_AGENCY.people.length);
    expect(await verifyPassword(before.users[0]!.passwordHash!, DEMO_PASSWORD)).toBe(true);
  });

  it("gives the agency the built-in approval forms and its 위임전결 rules, once", async () => {
    await seedDemo(app.db);
    await seedDemo(app.db);
    const agencyId = stableId("tenant:digital-gov");
    const rules = await withTenant(app.db, agencyId, (tx) =>
      tx
        .select({
          form: approvalForms.key,
          maxAmount: approvalDelegationRules.maxAmount,
          closer: positions.name,
        })
        .from(approvalDelegationRules)
        .innerJoin(approvalForms, eq(approvalForms.id, approvalDelegationRules.formId))
        .innerJoin(positions, eq(positions.id, approvalDelegationRules.closerPositionId))
        .orderBy(asc(approvalDelegationRules.sortOrder)),
    );
    expect(rules).toEqual([
      { form: "expense", maxAmount: 1_000_000, closer: "과장" },
      { form: "expense", maxAmount: null, closer: "국장" },
      { form: "leave", maxAmount: null, closer: "과장" },
    ]);
    const forms = await withTenant(app.db, agencyId, (tx) =>
      tx.select({ key: approvalForms.key }).from(approvalForms),
    );
    expect(forms.map((f) => f.key).sort()).toEqual(["expense", "general", "leave", "proposal", "trip"]);
  });

  it("gives a password to demo people seeded before there were passwords, and keeps a changed one", async () => {
    await seedDemo(app.db);
    const agencyId = stableId("tenant:digital-gov");
    const [first, second] = ["admin", "kwon.naeun"].map((login) => stableId(`digital-gov:user:${login}`));
    await withTenant(app.db, agencyId, async (tx) => {
      await tx.update(users).set({ passwordHash: null }).where(eq(users.id, first!));
      await tx.update(users).set({ passwordHash: "changed-by-its-owner" }).where(eq(users.id, second!));
    });
    await seedDemo(app.db);
    const people = await withTenant(app.db, agencyId, (tx) => tx.select().from(users));
    const byId = new Map(people.map((p) => [p.id, p]));
    expect(await verifyPassword(byId.get(first!)!.passwordHash!, DEMO_PASSWORD)).toBe(true);
    expect(byId.get(second!)!.passwordHash).toBe("changed-by-its-owner");
  });

  it("gives the agency about twenty people from 주무관 to 장관, in their departments", async () => {
    await seedDemo(app.db);
    const agencyId = stableId("tenant:digital-gov");
    const [agency] = await withControlPlane(app.db, (tx) =>
      tx.select().from(tenants).where(eq(tenants.id, agencyId)),
    );
    expect(agency).toMatchObject({
      name: "디지털행정부",
      kind: "agency",
      status: "active",
      agencyCode: "9990001",
    });
    const people = await withTenant(app.db, agencyId, (tx) =>
      tx
        .select({
          name: users.displayName,
          position: positions.name,
          department: departments.name,
          role: users.role,
        })
        .from(users)
        .leftJoin(positions, eq(positions.id, users.positionId))
        .leftJoin(departments, eq(departments.id, users.departmentId)),
    );
    expect(people.length).toBeGreaterThanOrEqual(20);
    expect(people).toContainEqual({ name: "이정훈", position: "장관", department: "장관실", role: "member" });
    expect(people).toContainEqual({
      name: "박지원",
      position: "담당",
      department: "운영지원과",
      role: "admin",
    });
    const digital = await withTenant(app.db, agencyId, (tx) =>
      tx.select().from(departments).where(eq(departments.name, "디지털정부국")),
    );
    const children = await withTenant(app.db, agencyId, (tx) =>
      tx.select({ name: departments.name }).from(departments).where(eq(departments.parentId, digital[0]!.id)),
    );
    expect(children.map((c) => c.name).sort()).toEqual([
      "공공데이터과",
      "디지털서비스과",
      "디지털정부정책과",
    ]);
  });

  it("gives the school homerooms by grade and class, with teachers and numbered students", async () => {
    await seedDemo(app.db);
    const schoolId = stableId("tenant:nuri-es");
    const { departments: rooms, users: people } = await snapshot(schoolId);
    const homerooms = rooms.filter((d) => d.kind === "homeroom");
    expect(homerooms).toHaveLength(12);
    expect(homerooms.find((d) => d.grade === 3 && d.classNumber === 2)?.name).toBe("3학년 2반");
    const roles = new Set(people.map((p) => p.role));
    expect(roles).toEqual(new Set(["admin", "teacher", "staff", "student"]));
    const students = people.filter((p) => p.role === "student");
    expect(students).toHaveLength(DEMO_SCHOOL.people.filter((p) => p.role === "student").length);
    expect(students.every((s) => s.studentNumber !== null && s.email === null)).toBe(true);
  });
});
