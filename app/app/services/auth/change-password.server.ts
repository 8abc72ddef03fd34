import { hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from "@nuri/auth";
import { and, type Db, eq, recordAudit, type Tenant, users, withTenant } from "@nuri/db";
import { checkNewPassword, type FieldError } from "./password-rules.server.ts";
import { createSession, revokeUserSessions } from "./sessions.server.ts";

export type ChangePasswordResult =
  | { ok: true; token: string }
  | { ok: false; errors: Partial<Record<"current" | "password" | "confirm", FieldError>> };

/**
 * Changes a signed-in person's own password: the current one must be right and the new one
 * must follow the tenant's policy. Every session of the person ends, and a fresh one opens for
 * the browser that made the change (its token is returned for the cookie).
 */
export async function changePassword(
  db: Db,
  input: {
    tenant: Tenant;
    userId: string;
    current: string;
    password: string;
    confirm: string;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<ChangePasswordResult> {
  const { tenant } = input;
  const [user] = await withTenant(db, tenant.id, (tx) =>
    tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, input.userId), eq(users.status, "active"))),
  );
  if (!user?.passwordHash) return { ok: false, errors: { current: { key: "auth.password.currentWrong" } } };
  if (!input.current || input.current.length > MAX_PASSWORD_LENGTH) {
    return { ok: false, errors: { current: { key: "auth.password.currentWrong" } } };
  }
  if (!(await verifyPassword(user.passwordHash, input.current))) {
    return { ok: false, errors: { current: { key: "auth.password.currentWrong" } } };
  }
  const problems = checkNewPassword(tenant, user.loginId, input.password, input.confirm);
  if (problems.password || problems.confirm) return { ok: false, errors: problems };
  if (input.password === input.current) {
    return { ok: false, errors: { password: { key: "auth.password.sameAsCurrent" } } };
  }
  const passwordHash = await hashPassword(input.password);

  const token = await withTenant(db, tenant.id, async (tx) => {
    const now = new Date();
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, failedSignIns: 0, lockedUntil: null, updatedAt: now })
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
    const revoked = await revokeUserSessions(tx, tenant.id, user.id);
    await recordAudit(tx, tenant.id, {
      actor: { kind: "user", id: user.id, label: user.displayName },
      action: "auth.password_changed",
      target: { type: "user", id: user.id },
      ip: input.ip,
      details: { sessionsEnded: revoked },
    });
    return createSession(tx, {
      tenantId: tenant.id,
      userId: user.id,
      ip: input.ip,
      userAgent: input.userAgent,
    });
  });
  return { ok: true, token };
}
