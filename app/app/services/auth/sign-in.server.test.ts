import { hashPassword } from "@nuri/auth";
import { and, auditLog, eq, users, withTenant } from "@nuri/db";
import { buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { validateSession } from "./sessions.server.ts";
import { findSignInTenant, signIn } from "./sign-in.server.ts";
import { SignInThrottle } from "./sign-in-throttle.server.ts";

const { app } = connectTestDatabase();
const PASSWORD = "correct-horse-42";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

async function actions(tenantId: string) {
  const rows = await withTenant(app.db, tenantId, (tx) =>
    tx
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.tenantId, tenantId))
      .orderBy(auditLog.seq),
  );
  return rows.map((row) => row.action);
}

const attempt = (
  tenant: Awaited<ReturnType<typeof buildTenant>>,
  loginId: string,
  password: string,
  now?: Date,
) => signIn(app.db, { tenant, loginId, password, ip: "203.0.113.7", userAgent: "vitest", now });

describe("findSignInTenant", () => {
  it("finds an active tenant by slug or by agency code, and nothing pending or unknown", async () => {
    const code = String(Math.floor(1_000_000 + Math.random() * 8_999_999));
    const tenant = await buildTenant(app.db, { agencyCode: code });
    const pending = await buildTenant(app.db, { status: "pending" });
    expect((await findSignInTenant(app.db, tenant.slug))?.id).toBe(tenant.id);
    expect((await findSignInTenant(app.db, ` ${tenant.slug.toUpperCase()} `))?.id).toBe(tenant.id);
    expect((await findSignInTenant(app.db, code))?.id).toBe(tenant.id);
    expect(await findSignInTenant(app.db, pending.slug)).toBeNull();
    expect(await findSignInTenant(app.db, "no-such-agency")).toBeNull();
    expect(await findSignInTenant(app.db, "'; drop table tenants; --")).toBeNull();
  });
});

describe("signIn", () => {
  it("opens a session for the right password and audits it", async () => {
    const tenant = await buildTenant(app.db);
    const user = await buildUser(app.db, tenant.id, { passwordHash });
    const result = await attempt(tenant, user.loginId.toUpperCase(), PASSWORD);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect((await validateSession(app.db, tenant, result.token))?.user.id).toBe(user.id);
    expect(await actions(tenant.id)).toEqual(["auth.sign_in"]);
  });

  it("refuses a wrong password, an unknown person and a disabled person alike", async () => {
    const tenant = await buildTenant(app.db);
    const user = await buildUser(app.db, tenant.id, { passwordHash });
    const disabled = await buildUser(app.db, tenant.id, { passwordHash, status: "disabled" });
    const noPassword = await buildUser(app.db, tenant.id);
    expect(await attempt(tenant, user.loginId, "wrong-password-1")).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(tenant, "nobody-here", PASSWORD)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(tenant, disabled.loginId, PASSWORD)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt(tenant, noPassword.loginId, PASSWORD)).toEqual({ ok: false, reason: "invalid" });
    expect(await actions(tenant.id)).toEqual([
      "auth.sign_in_failed",
      "auth.sign_in_failed",
      "auth.sign_in_failed",
      "auth.sign_in_failed",
    ]);
  });

  it("does not sign in a person of another agency", async () => {
    const tenant = await buildTenant(app.db);
    const other = await buildTenant(app.db);
    const stranger = await buildUser(app.db, other.id, { passwordHash });
    expect(await attempt(tenant, stranger.loginId, PASSWORD)).toEqual({ ok: false, reason: "invalid" });
    const [row] = await withTenant(app.db, other.id, (tx) =>
      tx
        .select()
        .from(users)
        .where(and(eq(users.tenantId, other.id), eq(users.id, stranger.id))),
    );
    expect(row?.failedSignIns).toBe(0);
  });

  it("locks after the tenant's threshold, refuses even the right password, and opens again later", async () => {
    const tenant = await buildTenant(app.db, { lockoutThreshold: 3, lockoutMinutes: 10 });
    const user = await buildUser(app.db, tenant.id, { passwordHash });
    const start = new Date();
    expect(await attempt(tenant, user.loginId, "nope-nope-1", start)).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await attempt(tenant, user.loginId, "nope-nope-2", start)).toEqual({
      ok: false,
      reason: "invalid",
    });
    const third = await attempt(tenant, user.loginId, "nope-nope-3", start);
    expect(third).toEqual({
      ok: false,
      reason: "locked",
      lockedUntil: new Date(start.getTime() + 10 * 60_000),
    });
    const whileLocked = await attempt(tenant, user.loginId, PASSWORD, new Date(start.getTime() + 5 * 60_000));
    expect(whileLocked.ok ? "signed in" : whileLocked.reason).toBe("locked");
    const after = await attempt(tenant, user.loginId, PASSWORD, new Date(start.getTime() + 11 * 60_000));
    expect(after.ok).toBe(true);
    expect(await actions(tenant.id)).toEqual([
      "auth.sign_in_failed",
      "auth.sign_in_failed",
      "auth.sign_in_failed",
      "auth.locked",
      "auth.sign_in_failed",
      "auth.sign_in",
    ]);
  });

  it("answers an unknown or disabled login exactly like a real one, lock included", async () => {
    const tenant = await buildTenant(app.db, { lockoutThreshold: 3, lockoutMinutes: 10 });
    const real = await buildUser(app.db, tenant.id, { passwordHash });
    const disabled = await buildUser(app.db, tenant.id, { passwordHash, status: "disabled" });
    const start = new Date("2026-11-24T01:00:00Z");
    const answers = async (loginId: string) => {
      const seen = [];
      for (let i = 0; i < 4; i++) {
        const result = await signIn(app.db, {
          tenant,
          loginId,
          password: `wrong-${i}`,
          ip: null,
          userAgent: null,
          now: start,
        });
        seen.push(result);
      }
      return seen;
    };
    const expected = await answers(real.loginId);
    expect(expected.map((r) => (r.ok ? "ok" : r.reason))).toEqual(["invalid", "invalid", "locked", "locked"]);
    expect(await answers("nobody.here")).toEqual(expected);
    expect(await answers(disabled.loginId)).toEqual(expected);
  });

  it("starts the failure count again after a successful sign-in", async () => {
    const tenant = await buildTenant(app.db, { lockoutThreshold: 3 });
    const user = await buildUser(app.db, tenant.id, { passwordHash });
    await attempt(tenant, user.loginId, "nope-nope-1");
    await attempt(tenant, user.loginId, "nope-nope-2");
    expect((await attempt(tenant, user.loginId, PASSWORD)).ok).toBe(true);
    expect(await attempt(tenant, user.loginId, "nope-nope-3")).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("SignInThrottle", () => {
  it("blocks an address after the limit of failures, then lets it in again", () => {
    const throttle = new SignInThrottle({ limit: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    expect(throttle.fail("a", t0)).toBe(0);
    expect(throttle.fail("a", t0 + 1)).toBe(0);
    expect(throttle.fail("a", t0 + 2)).toBe(0);
    expect(throttle.retryAfter("a", t0 + 3)).toBe(0);
    expect(throttle.fail("a", t0 + 3)).toBe(59_997);
    expect(throttle.retryAfter("a", t0 + 4)).toBe(59_996);
    expect(throttle.retryAfter("b", t0 + 4)).toBe(0);
    expect(throttle.retryAfter("a", t0 + 60_000)).toBe(0);
  });
});
