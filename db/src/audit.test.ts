import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEntryHash, recordAudit, verifyAuditChain } from "./audit.ts";
import { auditLog } from "./schema/index.ts";
import { withTenant } from "./tenant.ts";
import { buildTenant } from "./testing/index.ts";
import { connectTestDatabase } from "./testing/vitest.ts";

const { app, superuser } = connectTestDatabase();
const actor = { kind: "user" as const, id: null, label: "박지원" };

async function tenantWithEntries(n: number) {
  const tenant = await buildTenant(app.db);
  for (let i = 0; i < n; i++) {
    await withTenant(app.db, tenant.id, (tx) =>
      recordAudit(tx, tenant.id, {
        actor,
        action: "org.department.create",
        target: { type: "department", id: `d${i}` },
        details: { name: `부서${i}`, z: 1, a: true },
      }),
    );
  }
  return tenant;
}

/** Tampering as a superuser with the append-only trigger switched off, as an attacker with the disk might. */
async function tamper(statement: string) {
  await superuser.sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx.unsafe(statement);
  });
}

describe("the audit log", () => {
  it("numbers entries 1, 2, 3 … per tenant and verifies a clean chain", async () => {
    const tenant = await tenantWithEntries(3);
    const other = await tenantWithEntries(1);
    const seqs = await withTenant(app.db, tenant.id, (tx) => tx.select({ seq: auditLog.seq }).from(auditLog));
    expect(seqs.map((s) => s.seq).sort()).toEqual([1, 2, 3]);
    expect(await withTenant(app.db, tenant.id, (tx) => verifyAuditChain(tx, tenant.id))).toEqual({
      ok: true,
      entries: 3,
    });
    expect(await withTenant(app.db, other.id, (tx) => verifyAuditChain(tx, other.id))).toEqual({
      ok: true,
      entries: 1,
    });
  });

  it("keeps the order when many actions record at once", async () => {
    const tenant = await buildTenant(app.db);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTenant(app.db, tenant.id, (tx) =>
          recordAudit(tx, tenant.id, { actor, action: "auth.sign_in", details: { i } }),
        ),
      ),
    );
    expect(await withTenant(app.db, tenant.id, (tx) => verifyAuditChain(tx, tenant.id))).toEqual({
      ok: true,
      entries: 20,
    });
  });

  it("cannot be changed or deleted by the application role", async () => {
    const tenant = await tenantWithEntries(1);
    await expect(
      withTenant(app.db, tenant.id, (tx) => tx.execute(sql`update audit_log set action = 'x'`)),
    ).rejects.toThrow();
    await expect(
      withTenant(app.db, tenant.id, (tx) => tx.execute(sql`delete from audit_log`)),
    ).rejects.toThrow();
    const error = await superuser.sql`update audit_log set action = 'x' where tenant_id = ${tenant.id}`.catch(
      (e: Error) => e,
    );
    expect(String(error)).toMatch(/append-only/);
  });

  it("reports the first altered entry", async () => {
    const tenant = await tenantWithEntries(4);
    await tamper(
      `update audit_log set details = '{"name": "바꾼부서"}' where tenant_id = '${tenant.id}' and seq = 2`,
    );
    expect(await withTenant(app.db, tenant.id, (tx) => verifyAuditChain(tx, tenant.id))).toEqual({
      ok: false,
      entries: 4,
      brokenAt: 2,
      problem: "altered",
    });
  });

  it("reports a removed entry", async () => {
    const tenant = await tenantWithEntries(4);
    await tamper(`delete from audit_log where tenant_id = '${tenant.id}' and seq = 3`);
    expect(await withTenant(app.db, tenant.id, (tx) => verifyAuditChain(tx, tenant.id))).toMatchObject({
      ok: false,
      brokenAt: 3,
      problem: "missing",
    });
  });

  it("reports a rewritten entry whose own hash was recomputed, at the next link", async () => {
    const tenant = await tenantWithEntries(3);
    const [first] = await withTenant(app.db, tenant.id, (tx) =>
      tx.select().from(auditLog).where(sql`seq = 1`),
    );
    const { hash: _, prevHash, ...content } = first!;
    const forged = auditEntryHash(prevHash, { ...content, actorLabel: "누군가" });
    await tamper(
      `update audit_log set actor_label = '누군가', hash = '\\x${Buffer.from(forged).toString("hex")}'
        where tenant_id = '${tenant.id}' and seq = 1`,
    );
    const result = await withTenant(app.db, tenant.id, (tx) => verifyAuditChain(tx, tenant.id));
    expect(result).toEqual({ ok: false, entries: 3, brokenAt: 2, problem: "relinked" });
  });

  it("does not show one tenant's entries to another", async () => {
    const a = await tenantWithEntries(2);
    const b = await buildTenant(app.db);
    const seen = await withTenant(app.db, b.id, (tx) => tx.select().from(auditLog));
    expect(seen).toEqual([]);
    expect(await withTenant(app.db, a.id, (tx) => tx.select().from(auditLog))).toHaveLength(2);
  });
});
