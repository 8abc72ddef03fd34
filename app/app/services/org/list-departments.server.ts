import { type Db, type Department, departments, eq, type TenantTx, withTenant } from "@nuri/db";
import { arrangeDepartments, type DepartmentNode } from "./department-tree.ts";

export { arrangeDepartments, type DepartmentNode, flattenDepartments } from "./department-tree.ts";

/** The tenant's departments (open and closed), in a transaction the caller holds. */
export async function loadDepartments(tx: TenantTx, tenantId: string): Promise<Department[]> {
  return tx.select().from(departments).where(eq(departments.tenantId, tenantId));
}

/** The tenant's org chart as a tree. */
export async function listDepartments(db: Db, tenantId: string): Promise<DepartmentNode[]> {
  const rows = await withTenant(db, tenantId, (tx) => loadDepartments(tx, tenantId));
  return arrangeDepartments(rows);
}
