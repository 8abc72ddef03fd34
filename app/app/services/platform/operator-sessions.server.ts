import {
  checkSession,
  DEFAULT_SESSION_POLICY,
  generateSessionToken,
  parseSessionToken,
  verifySecret,
} from "@nuri/auth";
import {
  and,
  type Db,
  eq,
  isNull,
  operatorSessions,
  type PlatformOperator,
  platformOperators,
  type TenantTx,
  withControlPlane,
} from "@nuri/db";

/** Operators' sessions: 30 minutes idle, 12 hours at most, like a tenant's defaults. */
export const OPERATOR_SESSION_POLICY = DEFAULT_SESSION_POLICY;

export type OperatorSession = typeof operatorSessions.$inferSelect;

export interface OperatorContext {
  operator: Pick<PlatformOperator, "id" | "loginId" | "displayName">;
  session: OperatorSession;
}

/** Opens an operator session; returns the cookie's token (only the secret's hash is stored). */
export async function createOperatorSession(tx: TenantTx, operatorId: string): Promise<string> {
  const { token, id, secretHash } = generateSessionToken();
  await tx.insert(operatorSessions).values({ id, operatorId, secretHash });
  return token;
}

/**
 * The operator behind a cookie token, or null. Only operator_sessions are consulted: a
 * tenant person's session token, whatever it is, finds nothing here.
 */
export async function validateOperatorSession(
  db: Db,
  token: string,
  now = new Date(),
): Promise<OperatorContext | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  return withControlPlane(db, async (tx) => {
    const [row] = await tx
      .select({
        session: operatorSessions,
        operator: {
          id: platformOperators.id,
          loginId: platformOperators.loginId,
          displayName: platformOperators.displayName,
        },
      })
      .from(operatorSessions)
      .innerJoin(platformOperators, eq(platformOperators.id, operatorSessions.operatorId))
      .where(eq(operatorSessions.id, parsed.id));
    if (!row || !verifySecret(parsed.secret, row.session.secretHash)) return null;
    const check = checkSession(row.session, OPERATOR_SESSION_POLICY, now);
    if (!check.valid) {
      if (!row.session.revokedAt) {
        await tx.update(operatorSessions).set({ revokedAt: now }).where(eq(operatorSessions.id, parsed.id));
      }
      return null;
    }
    if (check.touch) {
      await tx.update(operatorSessions).set({ lastSeenAt: now }).where(eq(operatorSessions.id, parsed.id));
    }
    return row;
  });
}

/** Ends an operator session (sign-out). Returns whether it was open. */
export async function revokeOperatorSession(db: Db, sessionId: string): Promise<boolean> {
  const revoked = await withControlPlane(db, (tx) =>
    tx
      .update(operatorSessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(operatorSessions.id, sessionId), isNull(operatorSessions.revokedAt)))
      .returning({ id: operatorSessions.id }),
  );
  return revoked.length > 0;
}
