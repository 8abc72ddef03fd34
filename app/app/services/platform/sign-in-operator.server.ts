import {
  DEFAULT_LOCKOUT_POLICY,
  dummyPasswordHash,
  isLocked,
  registerFailure,
  registerSuccess,
  verifyPassword,
} from "@nuri/auth";
import { type Db, eq, platformOperators, withControlPlane } from "@nuri/db";
import { createOperatorSession } from "./operator-sessions.server.ts";

export type OperatorSignInResult =
  | { ok: true; token: string; operatorId: string }
  /** Deliberately one reason: the page must not tell "no such operator", "wrong password" and "locked" apart. */
  | { ok: false };

/**
 * Signs a platform operator in with login id and password. Five wrong passwords lock the
 * account for 15 minutes (the people's defaults); a locked account refuses even the right
 * password. An unknown login id costs an argon2 verification too, so timing tells nothing.
 */
export async function signInOperator(
  db: Db,
  input: { loginId: string; password: string; now?: Date },
): Promise<OperatorSignInResult> {
  const now = input.now ?? new Date();
  const loginId = input.loginId.trim().toLowerCase();
  return withControlPlane(db, async (tx) => {
    const [operator] = await tx
      .select()
      .from(platformOperators)
      .where(eq(platformOperators.loginId, loginId))
      .for("update");
    if (!operator) {
      await verifyPassword(await dummyPasswordHash(), input.password);
      return { ok: false as const };
    }
    const state = { failedAttempts: operator.failedSignIns, lockedUntil: operator.lockedUntil };
    if (isLocked(state, now)) {
      await verifyPassword(await dummyPasswordHash(), input.password);
      return { ok: false as const };
    }
    if (!(await verifyPassword(operator.passwordHash, input.password))) {
      const next = registerFailure(state, DEFAULT_LOCKOUT_POLICY, now);
      await tx
        .update(platformOperators)
        .set({ failedSignIns: next.failedAttempts, lockedUntil: next.lockedUntil })
        .where(eq(platformOperators.id, operator.id));
      return { ok: false as const };
    }
    const reset = registerSuccess();
    await tx
      .update(platformOperators)
      .set({ failedSignIns: reset.failedAttempts, lockedUntil: reset.lockedUntil })
      .where(eq(platformOperators.id, operator.id));
    const token = await createOperatorSession(tx, operator.id);
    return { ok: true as const, token, operatorId: operator.id };
  });
}
