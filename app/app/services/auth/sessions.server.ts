import { checkSession, generateSessionToken, parseSessionToken, verifySecret } from "@nuri/auth";
import {
  and,
  type Db,
  eq,
  isNull,
  type Session,
  sessions,
  type Tenant,
  type TenantTx,
  type User,
  users,
  withTenant,
} from "@nuri/db";

export interface SessionContext {
  session: Session;
  user: User;
}

/** Opens a session for a person who has just proven who they are; returns the cookie's token. */
export async function createSession(
  tx: TenantTx,
  input: { tenantId: string; userId: string; ip: string | null; userAgent: string | null },
): Promise<string> {
  const { token, id, secretHash } = generateSessionToken();
  await tx.insert(sessions).values({
    tenantId: input.tenantId,
    id,
    userId: input.userId,
    secretHash,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 512) ?? null,
  });
  return token;
}

/** Why a cookie's session does not sign anyone in: `expired` only when it timed out here. */
export type SessionRefusal = "malformed" | "unknown" | "expired" | "revoked" | "inactive";

/**
 * Like validateSession, but says why a token does not sign anyone in, so that the sign-in page
 * can tell a person their session timed out. A session that timed out and was already marked
 * revoked by an earlier request still reads as `expired`: requests run in parallel.
 */
export async function inspectSession(
  db: Db,
  tenant: Tenant,
  token: string,
  now = new Date(),
): Promise<{ ok: true; context: SessionContext } | { ok: false; reason: SessionRefusal }> {
  const parsed = parseSessionToken(token);
  if (!parsed) return { ok: false, reason: "malformed" };
  return withTenant(db, tenant.id, async (tx) => {
    const [row] = await tx
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.id, sessions.userId)))
      .where(and(eq(sessions.tenantId, tenant.id), eq(sessions.id, parsed.id)));
    if (!row || !verifySecret(parsed.secret, row.session.secretHash)) return { ok: false, reason: "unknown" };
    const policy = { idleMinutes: tenant.sessionIdleMinutes, absoluteMinutes: tenant.sessionAbsoluteMinutes };
    const check = checkSession(row.session, policy, now);
    if (!check.valid || row.user.status !== "active") {
      if (!row.session.revokedAt) {
        await tx
          .update(sessions)
          .set({ revokedAt: now })
          .where(and(eq(sessions.tenantId, tenant.id), eq(sessions.id, parsed.id)));
      }
      if (row.user.status !== "active") return { ok: false, reason: "inactive" };
      const timed = checkSession({ ...row.session, revokedAt: null }, policy, now);
      return { ok: false, reason: timed.valid ? "revoked" : "expired" };
    }
    if (check.touch) {
      await tx
        .update(sessions)
        .set({ lastSeenAt: now })
        .where(and(eq(sessions.tenantId, tenant.id), eq(sessions.id, parsed.id)));
    }
    return { ok: true, context: { session: row.session, user: row.user } };
  });
}

/**
 * The signed-in person of `tenant` behind a cookie token, or null. Checks the secret in
 * constant time, the tenant's idle and absolute lifetimes, that the person is still active,
 * and records the use (at most once a minute). A session of another tenant is invisible here.
 */
export async function validateSession(
  db: Db,
  tenant: Tenant,
  token: string,
  now = new Date(),
): Promise<SessionContext | null> {
  const result = await inspectSession(db, tenant, token, now);
  return result.ok ? result.context : null;
}

/** Ends one session (sign-out, or a person revoking one of their own). Returns whether it was open. */
export async function revokeSession(
  tx: TenantTx,
  tenantId: string,
  sessionId: string,
  userId?: string,
): Promise<boolean> {
  const conditions = [
    eq(sessions.tenantId, tenantId),
    eq(sessions.id, sessionId),
    isNull(sessions.revokedAt),
  ];
  if (userId) conditions.push(eq(sessions.userId, userId));
  const revoked = await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(...conditions))
    .returning({ id: sessions.id });
  return revoked.length > 0;
}

/** Ends every open session of a person: on password change, disabling, or a reset. Returns how many. */
export async function revokeUserSessions(tx: TenantTx, tenantId: string, userId: string): Promise<number> {
  const revoked = await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return revoked.length;
}
