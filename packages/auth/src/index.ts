export {
  type CollabPermission,
  type CollabTicketClaims,
  issueCollabTicket,
  MAX_TICKET_SECONDS,
  type TicketCheck,
  verifyCollabTicket,
} from "./collab-ticket.ts";
export {
  DEFAULT_LOCKOUT_POLICY,
  isLocked,
  type LockoutPolicy,
  type LockoutState,
  registerFailure,
  registerSuccess,
} from "./lockout.ts";
export { dummyPasswordHash, hashPassword, verifyPassword } from "./password-hash.ts";
export {
  characterClasses,
  checkPassword,
  DEFAULT_PASSWORD_POLICY,
  MAX_PASSWORD_LENGTH,
  type PasswordCheck,
  type PasswordPolicy,
  type PasswordProblem,
} from "./password-policy.ts";
export { RateLimiter, type RateLimitResult, type RateLimitRule } from "./rate-limit.ts";
export {
  checkSession,
  DEFAULT_SESSION_POLICY,
  type SessionCheck,
  type SessionPolicy,
} from "./session-policy.ts";
export {
  generateSecret,
  generateSessionToken,
  hashSecret,
  parseSessionToken,
  type SessionToken,
  verifySecret,
} from "./session-token.ts";
