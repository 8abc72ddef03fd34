import {
  DEFAULT_LOCKOUT_POLICY,
  dummyPasswordHash,
  isLocked,
  MAX_PASSWORD_LENGTH,
  registerFailure,
  registerSuccess,
  verifyPassword,
} from "@nuri/auth";
import { type Db, eq, platformOperators, withControlPlane } from "@nuri/db";
import { z } from "zod";
import { createOperatorSession } from "./operator-sessions.server.ts";

const LOGIN_ID = /^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/;

/** A login id as a log line may show it: only a well-formed one, never what anybody typed. */
export function loginIdForLog(loginId: string): string {
  const value = loginId.trim().toLowerCase();
  return LOGIN_ID.test(value) ? value : "-";
}

const OperatorSignInForm = z.object({
  loginId: z.string().max(256).default(""),
  password: z.string().default(""),
});

/**
 * The sign-in form's fields. Anything but text (a file sent in a field's place, an oversized
 * login id) is invalid input, never stringified into "[object File]".
 */
export function readOperatorSignInForm(
  form: FormData,
): { ok: true; loginId: string; password: string } | { ok: false } {
  const parsed = OperatorSignInForm.safeParse({
    loginId: form.get("loginId") ?? undefined,
    password: form.get("password") ?? undefined,
  });
  return parsed.success ? { ok: true, ...parsed.data } : { ok: false };
}

export type OperatorSignInResult =
  | { ok: true; token: string; operatorId: string }
  /** Deliberately one reason: the page must not tell "no such operator", "wrong password" and "locked" apart. */
  | { ok: false };

/**
 * Signs a platform operator in with login id and password. Five wrong passwords lock the
 * account for 15 minutes (the people's defaults); a locked account refuses even the right
 * password. An unknown login id costs an argon2 verification too, so timing tells nothing. A
 * password longer than MAX_PASSWORD_LENGTH gets the same refusal without any argon2 work.
 */
export async function signInOperator(
  db: Db,
  input: { loginId: string; password: string; now?: Date },
): Promise<OperatorSignInResult> {
  // Longer than any password may be: refused before argon2 spends time (and memory) on it.
  if (input.password.length > MAX_PASSWORD_LENGTH) return { ok: false };
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
