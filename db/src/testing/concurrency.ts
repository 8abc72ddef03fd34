import { sql } from "drizzle-orm";
import type { Db, Sql } from "../client.ts";
import { type TenantTx, withTenant } from "../tenant.ts";

/**
 * Runs `fn` in a transaction of its own and keeps that transaction open (its locks held) until
 * `release()`: a concurrent request, for tests of row locks. `pid` is its backend's process id.
 */
export function holdTransaction(db: Db, tenantId: string, fn: (tx: TenantTx) => Promise<unknown>) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started!: (pid: number) => void;
  const pid = new Promise<number>((resolve) => {
    started = resolve;
  });
  const done = withTenant(db, tenantId, async (tx) => {
    const [row] = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
    await fn(tx);
    started(row!.pid);
    await gate;
  });
  return { pid, release, done };
}

/**
 * Waits (polling pg_stat_activity through a superuser connection) until some backend waits for a
 * lock held by `pid`, or until `settled()` says the work under test already ended without waiting.
 * Fails after five seconds of neither: the test's premise, a lock conflict, never happened.
 */
export async function waitUntilBlockedBy(superuser: Sql, pid: number, settled: () => boolean = () => false) {
  for (let i = 0; i < 500; i++) {
    if (settled()) return;
    const rows = await superuser`select 1 from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`;
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`nothing waited for the transaction of backend ${pid}`);
}
