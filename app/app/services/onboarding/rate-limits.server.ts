import { RateLimiter } from "@nuri/auth";

// Per-process counters (ADR 0005). They live in a .server module so that no route's browser
// bundle ever pulls in @nuri/auth.

/** At most 5 applications an hour from one address: enough for a real agency, not for a flood. */
export const APPLY_RATE_LIMIT = new RateLimiter({ limit: 5, windowMs: 60 * 60 * 1000 });

/** Operator sign-ins per address, beside the per-account lockout: slows guessing across login ids. */
export const OPERATOR_SIGN_IN_RATE_LIMIT = new RateLimiter({ limit: 30, windowMs: 15 * 60 * 1000 });
