import { sql } from "drizzle-orm";
import type { Db } from "./client.ts";

/** The transaction handle that withTenant() passes on: drizzle's, scoped to one tenant. */
export type TenantTx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `fn` in one transaction in which row-level security shows only `tenantId`'s rows.
 * The setting is transaction-local (`set_config(…, true)`), so a pooled connection never
 * carries one request's tenant into the next. This is the one way Nuri runs tenant queries.
 */
export async function withTenant<T>(db: Db, tenantId: string, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  if (!UUID.test(tenantId)) {
    // A slug or an empty string here means a caller skipped the session's tenant lookup.
    throw new TypeError(`withTenant needs the tenant's uuid, got ${JSON.stringify(tenantId)}`);
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    return fn(tx);
  });
}

/**
 * Runs `fn` in a transaction with no tenant set: the control plane (tenants, platform
 * operators) is readable, every tenant table answers with no rows and refuses writes.
 */
export async function withControlPlane<T>(db: Db, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => fn(tx));
}
