import { type Db, recordAudit, type Tenant, type User, withTenant } from "@nuri/db";
import { revokeSession } from "./sessions.server.ts";

/**
 * Ends one of the person's own sessions (from "signed-in devices"). Another person's session,
 * or one of another tenant, is not found: false, and nothing changes.
 */
export async function revokeOwnSession(
  db: Db,
  input: { tenant: Tenant; user: User; sessionId: string; ip: string | null },
): Promise<boolean> {
  const { tenant, user } = input;
  return withTenant(db, tenant.id, async (tx) => {
    const revoked = await revokeSession(tx, tenant.id, input.sessionId, user.id);
    if (!revoked) return false;
    await recordAudit(tx, tenant.id, {
      actor: { kind: "user", id: user.id, label: user.displayName },
      action: "auth.session_revoked",
      target: { type: "session", id: input.sessionId },
      ip: input.ip,
    });
    return true;
  });
}
