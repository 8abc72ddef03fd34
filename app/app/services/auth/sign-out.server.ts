import { type Db, recordAudit, type Tenant, type User, withTenant } from "@nuri/db";
import { revokeSession } from "./sessions.server.ts";

/** Ends the session of this browser and audits the sign-out. */
export async function signOut(
  db: Db,
  input: { tenant: Tenant; user: User; sessionId: string; ip: string | null },
): Promise<void> {
  const { tenant, user } = input;
  await withTenant(db, tenant.id, async (tx) => {
    await revokeSession(tx, tenant.id, input.sessionId, user.id);
    await recordAudit(tx, tenant.id, {
      actor: { kind: "user", id: user.id, label: user.displayName },
      action: "auth.sign_out",
      target: { type: "session", id: input.sessionId },
      ip: input.ip,
    });
  });
}
