import { and, departments, eq, isNull, positions, ranks, sessions, users, withTenant } from "@nuri/db";
import {
  buildDepartment,
  buildTenant,
  buildUser,
  holdTransaction,
  waitUntilBlockedBy,
} from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { createOneTimeLink, findOneTimeLink } from "../auth/one-time-links.server.ts";
import { createSession } from "../auth/sessions.server.ts";
import {
  createPerson,
  type PersonInput,
  resetPersonPassword,
  setPersonStatus,
  updatePerson,
} from "./change-person.server.ts";
import { findPerson, listPeople } from "./list-people.server.ts";
import { actingAs, auditEntries } from "./test-helpers.server.ts";

const { app, superuser } = connectTestDatabase();
const db = app.db;

const person = (overrides: Partial<PersonInput> = {}): PersonInput => ({
  displayName: "김민수",
  loginId: `kim.${Math.random().toString(36).slice(2, 8)}`,
  email: null,
  departmentId: null,
  positionId: null,
  rankId: null,
  role: "member",
  employeeNumber: null,
  ...overrides,
});

async function readUser(tenantId: string, id: string) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id))),
  );
  return row;
}

async function openSessions(tenantId: string, userId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(sessions)
      .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt))),
  );
}

/** How many connections wait, directly or through others, for a lock held by `pid`. */
async function waitingBehind(pid: number): Promise<number> {
  const rows = await superuser.sql<{ pid: number; blockers: number[] }[]>`
    select pid, pg_blocking_pids(pid) as blockers from pg_stat_activity
    where cardinality(pg_blocking_pids(pid)) > 0`;
  const behind = new Set<number>([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (!behind.has(row.pid) && row.blockers.some((b) => behind.has(b))) {
        behind.add(row.pid);
        grew = true;
      }
    }
  }
  return behind.size - 1;
}

/** Runs `work` while another transaction closes `departmentId` (committing once `work` waits). */
async function whileClosing<T>(tenantId: string, departmentId: string, work: () => Promise<T>) {
  const closing = holdTransaction(db, tenantId, (tx) =>
    tx.update(departments).set({ closedAt: new Date() }).where(eq(departments.id, departmentId)),
  );
  const pid = await closing.pid;
  let settled = false;
  const pending = work().finally(() => {
    settled = true;
  });
  pending.catch(() => {});
  await waitUntilBlockedBy(superuser.sql, pid, () => settled);
  closing.release();
  await closing.done;
  return pending;
}

async function signIn(tenantId: string, userId: string) {
  await withTenant(db, tenantId, (tx) => createSession(tx, { tenantId, userId, ip: null, userAgent: null }));
}

