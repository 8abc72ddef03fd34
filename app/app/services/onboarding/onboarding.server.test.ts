import { randomBytes } from "node:crypto";
import {
  asc,
  auditLog,
  count,
  departments,
  eq,
  oneTimeLinks,
  platformOperators,
  positions,
  ranks,
  tenantApplications,
  tenants,
  users,
  verifyAuditChain,
  withControlPlane,
  withTenant,
} from "@nuri/db";
import { buildTenant } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../errors.server.ts";
import { DevMailer } from "../../mail/mailer.server.ts";
import { findOneTimeLink } from "../auth/one-time-links.server.ts";
import { ApplicationSchema } from "./application-schema.ts";
import { approveApplication } from "./approve-application.server.ts";
import { listApplications } from "./list-applications.server.ts";
import { rejectApplication } from "./reject-application.server.ts";
import { submitApplication } from "./submit-application.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

let operator: { id: string; displayName: string };

beforeAll(async () => {
  const [row] = await withControlPlane(db, (tx) =>
    tx
      .insert(platformOperators)
      .values({
        loginId: `op-${randomBytes(3).toString("hex")}`,
        displayName: "시험 운영자",
        passwordHash: "x",
      })
      .returning(),
  );
  operator = { id: row!.id, displayName: row!.displayName };
});

function application(overrides: Record<string, string> = {}) {
  const suffix = randomBytes(4).toString("hex");
  return ApplicationSchema.parse({
    name: "행정혁신처",
    kind: "agency",
    agencyCode: "",
    slug: `apply-${suffix}`,
    contactName: "김담당",
    contactEmail: "Contact@Example.go.kr",
    contactPhone: "02-123-4567",
    adminName: "이관리",
    adminLoginId: "Admin",
    adminEmail: "admin@example.go.kr",
    ...overrides,
  });
}

async function submitted(overrides: Record<string, string> = {}) {
  const result = await submitApplication(db, application(overrides));
  if (!result.ok) throw new Error("the application should have been accepted");
  return result;
}

/** A random 7-digit 기관코드. */
const agencyCode = () => String(1_000_000 + (randomBytes(4).readUInt32BE(0) % 9_000_000));

const approve = (applicationId: string, mailer = new DevMailer(() => {})) =>
  approveApplication(db, { applicationId, operator, ip: "127.0.0.1", origin: "http://nuri.test", mailer });

async function countTenantRows(slug: string) {
  return withControlPlane(db, async (tx) => {
    const [row] = await tx.select({ n: count() }).from(tenants).where(eq(tenants.slug, slug));
    return row!.n;
  });
}

describe("the application form's rules", () => {
  it("accepts Korean phone formats and an optional 7-digit 기관코드", () => {
    for (const phone of ["02-123-4567", "010-1234-5678", "031-1234-5678", "01012345678"]) {
      expect(ApplicationSchema.safeParse({ ...application(), contactPhone: phone }).success).toBe(true);
    }
    expect(ApplicationSchema.safeParse({ ...application(), contactPhone: "123" }).success).toBe(false);
    expect(ApplicationSchema.safeParse({ ...application(), agencyCode: "123456" }).success).toBe(false);
    expect(application({ agencyCode: "1234567" }).agencyCode).toBe("1234567");
    expect(application().agencyCode).toBeUndefined();
  });

  it("refuses bad slugs and login ids, and folds e-mail and login id to lower case", () => {
    for (const slug of ["a", "-abc", "abc-", "ABC", "한글", "a".repeat(41)]) {
      expect(ApplicationSchema.safeParse({ ...application(), slug }).success, slug).toBe(false);
    }
    const parsed = application();
    expect(parsed.adminLoginId).toBe("admin");
    expect(parsed.contactEmail).toBe("contact@example.go.kr");
  });
});

