import { recordAudit, withTenant } from "@nuri/db";
import { buildTenant } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { listAuditEntries, seoulDayStart } from "./list-audit-entries.server.ts";
import { verifyAuditLog } from "./verify-audit-log.server.ts";

const { app, superuser } = connectTestDatabase();
const db = app.db;
const actor = (id: string | null, label: string) => ({ kind: "user" as const, id, label });
const ALICE = "00000000-0000-4000-8000-00000000000a";
const BOB = "00000000-0000-4000-8000-00000000000b";

async function record(tenantId: string, action: string, who = actor(ALICE, "앨리스")) {
  await withTenant(db, tenantId, (tx) => recordAudit(tx, tenantId, { actor: who, action }));
}

describe("the audit log", () => {
  it("lists entries newest first, 50 a page, filtered by action prefix and actor", async () => {
    const tenant = await buildTenant(db);
    for (let i = 0; i < 55; i++) await record(tenant.id, i % 2 ? "org.person.create" : "auth.sign_in");
    await record(tenant.id, "org.department.create", actor(BOB, "밥"));

    const first = await listAuditEntries(db, tenant.id);
    expect(first).toMatchObject({ total: 56, page: 1, pages: 2 });
    expect(first.entries).toHaveLength(50);
    expect(first.entries[0]).toMatchObject({ seq: 56, action: "org.department.create" });
    expect((await listAuditEntries(db, tenant.id, { page: 2 })).entries.map((e) => e.seq)).toEqual([
      6, 5, 4, 3, 2, 1,
    ]);
    expect((await listAuditEntries(db, tenant.id, { actionPrefix: "org." })).total).toBe(28);
    expect((await listAuditEntries(db, tenant.id, { actionPrefix: "org.department" })).total).toBe(1);
    expect((await listAuditEntries(db, tenant.id, { actorId: BOB })).entries).toMatchObject([
      { actorLabel: "밥" },
    ]);
    expect(first.actors.map((a) => a.label).sort()).toEqual(["밥", "앨리스"]);
  });

  it("filters by Korean calendar days", async () => {
    const tenant = await buildTenant(db);
    await record(tenant.id, "org.person.create");
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Seoul" }).format(new Date());
    expect(seoulDayStart("2026-01-02").toISOString()).toBe("2026-01-01T15:00:00.000Z");
    expect((await listAuditEntries(db, tenant.id, { from: today, to: today })).total).toBe(1);
    expect((await listAuditEntries(db, tenant.id, { to: "2000-01-01" })).total).toBe(0);
    expect((await listAuditEntries(db, tenant.id, { from: "2999-01-01" })).total).toBe(0);
  });

  it("verifies the chain and records the verification; reports the first broken entry", async () => {
    const tenant = await buildTenant(db);
    await record(tenant.id, "org.person.create");
    await record(tenant.id, "org.person.update");
    const ctx = { db, tenantId: tenant.id, actor: actor(ALICE, "앨리스"), ip: null };
    expect(await verifyAuditLog(ctx)).toEqual({ ok: true, entries: 2 });
    const entries = await listAuditEntries(db, tenant.id);
    expect(entries.entries[0]).toMatchObject({ action: "audit.verified", details: { ok: true, entries: 2 } });

    // Tamper as someone with the disk might: a superuser with the append-only trigger off.
    await superuser.sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_log set actor_label = '누군가' where tenant_id = ${tenant.id} and seq = 2`;
    });
    expect(await verifyAuditLog(ctx)).toMatchObject({ ok: false, brokenAt: 2, problem: "altered" });
  });

  it("does not show or verify another agency's entries", async () => {
    const mine = await buildTenant(db);
    const theirs = await buildTenant(db);
    await record(theirs.id, "org.person.create");
    expect(await listAuditEntries(db, mine.id)).toMatchObject({ total: 0, entries: [], actors: [] });
    const ctx = { db, tenantId: mine.id, actor: actor(ALICE, "앨리스"), ip: null };
    expect(await verifyAuditLog(ctx)).toEqual({ ok: true, entries: 0 });
    expect((await listAuditEntries(db, theirs.id)).total).toBe(1);
  });
});