describe("people", () => {
  it("creates a person without a password, with a set-up link and an audit entry", async () => {
    const tenant = await buildTenant(db);
    const department = await buildDepartment(db, tenant.id);
    const [position] = await withTenant(db, tenant.id, (tx) =>
      tx.insert(positions).values({ tenantId: tenant.id, name: "주무관" }).returning(),
    );
    const [rank] = await withTenant(db, tenant.id, (tx) =>
      tx.insert(ranks).values({ tenantId: tenant.id, name: "6급" }).returning(),
    );
    const link = await createPerson(
      actingAs(db, tenant.id),
      person({
        loginId: "kim.minsu",
        email: "kim@example.go.kr",
        departmentId: department.id,
        positionId: position!.id,
        rankId: rank!.id,
        employeeNumber: "2026-001",
      }),
    );
    const created = await findPerson(db, tenant.id, link.userId);
    expect(created).toMatchObject({
      loginId: "kim.minsu",
      departmentName: department.name,
      positionName: "주무관",
      rankName: "6급",
      setupPending: true,
      status: "active",
    });
    const found = await withTenant(db, tenant.id, (tx) => findOneTimeLink(tx, tenant.id, link.token));
    expect(found).toMatchObject({ userId: link.userId, purpose: "setup" });
    const [entry] = await auditEntries(db, tenant.id);
    expect(entry).toMatchObject({
      action: "org.person.create",
      targetId: link.userId,
      details: { loginId: "kim.minsu" },
    });
  });

  it("answers a taken login id, email or employee number with that field's error and writes nothing", async () => {
    const tenant = await buildTenant(db);
    await buildUser(db, tenant.id, { loginId: "taken", email: "taken@example.go.kr", employeeNumber: "E1" });
    const me = actingAs(db, tenant.id);
    await expect(createPerson(me, person({ loginId: "taken" }))).rejects.toMatchObject({
      field: "loginId",
      messageKey: "org.person.error.loginIdTaken",
    });
    await expect(createPerson(me, person({ email: "taken@example.go.kr" }))).rejects.toMatchObject({
      field: "email",
      messageKey: "org.person.error.emailTaken",
    });
    await expect(createPerson(me, person({ employeeNumber: "E1" }))).rejects.toMatchObject({
      field: "employeeNumber",
    });
    expect(await listPeople(db, tenant.id)).toHaveLength(1);
    expect(await auditEntries(db, tenant.id)).toEqual([]);
  });

  it("refuses a role the tenant does not use, and a closed department", async () => {
    const tenant = await buildTenant(db, { kind: "school" });
    const closed = await buildDepartment(db, tenant.id, { closedAt: new Date() });
    const me = actingAs(db, tenant.id, null, "school");
    await expect(createPerson(me, person({ role: "member" }))).rejects.toMatchObject({ field: "role" });
    await expect(
      createPerson(me, person({ role: "teacher", departmentId: closed.id })),
    ).rejects.toMatchObject({
      field: "departmentId",
    });
    await createPerson(me, person({ role: "student" }));
  });

  it("edits a person and records a department move with what changed", async () => {
    const tenant = await buildTenant(db);
    const from = await buildDepartment(db, tenant.id);
    const to = await buildDepartment(db, tenant.id);
    const user = await buildUser(db, tenant.id, { loginId: "park.jiho", departmentId: from.id });
    await updatePerson(actingAs(db, tenant.id), {
      ...person({ loginId: "park.jiho", displayName: "박지호", departmentId: to.id }),
      id: user.id,
    });
    expect(await readUser(tenant.id, user.id)).toMatchObject({ displayName: "박지호", departmentId: to.id });
    const [entry] = await auditEntries(db, tenant.id);
    expect(entry).toMatchObject({ action: "org.person.move", targetId: user.id });
    expect(entry?.details).toMatchObject({ departmentId: to.id, displayName: "박지호" });
  });

  it("disables a person and ends their sessions in the same transaction, and enables them again", async () => {
    const tenant = await buildTenant(db);
    const user = await buildUser(db, tenant.id);
    await signIn(tenant.id, user.id);
    await signIn(tenant.id, user.id);
    const result = await setPersonStatus(actingAs(db, tenant.id), { id: user.id, status: "disabled" });
    expect(result.sessionsRevoked).toBe(2);
    expect(await openSessions(tenant.id, user.id)).toEqual([]);
    expect((await readUser(tenant.id, user.id))?.status).toBe("disabled");
    await setPersonStatus(actingAs(db, tenant.id), { id: user.id, status: "active" });
    expect((await readUser(tenant.id, user.id))?.status).toBe("active");
    expect((await auditEntries(db, tenant.id)).map((e) => e.action)).toEqual([
      "org.person.disable",
      "org.person.enable",
    ]);
  });

  it("does not let an administrator disable or demote themself", async () => {
    const tenant = await buildTenant(db);
    const admin = await buildUser(db, tenant.id, { role: "admin", loginId: "admin.self" });
    const me = actingAs(db, tenant.id, admin.id);
    await expect(setPersonStatus(me, { id: admin.id, status: "disabled" })).rejects.toMatchObject({
      code: "org.person.self-disable",
    });
    await expect(
      updatePerson(me, { ...person({ loginId: "admin.self", role: "member" }), id: admin.id }),
    ).rejects.toMatchObject({ field: "role" });
    expect(await auditEntries(db, tenant.id)).toEqual([]);
  });

  it("disables a person's unused set-up and reset links with them", async () => {
    const tenant = await buildTenant(db);
    const user = await buildUser(db, tenant.id);
    const { token } = await withTenant(db, tenant.id, (tx) =>
      createOneTimeLink(tx, { tenantId: tenant.id, userId: user.id, purpose: "setup" }),
    );
    await setPersonStatus(actingAs(db, tenant.id), { id: user.id, status: "disabled" });
    expect(await withTenant(db, tenant.id, (tx) => findOneTimeLink(tx, tenant.id, token))).toBeNull();
    await setPersonStatus(actingAs(db, tenant.id), { id: user.id, status: "active" });
    expect(await withTenant(db, tenant.id, (tx) => findOneTimeLink(tx, tenant.id, token))).toBeNull();
  });

  it("never leaves the agency without an active administrator", async () => {
    const tenant = await buildTenant(db);
    const only = await buildUser(db, tenant.id, { role: "admin", loginId: "only.admin" });
    await buildUser(db, tenant.id, { role: "admin", loginId: "gone.admin", status: "disabled" });
    const me = actingAs(db, tenant.id);
    await expect(setPersonStatus(me, { id: only.id, status: "disabled" })).rejects.toMatchObject({
      code: "org.person.last-admin",
      messageKey: "org.person.error.lastAdmin",
      status: 409,
    });
    await expect(
      updatePerson(me, { ...person({ loginId: "only.admin", role: "member" }), id: only.id }),
    ).rejects.toMatchObject({ code: "org.person.last-admin", status: 409 });
    expect(await readUser(tenant.id, only.id)).toMatchObject({ role: "admin", status: "active" });
    expect(await auditEntries(db, tenant.id)).toEqual([]);
    // With a second active administrator, either change is fine.
    await buildUser(db, tenant.id, { role: "admin" });
    await updatePerson(me, { ...person({ loginId: "only.admin", role: "member" }), id: only.id });
    expect(await readUser(tenant.id, only.id)).toMatchObject({ role: "member" });
  });

  it("lets only one of two administrators disabling each other at once succeed", async () => {
    const tenant = await buildTenant(db);
    const a = await buildUser(db, tenant.id, { role: "admin" });
    const b = await buildUser(db, tenant.id, { role: "admin" });
    // Something holds A's row: A's disabling reads the administrators, then waits; meanwhile
    // B's disabling runs (or waits too); then the row is let go.
    const holder = holdTransaction(db, tenant.id, (tx) =>
      tx.select().from(users).where(eq(users.id, a.id)).for("update"),
    );
    const pid = await holder.pid;
    const disableA = setPersonStatus(actingAs(db, tenant.id, b.id), { id: a.id, status: "disabled" });
    disableA.catch(() => {});
    for (let i = 0; i < 500 && (await waitingBehind(pid)) < 1; i++)
      await new Promise((r) => setTimeout(r, 10));
    let settled = false;
    const disableB = setPersonStatus(actingAs(db, tenant.id, a.id), { id: b.id, status: "disabled" }).finally(
      () => {
        settled = true;
      },
    );
    disableB.catch(() => {});
    for (let i = 0; i < 500 && !settled && (await waitingBehind(pid)) < 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    holder.release();
    await holder.done;
    const results = await Promise.allSettled([disableA, disableB]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refusal = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refusal.reason).toMatchObject({ code: "org.person.last-admin" });
    const statuses = [await readUser(tenant.id, a.id), await readUser(tenant.id, b.id)].map((u) => u?.status);
    expect(statuses.sort()).toEqual(["active", "disabled"]);
  });

  it("does not put a person in a department closed at the same moment", async () => {
    const tenant = await buildTenant(db);
    const department = await buildDepartment(db, tenant.id);
    const user = await buildUser(db, tenant.id, { loginId: "moving.person" });
    const me = actingAs(db, tenant.id);
    await expect(
      whileClosing(tenant.id, department.id, () => createPerson(me, person({ departmentId: department.id }))),
    ).rejects.toMatchObject({ field: "departmentId" });
    const other = await buildDepartment(db, tenant.id);
    await expect(
      whileClosing(tenant.id, other.id, () =>
        updatePerson(me, { ...person({ loginId: "moving.person", departmentId: other.id }), id: user.id }),
      ),
    ).rejects.toMatchObject({ field: "departmentId" });
    expect(await listPeople(db, tenant.id)).toHaveLength(1);
    expect((await readUser(tenant.id, user.id))?.departmentId).toBeNull();
  });

  it("resets a password: ends sessions, lifts the lockout and issues a reset link", async () => {
    const tenant = await buildTenant(db);
    const user = await buildUser(db, tenant.id, {
      passwordHash: "x",
      failedSignIns: 7,
      lockedUntil: new Date(Date.now() + 3_600_000),
    });
    await signIn(tenant.id, user.id);
    const link = await resetPersonPassword(actingAs(db, tenant.id), { id: user.id });
    expect(await openSessions(tenant.id, user.id)).toEqual([]);
    // The old password stops working now; the person chooses a new one through the link.
    expect(await readUser(tenant.id, user.id)).toMatchObject({
      passwordHash: null,
      failedSignIns: 0,
      lockedUntil: null,
    });
    const found = await withTenant(db, tenant.id, (tx) => findOneTimeLink(tx, tenant.id, link.token));
    expect(found).toMatchObject({ userId: user.id, purpose: "reset" });
    const [entry] = await auditEntries(db, tenant.id);
    expect(entry).toMatchObject({ action: "org.person.reset_password", details: { sessionsRevoked: 1 } });
  });

  it("searches by name or login id and filters by department", async () => {
    const tenant = await buildTenant(db);
    const department = await buildDepartment(db, tenant.id);
    await buildUser(db, tenant.id, {
      displayName: "이서연",
      loginId: "lee.seoyeon",
      departmentId: department.id,
    });
    await buildUser(db, tenant.id, { displayName: "정하늘", loginId: "jung.haneul" });
    expect((await listPeople(db, tenant.id, { query: "서연" })).map((p) => p.loginId)).toEqual([
      "lee.seoyeon",
    ]);
    expect((await listPeople(db, tenant.id, { query: "JUNG" })).map((p) => p.loginId)).toEqual([
      "jung.haneul",
    ]);
    expect((await listPeople(db, tenant.id, { departmentId: department.id })).map((p) => p.loginId)).toEqual([
      "lee.seoyeon",
    ]);
    expect(await listPeople(db, tenant.id, { query: "%" })).toEqual([]);
  });

  it("neither reads nor changes a person of another agency", async () => {
    const mine = await buildTenant(db);
    const theirs = await buildTenant(db);
    const their = await buildUser(db, theirs.id, { loginId: "their.person" });
    await signIn(theirs.id, their.id);
    const myDepartment = await buildDepartment(db, mine.id);
    const theirDepartment = await buildDepartment(db, theirs.id);
    const me = actingAs(db, mine.id);
    expect(await findPerson(db, mine.id, their.id)).toBeNull();
    expect(await listPeople(db, mine.id)).toEqual([]);
    await expect(setPersonStatus(me, { id: their.id, status: "disabled" })).rejects.toMatchObject({
      status: 404,
    });
    await expect(resetPersonPassword(me, { id: their.id })).rejects.toMatchObject({ status: 404 });
    await expect(
      updatePerson(me, {
        ...person({ loginId: "their.person", departmentId: myDepartment.id }),
        id: their.id,
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(createPerson(me, person({ departmentId: theirDepartment.id }))).rejects.toMatchObject({
      field: "departmentId",
    });
    // The same login id in another agency is no conflict.
    await createPerson(me, person({ loginId: "their.person" }));
    expect(await readUser(theirs.id, their.id)).toMatchObject({ status: "active", departmentId: null });
    expect(await openSessions(theirs.id, their.id)).toHaveLength(1);
    expect(await auditEntries(db, theirs.id)).toEqual([]);
  });
});
