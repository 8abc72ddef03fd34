import { hashPassword, isLocked, MAX_PASSWORD_LENGTH, registerFailure, verifyPassword } from "@nuri/auth";
import {
  and,
  type Db,
  eq,
  isNull,
  recordAudit,
  sessions,
  type Tenant,
  type TenantTx,
  type User,
  users,
  withTenant,
} from "@nuri/db";
import { DEFAULT_LOCALE, formatDateTime, type Locale } from "@nuri/i18n";
import { cancelOneTimeLinks } from "./one-time-links.server.ts";
import { checkNewPassword, type FieldError } from "./password-rules.server.ts";
import { createSession, revokeUserSessions } from "./sessions.server.ts";

type ChangePasswordErrors = Partial<Record<"current" | "password" | "confirm", FieldError>>;

export type ChangePasswordResult =
  | { ok: true; token: string }
  /** A field is wrong: the form shows the errors; nothing changed. */
  | { ok: false; reason: "invalid"; errors: ChangePasswordErrors }
  /**
   * The current password was wrong once too often: the account is locked, like after failed
   * sign-ins, and every session of the person (this one too) has ended.
   */
  | { ok: false; reason: "locked"; lockedUntil: Date; errors: ChangePasswordErrors }
  /**
   * Between the check and the write the person was disabled, their password changed, or this
   * session ended: nothing changed, and the person should sign in again.
   */
  | { ok: false; reason: "refused"; errors: ChangePasswordErrors };

const invalid = (errors: ChangePasswordErrors): ChangePasswordResult => ({
  ok: false,
  reason: "invalid",
  errors,
});
const currentWrong = () => invalid({ current: { key: "auth.password.currentWrong" } });
const refused = (): ChangePasswordResult => ({
  ok: false,
  reason: "refused",
  errors: { current: { key: "auth.password.changeRefused" } },
});

/** The person's row, locked for the rest of the transaction. */
async function lockUser(tx: TenantTx, tenantId: string, userId: string): Promise<User | undefined> {
  const [row] = await tx
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)))
    .for("update");
  return row;
}

/**
 * Changes a signed-in person's own password: the current one must be right and the new one
 * must follow the tenant's policy. Every session of the person ends, every unused set-up or
 * reset link of theirs stops working, and a fresh session opens for the browser that made the
 * change (its token is returned for the cookie). A wrong current password counts toward the
 * tenant's lockout like a failed sign-in: whoever holds a stolen session cannot guess at it
 * without limit.
 */
export async function changePassword(
  db: Db,
  input: {
    tenant: Tenant;
    userId: string;
    /** The session making the change: refused if it has ended meanwhile. */
    sessionId?: string;
    current: string;
    password: string;
    confirm: string;
    ip: string | null;
    userAgent: string | null;
    /** For the lock's end time in the message. */
    locale?: Locale;
    now?: Date;
  },
): Promise<ChangePasswordResult> {
  const { tenant } = input;
  const [user] = await withTenant(db, tenant.id, (tx) =>
    tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, input.userId), eq(users.status, "active"))),
  );
  if (!user?.passwordHash || !input.current) return currentWrong();
  const verifiedHash = user.passwordHash;
  // A password longer than any allowed one is wrong without spending argon2 on it.
  const right =
    input.current.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(verifiedHash, input.current));
  if (!right) return registerWrongCurrent(db, { ...input, user });

  const problems = checkNewPassword(tenant, user.loginId, input.password, input.confirm);
  if (problems.password || problems.confirm) return invalid(problems);
  if (input.password === input.current) {
    return invalid({ password: { key: "auth.password.sameAsCurrent" } });
  }
  const passwordHash = await hashPassword(input.password);

  return withTenant(db, tenant.id, async (tx): Promise<ChangePasswordResult> => {
    const now = input.now ?? new Date();
    // The checks above ran outside this transaction: make sure nothing changed since.
    const locked = await lockUser(tx, tenant.id, user.id);
    if (locked?.status !== "active" || locked.passwordHash !== verifiedHash) return refused();
    if (input.sessionId) {
      const [session] = await tx
        .select({ id: sessions.id })
        .from(sessions)
        .where(
          and(
            eq(sessions.tenantId, tenant.id),
            eq(sessions.id, input.sessionId),
            eq(sessions.userId, user.id),
            isNull(sessions.revokedAt),
          ),
        );
      if (!session) return refused();
    }
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, failedSignIns: 0, lockedUntil: null, updatedAt: now })
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
    const revoked = await revokeUserSessions(tx, tenant.id, user.id);
    const linksCancelled = await cancelOneTimeLinks(tx, tenant.id, user.id, now);
    await recordAudit(tx, tenant.id, {
      actor: { kind: "user", id: user.id, label: user.displayName },
      action: "auth.password_changed",
      target: { type: "user", id: user.id },
      ip: input.ip,
      details: { sessionsEnded: revoked, linksCancelled },
    });
    const token = await createSession(tx, {
      tenantId: tenant.id,
      userId: user.id,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    return { ok: true, token };
  });
}

/**
 * Counts a wrong current password against the tenant's lockout, in one transaction with its
 * audit entry; when that locks the account, every session of the person ends there too.
 */
async function registerWrongCurrent(
  db: Db,
  input: { tenant: Tenant; user: User; ip: string | null; locale?: Locale; now?: Date },
): Promise<ChangePasswordResult> {
  const { tenant, user } = input;
  const now = input.now ?? new Date();
  return withTenant(db, tenant.id, async (tx): Promise<ChangePasswordResult> => {
    const row = await lockUser(tx, tenant.id, user.id);
    if (!row) return currentWrong();
    const state = { failedAttempts: row.failedSignIns, lockedUntil: row.lockedUntil };
    const wasLocked = isLocked(state, now);
    const next = registerFailure(
      state,
      { threshold: tenant.lockoutThreshold, minutes: tenant.lockoutMinutes },
      now,
    );
    await tx
      .update(users)
      .set({ failedSignIns: next.failedAttempts, lockedUntil: next.lockedUntil })
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
    await recordAudit(tx, tenant.id, {
      actor: { kind: "user", id: user.id, label: user.displayName },
      action: "auth.password_change_failed",
      target: { type: "user", id: user.id },
      ip: input.ip,
      details: { reason: "wrong_password" },
    });
    if (!next.locked || !next.lockedUntil) return currentWrong();
    const revoked = await revokeUserSessions(tx, tenant.id, user.id);
    if (!wasLocked) {
      await recordAudit(tx, tenant.id, {
        actor: { kind: "system", label: "nuri" },
        action: "auth.locked",
        target: { type: "user", id: user.id },
        ip: input.ip,
        details: {
          until: next.lockedUntil.toISOString(),
          failures: tenant.lockoutThreshold,
          sessionsEnded: revoked,
        },
      });
    }
    return {
      ok: false,
      reason: "locked",
      lockedUntil: next.lockedUntil,
      errors: {
        current: {
          key: "auth.password.locked",
          params: { until: formatDateTime(next.lockedUntil, input.locale ?? DEFAULT_LOCALE) },
        },
      },
    };
  });
}
