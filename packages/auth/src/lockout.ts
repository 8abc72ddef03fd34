/** A tenant's lockout rule (tenants.lockout_threshold, lockout_minutes). */
export interface LockoutPolicy {
  threshold: number;
  minutes: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { threshold: 5, minutes: 15 };

export interface LockoutState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

/** Whether the account is locked at `now`, and until when. */
export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil > now;
}

/**
 * The state after one more wrong password: the count grows, and reaching the threshold locks
 * the account for the policy's minutes and starts the count again. A failure while locked
 * changes nothing (no one can extend a lock forever by guessing).
 */
export function registerFailure(
  state: LockoutState,
  policy: LockoutPolicy,
  now: Date,
): LockoutState & { locked: boolean } {
  if (isLocked(state, now)) return { ...state, locked: true };
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts >= policy.threshold) {
    return {
      failedAttempts: 0,
      lockedUntil: new Date(now.getTime() + policy.minutes * 60_000),
      locked: true,
    };
  }
  return { failedAttempts, lockedUntil: null, locked: false };
}

/** The state after a right password. */
export function registerSuccess(): LockoutState {
  return { failedAttempts: 0, lockedUntil: null };
}
