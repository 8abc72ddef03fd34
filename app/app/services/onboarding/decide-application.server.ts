import {
  and,
  type Db,
  eq,
  type TenantApplication,
  type TenantTx,
  tenantApplications,
  tenants,
  withControlPlane,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { UUID } from "./read-application.server.ts";

/** The operator deciding, as the audit log names them. */
export interface DecidingOperator {
  id: string;
  displayName: string;
}

/**
 * Runs a decision on a pending application in ONE transaction scoped to the applicant tenant
 * (so that the audit entries land in that tenant's own log). The application row is locked
 * `for update` first: of two operators deciding at once, the second waits, then sees the
 * decision and is refused.
 */
export async function decidePendingApplication<T>(
  db: Db,
  applicationId: string,
  decide: (tx: TenantTx, application: TenantApplication) => Promise<T>,
): Promise<T> {
  const tenantId = await applicationTenant(db, applicationId);
  return withTenant(db, tenantId, async (tx) => {
    const [application] = await tx
      .select()
      .from(tenantApplications)
      .where(and(eq(tenantApplications.id, applicationId), eq(tenantApplications.tenantId, tenantId)))
      .for("update");
    if (!application) throw new AppError("application_not_found", "onboarding.error.notFound", 404);
    if (application.status !== "pending") {
      throw new AppError("application_already_decided", "onboarding.error.alreadyDecided", 409);
    }
    const [tenant] = await tx
      .select({ status: tenants.status })
      .from(tenants)
      .where(eq(tenants.id, tenantId))
      .for("update");
    if (tenant?.status !== "pending") {
      // An application is pending exactly while its tenant is; anything else is a bug upstream.
      throw new Error(`tenant ${tenantId} of pending application ${applicationId} is ${tenant?.status}`);
    }
    return decide(tx, application);
  });
}

async function applicationTenant(db: Db, applicationId: string): Promise<string> {
  if (UUID.test(applicationId)) {
    const [row] = await withControlPlane(db, (tx) =>
      tx
        .select({ tenantId: tenantApplications.tenantId })
        .from(tenantApplications)
        .where(eq(tenantApplications.id, applicationId)),
    );
    if (row) return row.tenantId;
  }
  throw new AppError("application_not_found", "onboarding.error.notFound", 404);
}

/** How the audit log names an operator. */
export function operatorActor(operator: DecidingOperator) {
  return { kind: "operator" as const, id: operator.id, label: operator.displayName };
}