describe("submitApplication", () => {
  it("creates a pending tenant and a pending application", async () => {
    const result = await submitted({ agencyCode: agencyCode() });
    const [row] = await withControlPlane(db, (tx) =>
      tx
        .select({ tenant: tenants, application: tenantApplications })
        .from(tenantApplications)
        .innerJoin(tenants, eq(tenants.id, tenantApplications.tenantId))
        .where(eq(tenantApplications.id, result.applicationId)),
    );
    expect(row!.tenant).toMatchObject({
      id: result.tenantId,
      status: "pending",
      name: "행정혁신처",
      kind: "agency",
    });
    expect(row!.application).toMatchObject({ status: "pending", adminLoginId: "admin", decidedAt: null });
  });

  it("refuses a slug or 기관코드 in use, writing nothing", async () => {
    const existing = await buildTenant(db, { agencyCode: agencyCode() });
    const bySlug = await submitApplication(db, application({ slug: existing.slug }));
    expect(bySlug).toEqual({ ok: false, taken: ["slug"] });

    const fresh = application();
    const byCode = await submitApplication(db, { ...fresh, agencyCode: existing.agencyCode! });
    expect(byCode).toEqual({ ok: false, taken: ["agencyCode"] });
    expect(await countTenantRows(fresh.slug)).toBe(0);
  });

  it("lets only one of two racing applications for the same slug through", async () => {
    const input = application();
    const results = await Promise.all([submitApplication(db, input), submitApplication(db, input)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, taken: ["slug"] });
    expect(await countTenantRows(input.slug)).toBe(1);
  });
});

describe("approveApplication", () => {
  it("opens the agency with its default structure, first administrator, set-up link and audit entries", async () => {
    const { applicationId, tenantId } = await submitted();
    const mailer = new DevMailer(() => {});
    const approved = await approve(applicationId, mailer);

    expect(approved.setupPath).toMatch(/^\/t\/apply-[0-9a-f]{8}\/set-password\/[a-z2-7]{32}\.[a-z2-7]{32}$/);
    expect(approved.mailDelivered).toBe(false);
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.to).toBe("admin@example.go.kr");
    expect(mailer.sent[0]!.text).toContain(`http://nuri.test${approved.setupPath}`);

    const [tenant] = await withControlPlane(db, (tx) =>
      tx.select().from(tenants).where(eq(tenants.id, tenantId)),
    );
    expect(tenant!.status).toBe("active");
    const [decided] = await withControlPlane(db, (tx) =>
      tx.select().from(tenantApplications).where(eq(tenantApplications.id, applicationId)),
    );
    expect(decided).toMatchObject({ status: "approved", decidedBy: operator.id });
    expect(decided!.decidedAt).toBeInstanceOf(Date);

    await withTenant(db, tenantId, async (tx) => {
      const units = await tx.select().from(departments).where(eq(departments.tenantId, tenantId));
      const root = units.find((d) => d.parentId === null);
      expect(root?.name).toBe("행정혁신처");
      expect(units.find((d) => d.name === "운영지원과")?.parentId).toBe(root?.id);
      const posts = await tx.select().from(positions).where(eq(positions.tenantId, tenantId));
      expect(posts.map((p) => p.name)).toEqual(expect.arrayContaining(["기관장", "과장", "팀장"]));
      const grades = await tx.select().from(ranks).where(eq(ranks.tenantId, tenantId));
      expect(grades.map((r) => r.name)).toEqual(expect.arrayContaining(["서기관", "사무관", "주무관"]));

      const [admin] = await tx.select().from(users).where(eq(users.tenantId, tenantId));
      expect(admin).toMatchObject({
        loginId: "admin",
        role: "admin",
        departmentId: root?.id,
        passwordHash: null,
      });
      const token = approved.setupPath.split("/").at(-1)!;
      expect(await findOneTimeLink(tx, tenantId, token)).toMatchObject({
        userId: admin!.id,
        purpose: "setup",
      });

      const entries = await tx
        .select()
        .from(auditLog)
        .where(eq(auditLog.tenantId, tenantId))
        .orderBy(asc(auditLog.seq));
      expect(entries.map((e) => [e.action, e.actorKind, e.actorId, e.actorLabel])).toEqual([
        ["onboarding.approved", "operator", operator.id, "시험 운영자"],
        ["org.user.create", "operator", operator.id, "시험 운영자"],
      ]);
      expect(await verifyAuditChain(tx, tenantId)).toEqual({ ok: true, entries: 2 });
    });
  });

  it("gives a school 교무실, 행정실 and a school's 직위", async () => {
    const { applicationId, tenantId } = await submitted({ kind: "school", name: "누리중학교" });
    await approve(applicationId);
    await withTenant(db, tenantId, async (tx) => {
      const units = await tx.select().from(departments).where(eq(departments.tenantId, tenantId));
      expect(units.map((d) => d.name).sort()).toEqual(["교무실", "행정실"]);
      const posts = await tx.select().from(positions).where(eq(positions.tenantId, tenantId));
      expect(posts.map((p) => p.name)).toEqual(
        expect.arrayContaining(["교장", "교감", "담임교사", "행정실장"]),
      );
    });
  });

  it("lets exactly one of two concurrent approvals win; the other hears 'already decided'", async () => {
    const { applicationId, tenantId } = await submitted();
    const outcomes = await Promise.allSettled([approve(applicationId), approve(applicationId)]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AppError);
    expect((refused.reason as AppError).messageKey).toBe("onboarding.error.alreadyDecided");
    await withTenant(db, tenantId, async (tx) => {
      expect(await tx.select().from(users).where(eq(users.tenantId, tenantId))).toHaveLength(1);
      expect(await tx.select().from(oneTimeLinks).where(eq(oneTimeLinks.tenantId, tenantId))).toHaveLength(1);
      expect(await verifyAuditChain(tx, tenantId)).toEqual({ ok: true, entries: 2 });
    });
  });

  it("refuses to approve a rejected application", async () => {
    const { applicationId } = await submitted();
    await rejectApplication(db, { applicationId, operator, reason: "중복 신청", ip: null });
    await expect(approve(applicationId)).rejects.toMatchObject({ code: "application_already_decided" });
  });

  it("answers not found for an unknown application", async () => {
    await expect(approve("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "application_not_found",
    });
    await expect(approve("not-a-uuid")).rejects.toMatchObject({ code: "application_not_found" });
  });

  it("writes nothing into another tenant", async () => {
    const other = await buildTenant(db);
    const { applicationId } = await submitted();
    await approve(applicationId);
    await withTenant(db, other.id, async (tx) => {
      expect(await tx.select().from(users).where(eq(users.tenantId, other.id))).toHaveLength(0);
      expect(await tx.select().from(auditLog).where(eq(auditLog.tenantId, other.id))).toHaveLength(0);
    });
  });
});

