import {
  dummyPasswordHash,
  isLocked,
  type LockoutPolicy,
  type LockoutState,
  registerFailure,
  registerSuccess,
  verifyPassword,
} from "@nuri/auth";
import {
  and,
  type Db,
  eq,
  or,
  recordAudit,
  sql,
  type Tenant,
  tenants,
  type User,
  users,
  withControlPlane,
  withTenant,
} from "@nuri/db";
import { createSession } from "./sessions.server.ts";

const LOGIN_ID = /^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const AGENCY_CODE = /^[0-9]{7}$/;

export type SignInResult =
  | { ok: true; token: string; user: User }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; lockedUntil: Date };

/**
 * The active tenant a person names on the public sign-in page: its slug or its 7-digit agency
 * code. Pending, suspended and unknown agencies alike answer null.
 */
export async function findSignInTenant(db: Db, identifier: string): Promise<Tenant | null> {
  const value = identifier.trim().toLowerCase();
  const byCode = AGENCY_CODE.test(value);
  if (!byCode && !SLUG.test(value)) return null;
  const [tenant] = await withControlPlane(db, (tx) =>
    tx
      .select()
      .from(tenants)
      .where(
        and(
          eq(tenants.status, "active"),
          byCode ? or(eq(tenants.agencyCode, value), eq(tenants.slug, value)) : eq(tenants.slug, value),
        ),
      )
      // seven digits are a 기관코드 first; slugs of seven digits are refused at application
      .orderBy(sql`${tenants.agencyCode} = ${value} desc nulls last`)
      .limit(1),
  );
  return tenant ?? null;
}

/**
 * Lockout state for sign-in names that have no usable account (unknown, disabled, no password
 * yet), kept in memory, so that they lock after the same number of tries as a real account.
 * Bounded: past MAX entries the oldest are forgotten.
 */
class PhantomLockouts {
  static readonly MAX = 10_000;
  readonly #states = new Map<string, LockoutState>();

  fail(key: string, policy: LockoutPolicy, now: Date) {
    const next = registerFailure(
      this.#states.get(key) ?? { failedAttempts: 0, lockedUntil: null },
      policy,
      now,
    );
    this.#states.delete(key);
    this.#states.set(key, { failedAttempts: next.failedAttempts, lockedUntil: next.lockedUntil });
    if (this.#states.size > PhantomLockouts.MAX) this.#states.delete(this.#states.keys().next().value!);
    return next;
  }
}
const phantomLockouts = new PhantomLockouts();

/**
 * Burns the time of one password check, for a sign-in that fails before any account is looked
 * at (an unknown agency), so that it takes as long as a wrong password.
 */
export async function spendPasswordCheck(password: string): Promise<void> {
  await verifyPassword(await dummyPasswordHash(), password);
}

/**
 * Signs a person of `tenant` in, in one transaction: checks the lock and the password, counts
 * failures (locking after the tenant's threshold), audits the attempt, and on success opens a
 * session. Every failure but a lock reads the same to the caller; unknown people are checked
 * against a dummy hash so that timing does not tell them apart either.
 */
export async function signIn(
  db: Db,
  input: {
    tenant: Tenant;
    loginId: string;
    password: string;
    ip: string | null;
    userAgent: string | null;
    now?: Date;
  },
): Promise<SignInResult> {
  const { tenant, ip } = input;
  const now = input.now ?? new Date();
  const loginId = input.loginId.trim().toLowerCase();
  return withTenant(db, tenant.id, async (tx) => {
    const [user] = LOGIN_ID.test(loginId)
      ? await tx
          .select()
          .from(users)
          .where(and(eq(users.tenantId, tenant.id), eq(users.loginId, loginId)))
          .for("update")
      : [];

    const failed = async (reason: string, actor?: User) => {
      await recordAudit(tx, tenant.id, {
        actor: actor
          ? { kind: "user", id: actor.id, label: actor.displayName }
          : { kind: "anonymous", label: LOGIN_ID.test(loginId) ? loginId : "-" },
        action: "auth.sign_in_failed",
        target: actor ? { type: "user", id: actor.id } : null,
        ip,
        details: { reason },
      });
    };

    const policy = { threshold: tenant.lockoutThreshold, minutes: tenant.lockoutMinutes };
    if (!user?.passwordHash || user.status !== "active") {
      // Nobody can sign in here, but the answer must be the one a real account would give,
      // lock included: otherwise "locked" after N tries would tell that the account exists.
      await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
      await failed(!user ? "unknown_user" : user.status !== "active" ? "disabled" : "no_password", user);
      const phantom = phantomLockouts.fail(`${tenant.id}:${loginId}`, policy, now);
      return phantom.locked && phantom.lockedUntil
        ? { ok: false, reason: "locked", lockedUntil: phantom.lockedUntil }
        : { ok: false, reason: "invalid" };
    }

    const state = { failedAttempts: user.failedSignIns, lockedUntil: user.lockedUntil };
    if (isLocked(state, now)) {
      await verifyPassword(await dummyPasswordHash(), input.password); // same time as any attempt
      await failed("locked", user);
      return { ok: false, reason: "locked", lockedUntil: user.lockedUntil as Date };
    }

    if (!(await verifyPassword(user.passwordHash, input.password))) {
      const next = registerFailure(state, policy, now);
      await tx
        .update(users)
        .set({ failedSignIns: next.failedAttempts, lockedUntil: next.lockedUntil })
        .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
      await failed("wrong_password", user);
      if (next.locked && next.lockedUntil) {
        await recordAudit(tx, tenant.id, {
          actor: { kind: "system", label: "nuri" },
          action: "auth.locked",
          target: { type: "user", id: user.id },
          ip,
          details: { until: next.lockedUntil.toISOString(), failures: tenant.lockoutThreshold },
        });
        return { ok: false, reason: "locked", lockedUntil: next.lockedUntil };
      }
      return { ok: false, reason: "invalid" };
    }

    const reset = registerSuccess();
    await tx
      .update(users)
      .set({ failedSignIns: reset.failedAttempts, lockedUntil: reset.lockedUntil })
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
    const token = await createSession(tx, {
      tenantId: tenant.id,
      userId: user.id,
      ip,
      userAgent: input.userAgent,
    });
    await recordAudit(tx, tenant.id, {
      actor: { kind: "user", id: user.id, label: user.displayName },
      action: "auth.sign_in",
      target: { type: "user", id: user.id },
      ip,
    });
    return { ok: true, token, user };
  });
}
