import {
  type AuditActor,
  type AuditVerification,
  type Db,
  recordAudit,
  verifyAuditChain,
  withTenant,
} from "@nuri/db";

/** Checks the tenant's audit chain and records that it was checked, with the result. */
export async function verifyAuditLog(ctx: {
  db: Db;
  tenantId: string;
  actor: AuditActor;
  ip: string | null;
}): Promise<AuditVerification> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const result = await verifyAuditChain(tx, ctx.tenantId);
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "audit.verified",
      ip: ctx.ip,
      details: result.ok
        ? { ok: true, entries: result.entries }
        : { ok: false, entries: result.entries, brokenAt: result.brokenAt, problem: result.problem },
    });
    return result;
  });
}
