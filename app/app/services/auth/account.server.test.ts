import { hashPassword, verifyPassword } from "@nuri/auth";
import { and, auditLog, eq, sessions, type Tenant, type User, users, withTenant } from "@nuri/db";
import { buildTenant, buildUser, holdTransaction, waitUntilBlockedBy } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { changePassword } from "./change-password.server.ts";
import { listOwnSessions } from "./list-sessions.server.ts";
import { createOneTimeLink, findOneTimeLink } from "./one-time-links.server.ts";
import { revokeOwnSession } from "./revoke-own-session.server.ts";
import { createSession, inspectSession, validateSession } from "./sessions.server.ts";
import { findPasswordLink, setPasswordWithLink } from "./set-password.server.ts";
import { signOut } from "./sign-out.server.ts";

const { app, superuser } = connectTestDatabase();
const PASSWORD = "correct-horse-42";
const NEW_PASSWORD = "battery-staple-77";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

async function openSession(tenant: Tenant, user: User, userAgent = "vitest") {
  const token = await withTenant(app.db, tenant.id, (tx) =>
    createSession(tx, { tenantId: tenant.id, userId: user.id, ip: "203.0.113.9", userAgent }),
  );
  const context = await validateSession(app.db, tenant, token);
  if (!context) throw new Error("a fresh session should be valid");
  return { token, session: context.session };
}

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

async function readUser(tenantId: string, id: string) {
  const [row] = await withTenant(app.db, tenantId, (tx) =>
    tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id))),
  );
  return row!;
}

async function setting() {
  const tenant = await buildTenant(app.db);
  const user = await buildUser(app.db, tenant.id, { passwordHash });
  return { tenant, user };
}

describe("inspectSession", () => {
  it("says a session expired when it sat idle too long, even after it was marked revoked", async () => {
    const tenant = await buildTenant(app.db, { sessionIdleMinutes: 5 });
    const user = await buildUser(app.db, tenant.id, { passwordHash });
    const { token } = await openSession(tenant, user);
    const later = new Date(Date.now() + 10 * 60_000);
    expect(await inspectSession(app.db, tenant, token, later)).toEqual({ ok: false, reason: "expired" });
    expect(await inspectSession(app.db, tenant, token, later)).toEqual({ ok: false, reason: "expired" });
  });

  it("does not know a session of another agency", async () => {
    const { tenant, user } = await setting();
    const other = await buildTenant(app.db);
    const { token } = await openSession(tenant, user);
    expect(await inspectSession(app.db, other, token)).toEqual({ ok: false, reason: "unknown" });
    expect(await validateSession(app.db, tenant, token)).not.toBeNull();
  });
});

describe("listOwnSessions and revokeOwnSession", () => {
  it("lists only the person's open sessions and marks the current one", async () => {
    const { tenant, user } = await setting();
    const colleague = await buildUser(app.db, tenant.id, { passwordHash });
    const first = await openSession(tenant, user, "first");
    const second = await openSession(tenant, user, "second");
    await openSession(tenant, colleague);
    const listed = await listOwnSessions(app.db, {
      tenant,
      userId: user.id,
      currentSessionId: second.session.id,
    });
    expect(listed.map((row) => [row.userAgent, row.current]).sort()).toEqual([
      ["first", false],
      ["second", true],
    ]);
    expect(await revokeOwnSession(app.db, { tenant, user, sessionId: first.session.id, ip: null })).toBe(
      true,
    );
    const after = await listOwnSessions(app.db, {
      tenant,
      userId: user.id,
      currentSessionId: second.session.id,
    });
    expect(after.map((row) => row.userAgent)).toEqual(["second"]);
    expect(await validateSession(app.db, tenant, first.token)).toBeNull();
    expect(await actions(tenant.id)).toEqual(["auth.session_revoked"]);
  });

  it("cannot revoke another person's session", async () => {
    const { tenant, user } = await setting();
    const colleague = await buildUser(app.db, tenant.id, { passwordHash });
    const theirs = await openSession(tenant, colleague);
    expect(await revokeOwnSession(app.db, { tenant, user, sessionId: theirs.session.id, ip: null })).toBe(
      false,
    );
    expect(await validateSession(app.db, tenant, theirs.token)).not.toBeNull();
    expect(await actions(tenant.id)).toEqual([]);
  });

  it("cannot see or revoke a session of another agency", async () => {
    const { tenant, user } = await setting();
    const other = await buildTenant(app.db);
    const stranger = await buildUser(app.db, other.id, { passwordHash });
    const theirs = await openSession(other, stranger);
    expect(await revokeOwnSession(app.db, { tenant, user, sessionId: theirs.session.id, ip: null })).toBe(
      false,
    );
    expect(
      await listOwnSessions(app.db, { tenant, userId: stranger.id, currentSessionId: theirs.session.id }),
    ).toEqual([]);
    expect(await validateSession(app.db, other, theirs.token)).not.toBeNull();
  });
});

