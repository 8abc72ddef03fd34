import { type Db, eq, recordAudit, tenantApplications, tenants } from "@nuri/db";
import {
  type DecidingOperator,
  decidePendingApplication,
  operatorActor,
} from "./decide-application.server.ts";

/**
 * Rejects a pending application with the operator's reason, in one transaction: the
 * application and its tenant become rejected (the slug and 기관코드 stay taken, so a later
 * application cannot pass for this one), and the tenant's own audit log records why.
 */
export async function rejectApplication(
  db: Db,
  input: { applicationId: string; operator: DecidingOperator; reason: string; ip: string | null },
): Promise<{ tenantId: string }> {
  return decidePendingApplication(db, input.applicationId, async (tx, application) => {
    const now = new Date();
    await tx
      .update(tenants)
      .set({ status: "rejected", updatedAt: now })
      .where(eq(tenants.id, application.tenantId));
    await tx
      .update(tenantApplications)
      .set({ status: "rejected", decidedAt: now, decidedBy: input.operator.id, decisionReason: input.reason })
      .where(eq(tenantApplications.id, application.id));
    await recordAudit(tx, application.tenantId, {
      actor: operatorActor(input.operator),
      action: "onboarding.rejected",
      target: { type: "tenant", id: application.tenantId },
      ip: input.ip,
      details: { applicationId: application.id, reason: input.reason },
    });
    return { tenantId: application.tenantId };
  });
}
