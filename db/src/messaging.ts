import { sql } from "drizzle-orm";
import type { TenantTx } from "./tenant.ts";

/**
 * Brings the tenant's department channels in step with its org chart (one per open department,
 * named as it is, its active people its members), in the caller's transaction; answers how many
 * channels changed. Call it after any change of departments or people.
 */
export async function syncDepartmentChannels(tx: TenantTx): Promise<number> {
  const rows = await tx.execute<{ changes: number }>(sql`select messaging_sync_departments() as changes`);
  return Number(rows[0]?.changes ?? 0);
}