describe("signOut", () => {
  it("ends this browser's session only", async () => {
    const { tenant, user } = await setting();
    const here = await openSession(tenant, user);
    const elsewhere = await openSession(tenant, user);
    await signOut(app.db, { tenant, user, sessionId: here.session.id, ip: null });
    expect(await validateSession(app.db, tenant, here.token)).toBeNull();
    expect(await validateSession(app.db, tenant, elsewhere.token)).not.toBeNull();
    expect(await actions(tenant.id)).toEqual(["auth.sign_out"]);
  });
});

describe("changePassword", () => {
  const change = (
    tenant: Tenant,
    user: User,
    fields: { current: string; password: string; confirm: string },
  ) => changePassword(app.db, { tenant, userId: user.id, ...fields, ip: null, userAgent: "vitest" });

  it("sets the new password, ends every session and opens a fresh one", async () => {
    const { tenant, user } = await setting();
    const a = await openSession(tenant, user);
    const b = await openSession(tenant, user);
    const result = await change(tenant, user, {
      current: PASSWORD,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await validateSession(app.db, tenant, a.token)).toBeNull();
    expect(await validateSession(app.db, tenant, b.token)).toBeNull();
    expect((await validateSession(app.db, tenant, result.token))?.user.id).toBe(user.id);
    const [row] = await withTenant(app.db, tenant.id, (tx) =>
      tx
        .select()
        .from(users)
        .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id))),
    );
    expect(await verifyPassword(row!.passwordHash!, NEW_PASSWORD)).toBe(true);
    expect(row!.passwordChangedAt).not.toBeNull();
    expect(await actions(tenant.id)).toEqual(["auth.password_changed"]);
  });

  it.each([
    [{ current: PASSWORD, password: "short1", confirm: "short1" }, "password", "auth.password.tooWeak"],
    [
      { current: PASSWORD, password: NEW_PASSWORD, confirm: "something-else-1" },
      "confirm",
      "auth.password.mismatch",
    ],
    [{ current: PASSWORD, password: PASSWORD, confirm: PASSWORD }, "password", "auth.password.sameAsCurrent"],
  ] as const)("refuses %o and changes nothing", async (fields, field, key) => {
    const { tenant, user } = await setting();
    const a = await openSession(tenant, user);
    const result = await change(tenant, user, fields);
    expect(result.ok ? null : result.errors[field]?.key).toBe(key);
    expect(await validateSession(app.db, tenant, a.token)).not.toBeNull();
    expect(await actions(tenant.id)).toEqual([]);
  });

  it("counts a wrong current password toward the lockout and audits it, sessions kept", async () => {
    const tenant = await buildTenant(app.db, { lockoutThreshold: 3 });
    const user = await buildUser(app.db, tenant.id, { passwordHash });
    const a = await openSession(tenant, user);
    for (const current of ["wrong-password-1", "x".repeat(200)]) {
      const result = await change(tenant, user, { current, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      expect(result).toMatchObject({ ok: false, reason: "invalid" });
      expect(result.ok ? null : result.errors.current?.key).toBe("auth.password.currentWrong");
    }
    expect(await readUser(tenant.id, user.id)).toMatchObject({
      failedSignIns: 2,
      lockedUntil: null,
      passwordHash,
    });
    expect(await validateSession(app.db, tenant, a.token)).not.toBeNull();
    expect(await actions(tenant.id)).toEqual(["auth.password_change_failed", "auth.password_change_failed"]);
  });

  it("locks the account and ends every session when the wrong current password reaches the threshold", async () => {
    const tenant = await buildTenant(app.db, { lockoutThreshold: 3, lockoutMinutes: 30 });
    const user = await buildUser(app.db, tenant.id, { passwordHash });
    const a = await openSession(tenant, user);
    const b = await openSession(tenant, user);
    const now = new Date("2026-11-24T09:00:00Z");
    const wrong = { current: "wrong-password-1", password: NEW_PASSWORD, confirm: NEW_PASSWORD };
    for (let i = 0; i < 2; i++) {
      await changePassword(app.db, { tenant, userId: user.id, ...wrong, ip: null, userAgent: null, now });
    }
    const result = await changePassword(app.db, {
      tenant,
      userId: user.id,
      ...wrong,
      ip: null,
      userAgent: null,
      now,
      locale: "en",
    });
    expect(result).toMatchObject({
      ok: false,
      reason: "locked",
      lockedUntil: new Date("2026-11-24T09:30:00Z"),
      errors: { current: { key: "auth.password.locked" } },
    });
    expect(await readUser(tenant.id, user.id)).toMatchObject({
      lockedUntil: new Date("2026-11-24T09:30:00Z"),
      passwordHash,
    });
    expect(await validateSession(app.db, tenant, a.token)).toBeNull();
    expect(await validateSession(app.db, tenant, b.token)).toBeNull();
    expect(await actions(tenant.id)).toEqual([
      "auth.password_change_failed",
      "auth.password_change_failed",
      "auth.password_change_failed",
      "auth.locked",
    ]);
  });

  it("ends the person's unused set-up and reset links", async () => {
    const { tenant, user } = await setting();
    const { token } = await withTenant(app.db, tenant.id, (tx) =>
      createOneTimeLink(tx, { tenantId: tenant.id, userId: user.id, purpose: "reset" }),
    );
    const result = await change(tenant, user, {
      current: PASSWORD,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(result.ok).toBe(true);
    expect(await withTenant(app.db, tenant.id, (tx) => findOneTimeLink(tx, tenant.id, token))).toBeNull();
  });

  it("refuses when the calling session has ended meanwhile", async () => {
    const { tenant, user } = await setting();
    const here = await openSession(tenant, user);
    await withTenant(app.db, tenant.id, (tx) =>
      tx.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, here.session.id)),
    );
    const result = await changePassword(app.db, {
      tenant,
      userId: user.id,
      sessionId: here.session.id,
      current: PASSWORD,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
      ip: null,
      userAgent: null,
    });
    expect(result).toMatchObject({ ok: false, reason: "refused" });
    expect((await readUser(tenant.id, user.id)).passwordHash).toBe(passwordHash);
    expect(await actions(tenant.id)).toEqual([]);
  });

  it.each([
    ["the password was changed", { passwordHash: "changed-elsewhere" }],
    ["the person was disabled", { status: "disabled" as const }],
  ])("refuses when, between the check and the write, %s", async (_what, change_) => {
    const { tenant, user } = await setting();
    // Another request locks the row and changes it; the password check reads the old row.
    const other = holdTransaction(app.db, tenant.id, (tx) =>
      tx
        .select()
        .from(users)
        .where(eq(users.id, user.id))
        .for("update")
        .then(() => tx.update(users).set(change_).where(eq(users.id, user.id))),
    );
    const pid = await other.pid;
    const pending = change(tenant, user, {
      current: PASSWORD,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    await waitUntilBlockedBy(superuser.sql, pid);
    other.release();
    await other.done;
    const result = await pending;
    expect(result).toMatchObject({ ok: false, reason: "refused" });
    expect(await readUser(tenant.id, user.id)).toMatchObject(change_);
    const open = await withTenant(app.db, tenant.id, (tx) =>
      tx.select().from(sessions).where(eq(sessions.userId, user.id)),
    );
    expect(open).toEqual([]);
    expect(await actions(tenant.id)).toEqual([]);
  });

  it("refuses a password containing the login id", async () => {
    const tenant = await buildTenant(app.db);
    const user = await buildUser(app.db, tenant.id, { passwordHash, loginId: "kimjs" });
    const result = await change(tenant, user, {
      current: PASSWORD,
      password: "kimjs-2026-x!",
      confirm: "kimjs-2026-x!",
    });
    expect(result.ok ? null : result.errors.password?.key).toBe("auth.password.containsLoginId");
  });

  it("does not change a person of another agency", async () => {
    const { tenant } = await setting();
    const other = await buildTenant(app.db);
    const stranger = await buildUser(app.db, other.id, { passwordHash });
    const result = await change(tenant, stranger, {
      current: PASSWORD,
      password: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(result.ok).toBe(false);
    expect(await actions(other.id)).toEqual([]);
  });
});

describe("set-password links", () => {
  async function link(tenant: Tenant, user: User, now?: Date) {
    return withTenant(app.db, tenant.id, (tx) =>
      createOneTimeLink(tx, { tenantId: tenant.id, userId: user.id, purpose: "setup", now }),
    );
  }
  const use = (tenant: Tenant, token: string, password = NEW_PASSWORD, confirm = password) =>
    setPasswordWithLink(app.db, { tenant, token, password, confirm, ip: null, userAgent: "vitest" });

  it("sets the password, ends old sessions, signs the person in, and works once", async () => {
    const tenant = await buildTenant(app.db);
    const user = await buildUser(app.db, tenant.id, { displayName: "김새내" });
    const old = await withTenant(app.db, tenant.id, (tx) =>
      createSession(tx, { tenantId: tenant.id, userId: user.id, ip: null, userAgent: null }),
    );
    const { token } = await link(tenant, user);
    expect(await findPasswordLink(app.db, tenant, token)).toEqual({
      displayName: "김새내",
      loginId: user.loginId,
    });
    const result = await use(tenant, token);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect((await validateSession(app.db, tenant, result.token))?.user.id).toBe(user.id);
    expect(await validateSession(app.db, tenant, old)).toBeNull();
    expect(await findPasswordLink(app.db, tenant, token)).toBeNull();
    expect(await use(tenant, token)).toEqual({ ok: false, reason: "invalid-link" });
    expect(await actions(tenant.id)).toEqual(["auth.password_set"]);
  });

  it("keeps the link when the password breaks the policy", async () => {
    const tenant = await buildTenant(app.db);
    const user = await buildUser(app.db, tenant.id);
    const { token } = await link(tenant, user);
    const result = await use(tenant, token, "short");
    expect(result.ok ? null : result.reason).toBe("invalid-input");
    expect(await findPasswordLink(app.db, tenant, token)).not.toBeNull();
  });

  it("refuses an expired link", async () => {
    const tenant = await buildTenant(app.db);
    const user = await buildUser(app.db, tenant.id);
    const { token } = await link(tenant, user, new Date(Date.now() - 80 * 3_600_000));
    expect(await findPasswordLink(app.db, tenant, token)).toBeNull();
    expect(await use(tenant, token)).toEqual({ ok: false, reason: "invalid-link" });
  });

  it("refuses a link of another agency and changes nothing there", async () => {
    const tenant = await buildTenant(app.db);
    const other = await buildTenant(app.db);
    const stranger = await buildUser(app.db, other.id, { passwordHash });
    const { token } = await link(other, stranger);
    expect(await findPasswordLink(app.db, tenant, token)).toBeNull();
    expect(await use(tenant, token)).toEqual({ ok: false, reason: "invalid-link" });
    expect(await findPasswordLink(app.db, other, token)).not.toBeNull();
    const open = await withTenant(app.db, other.id, (tx) =>
      tx.select().from(sessions).where(eq(sessions.tenantId, other.id)),
    );
    expect(open).toEqual([]);
  });

  it("refuses a malformed token", async () => {
    const tenant = await buildTenant(app.db);
    expect(await findPasswordLink(app.db, tenant, "not-a-token")).toBeNull();
  });
});