describe("rejectApplication", () => {
  it("rejects with the reason, closes the tenant and records it in the tenant's log", async () => {
    const { applicationId, tenantId } = await submitted();
    await rejectApplication(db, { applicationId, operator, reason: "기관 확인 불가", ip: "10.0.0.1" });
    const [row] = await withControlPlane(db, (tx) =>
      tx
        .select({ tenant: tenants, application: tenantApplications })
        .from(tenantApplications)
        .innerJoin(tenants, eq(tenants.id, tenantApplications.tenantId))
        .where(eq(tenantApplications.id, applicationId)),
    );
    expect(row!.tenant.status).toBe("rejected");
    expect(row!.application).toMatchObject({
      status: "rejected",
      decisionReason: "기관 확인 불가",
      decidedBy: operator.id,
    });
    await withTenant(db, tenantId, async (tx) => {
      const entries = await tx.select().from(auditLog).where(eq(auditLog.tenantId, tenantId));
      expect(entries.map((e) => [e.action, e.actorKind, e.details])).toEqual([
        ["onboarding.rejected", "operator", { applicationId, reason: "기관 확인 불가" }],
      ]);
      expect(await verifyAuditChain(tx, tenantId)).toEqual({ ok: true, entries: 1 });
    });
    const listed = await listApplications(db, { status: "rejected" });
    expect(listed.find((a) => a.id === applicationId)?.decisionReason).toBe("기관 확인 불가");
  });
});

describe("listApplications", () => {
  it("lists pending applications before decided ones and filters by status", async () => {
    const decided = await submitted();
    await rejectApplication(db, { applicationId: decided.applicationId, operator, reason: "사유", ip: null });
    const pending = await submitted();
    const all = await listApplications(db);
    const firstDecided = all.findIndex((a) => a.status !== "pending");
    const lastPending = all.map((a) => a.status).lastIndexOf("pending");
    expect(lastPending).toBeLessThan(firstDecided);
    expect(all.some((a) => a.id === pending.applicationId)).toBe(true);
    const onlyPending = await listApplications(db, { status: "pending" });
    expect(onlyPending.every((a) => a.status === "pending")).toBe(true);
    expect(onlyPending.some((a) => a.id === decided.applicationId)).toBe(false);
  });
});
