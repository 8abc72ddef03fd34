import { checkSession } from "@nuri/auth";
import { and, type Db, desc, eq, isNull, sessions, type Tenant, withTenant } from "@nuri/db";

export interface OpenSession {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

/** A person's own sessions that still sign them in, newest use first; `current` marks this browser's. */
export async function listOwnSessions(
  db: Db,
  input: { tenant: Tenant; userId: string; currentSessionId: string; now?: Date },
): Promise<OpenSession[]> {
  const { tenant } = input;
  const now = input.now ?? new Date();
  const rows = await withTenant(db, tenant.id, (tx) =>
    tx
      .select()
      .from(sessions)
      .where(
        and(eq(sessions.tenantId, tenant.id), eq(sessions.userId, input.userId), isNull(sessions.revokedAt)),
      )
      .orderBy(desc(sessions.lastSeenAt)),
  );
  const policy = { idleMinutes: tenant.sessionIdleMinutes, absoluteMinutes: tenant.sessionAbsoluteMinutes };
  return rows
    .filter((row) => checkSession(row, policy, now).valid)
    .map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      ip: row.ip,
      userAgent: row.userAgent,
      current: row.id === input.currentSessionId,
    }));
}
