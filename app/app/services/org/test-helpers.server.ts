import { type AuditEntry, asc, auditLog, type Db, eq, withTenant } from "@nuri/db";
import type { OrgActor } from "./org-context.server.ts";

/** The tenant's audit entries in order, read as the app role. */
export async function auditEntries(db: Db, tenantId: string): Promise<AuditEntry[]> {
  return withTenant(db, tenantId, (tx) =>
    tx.select().from(auditLog).where(eq(auditLog.tenantId, tenantId)).orderBy(asc(auditLog.seq)),
  );
}

/** An administrator's acting context for a service test. */
export function actingAs(
  db: Db,
  tenantId: string,
  userId: string | null = null,
  tenantKind: "agency" | "school" = "agency",
): OrgActor & { tenantKind: "agency" | "school" } {
  return {
    db,
    tenantId,
    tenantKind,
    actor: { kind: "user", id: userId, label: "관리자" },
    ip: "203.0.113.7",
  };
}
