import { RateLimiter, type RateLimitRule } from "@nuri/auth";

/**
 * Failed sign-ins allowed from one client address. Successful sign-ins do not count: a whole
 * office behind one NAT address signs in every morning, and that is not an attack.
 */
export const SIGN_IN_FAILURES_PER_IP: RateLimitRule = { limit: 20, windowMs: 5 * 60_000 };

/** How many addresses' blocks are remembered before expired ones are swept. */
const MAX_BLOCKED = 10_000;

/**
 * Throttles sign-in attempts per client address: after `rule.limit` failures within the
 * window, every attempt from that address (right password or not) is refused until the window
 * has room again. Kept in this process's memory (ADR: one app process).
 */
export class SignInThrottle {
  readonly #failures: RateLimiter;
  readonly #blockedUntil = new Map<string, number>();

  constructor(readonly rule: RateLimitRule = SIGN_IN_FAILURES_PER_IP) {
    this.#failures = new RateLimiter(rule);
  }

  /** Milliseconds until `ip` may try again, or 0 when it may try now. */
  retryAfter(ip: string, now: number): number {
    const until = this.#blockedUntil.get(ip);
    if (until === undefined) return 0;
    if (until <= now) {
      this.#blockedUntil.delete(ip);
      return 0;
    }
    return until - now;
  }

  /** Counts a failed attempt of `ip`; returns the wait it has earned (0 while under the limit). */
  fail(ip: string, now: number): number {
    const result = this.#failures.hit(ip, now);
    if (result.allowed) return 0;
    if (this.#blockedUntil.size >= MAX_BLOCKED) {
      for (const [key, until] of this.#blockedUntil) if (until <= now) this.#blockedUntil.delete(key);
    }
    this.#blockedUntil.set(ip, now + result.retryAfterMs);
    return result.retryAfterMs;
  }
}

/** The app's one throttle for /sign-in and /t/<slug>/sign-in. */
export const signInThrottle = new SignInThrottle();

/**
 * Invalid set-up or reset links allowed from one client address (opening one, or posting a
 * new password to one). A link's secret has 160 bits, so guessing is hopeless; this keeps a
 * scanner from trying anyway.
 */
export const PASSWORD_LINK_FAILURES_PER_IP: RateLimitRule = { limit: 10, windowMs: 15 * 60_000 };

/** The throttle for /t/<slug>/set-password/<token>. */
export const passwordLinkThrottle = new SignInThrottle(PASSWORD_LINK_FAILURES_PER_IP);
