import { type Db, type Tenant, withControlPlane } from "@nuri/db";

/** What the landing page and /health report about the platform. */
export interface ServiceStatus {
  /** Every tenant, whatever its status: a liveness figure for operators. */
  tenants: number;
  /** Tenants in service (status `active`), by kind. */
  active: { agencies: number; schools: number };
}

type TenantCountRow = Pick<Tenant, "kind" | "status"> & { count: number };

/**
 * Counts the tenants on the control plane in one query. It reads no tenant's own data, so it
 * runs outside any tenant; row-level security would show it nothing there anyway.
 */
export async function readServiceStatus({ db }: { db: Db }): Promise<ServiceStatus> {
  // Static SQL because the app does not depend on drizzle-orm's operators itself (sql, count);
  // there is no input to bind.
  const rows = await withControlPlane(db, (tx) =>
    tx.execute<TenantCountRow>(
      "select kind, status, count(*)::int as count from tenants group by kind, status",
    ),
  );
  const status: ServiceStatus = { tenants: 0, active: { agencies: 0, schools: 0 } };
  for (const row of rows) {
    status.tenants += row.count;
    if (row.status !== "active") continue;
    if (row.kind === "agency") status.active.agencies += row.count;
    else status.active.schools += row.count;
  }
  return status;
}
