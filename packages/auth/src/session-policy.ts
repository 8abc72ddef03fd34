/** A tenant's session lifetimes (tenants.session_idle_minutes, session_absolute_minutes). */
export interface SessionPolicy {
  idleMinutes: number;
  absoluteMinutes: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteMinutes: 12 * 60 };

export type SessionCheck =
  | { valid: true; touch: boolean; idleExpiresAt: Date; absoluteExpiresAt: Date }
  | { valid: false; reason: "idle" | "absolute" | "revoked" };

// Writing last_seen_at on every request would make each page view a write; once a minute is
// precise enough for a timeout measured in minutes.
const TOUCH_AFTER_MS = 60_000;

/**
 * Decides whether a session is still good at `now`: not revoked, used within the idle timeout,
 * and younger than the absolute lifetime. `touch` says whether to record this use.
 */
export function checkSession(
  session: { createdAt: Date; lastSeenAt: Date; revokedAt: Date | null },
  policy: SessionPolicy,
  now: Date,
): SessionCheck {
  if (session.revokedAt) return { valid: false, reason: "revoked" };
  const absoluteExpiresAt = new Date(session.createdAt.getTime() + policy.absoluteMinutes * 60_000);
  if (now >= absoluteExpiresAt) return { valid: false, reason: "absolute" };
  const idleExpiresAt = new Date(session.lastSeenAt.getTime() + policy.idleMinutes * 60_000);
  if (now >= idleExpiresAt) return { valid: false, reason: "idle" };
  const touch = now.getTime() - session.lastSeenAt.getTime() >= TOUCH_AFTER_MS;
  const nextIdle = touch ? new Date(now.getTime() + policy.idleMinutes * 60_000) : idleExpiresAt;
  return {
    valid: true,
    touch,
    idleExpiresAt: nextIdle < absoluteExpiresAt ? nextIdle : absoluteExpiresAt,
    absoluteExpiresAt,
  };
}
