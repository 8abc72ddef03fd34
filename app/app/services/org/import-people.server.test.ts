import { and, departments, eq, oneTimeLinks, positions, users, withTenant } from "@nuri/db";
import {
  buildDepartment,
  buildTenant,
  buildUser,
  holdTransaction,
  waitUntilBlockedBy,
} from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { importPeople, previewPeopleImport } from "./import-people.server.ts";
import { actingAs, auditEntries } from "./test-helpers.server.ts";

const { app, superuser } = connectTestDatabase();
const db = app.db;

const HEADER = "부서,이름,직위,아이디,이메일,사번";
const utf8 = (lines: string[]) => new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
const cp949 = (lines: string[]) => new Uint8Array(iconv.encode(`${lines.join("\r\n")}\r\n`, "cp949"));

/** A tenant with 디지털정부국 / 디지털서비스과 (and a closed 폐지과) and the position 주무관. */
async function buildOrg() {
  const tenant = await buildTenant(db);
  const bureau = await buildDepartment(db, tenant.id, { name: "디지털정부국" });
  const division = await buildDepartment(db, tenant.id, { name: "디지털서비스과", parentId: bureau.id });
  await buildDepartment(db, tenant.id, { name: "폐지과", parentId: bureau.id, closedAt: new Date() });
  const [position] = await withTenant(db, tenant.id, (tx) =>
    tx.insert(positions).values({ tenantId: tenant.id, name: "주무관" }).returning(),
  );
  return { tenant, bureau, division, position: position! };
}

async function people(tenantId: string) {
  return withTenant(db, tenantId, (tx) => tx.select().from(users).where(eq(users.tenantId, tenantId)));
}

describe("importing people from CSV", () => {
  it("imports nobody into a department closed while the import runs", async () => {
    const { tenant, division } = await buildOrg();
    const file = utf8([
      HEADER,
      "디지털정부국,김하나,,kim.hana,,",
      "디지털정부국 / 디지털서비스과,박두리,,park.duri,,",
    ]);
    // The close has updated the row but not committed when the import reads the directory.
    const closing = holdTransaction(db, tenant.id, (tx) =>
      tx.update(departments).set({ closedAt: new Date() }).where(eq(departments.id, division.id)),
    );
    const pid = await closing.pid;
    let settled = false;
    const pending = importPeople(actingAs(db, tenant.id), file).finally(() => {
      settled = true;
    });
    pending.catch(() => {});
    await waitUntilBlockedBy(superuser.sql, pid, () => settled);
    closing.release();
    await closing.done;
    await expect(pending).rejects.toMatchObject({
      code: "org.import.department-closed",
      messageKey: "org.import.error.departmentClosed",
      status: 409,
    });
    expect(await people(tenant.id)).toEqual([]);
    expect(await auditEntries(db, tenant.id)).toEqual([]);
  });

  it("previews a file without changing anything", async () => {
    const { tenant, division } = await buildOrg();
    const { plan, positionNames } = await previewPeopleImport(
      db,
      tenant.id,
      utf8([HEADER, "디지털정부국/디지털서비스과,김하나,주무관,kim.hana,,"]),
    );
    expect(plan).toMatchObject({ ok: true, encoding: "utf-8", errors: [] });
    if (!plan.ok) return;
    expect(plan.people[0]).toMatchObject({ departmentId: division.id, loginId: "kim.hana" });
    expect(positionNames.get(plan.people[0]!.positionId!)).toBe("주무관");
    expect(await people(tenant.id)).toEqual([]);
  });

  it("imports every person of a good file with their departments, positions and set-up links", async () => {
    const { tenant, bureau, division, position } = await buildOrg();
    const imported = await importPeople(
      actingAs(db, tenant.id),
      utf8([
        HEADER,
        "디지털정부국 / 디지털서비스과,김하나,주무관,kim.hana,hana@example.go.kr,A-1",
        "디지털정부국,박두리,,park.duri,,",
      ]),
    );
    expect(imported.map((p) => p.loginId)).toEqual(["kim.hana", "park.duri"]);
    const rows = await people(tenant.id);
    expect(rows.find((r) => r.loginId === "kim.hana")).toMatchObject({
      displayName: "김하나",
      departmentId: division.id,
      positionId: position.id,
      email: "hana@example.go.kr",
      employeeNumber: "A-1",
      role: "member",
      passwordHash: null,
    });
    expect(rows.find((r) => r.loginId === "park.duri")).toMatchObject({
      departmentId: bureau.id,
      positionId: null,
    });
    const links = await withTenant(db, tenant.id, (tx) =>
      tx
        .select()
        .from(oneTimeLinks)
        .where(and(eq(oneTimeLinks.tenantId, tenant.id), eq(oneTimeLinks.purpose, "setup"))),
    );
    expect(links).toHaveLength(2);
    expect(await auditEntries(db, tenant.id)).toMatchObject([
      { action: "org.people.import", details: { count: 2, encoding: "utf-8" } },
    ]);
  });

  it("imports nobody when one row is bad, and writes no audit entry", async () => {
    const { tenant } = await buildOrg();
    await buildUser(db, tenant.id, { loginId: "taken" });
    const file = utf8([
      HEADER,
      "디지털정부국,김하나,,kim.hana,,",
      "디지털정부국 / 폐지과,박두리,,park.duri,,",
      "디지털정부국,최세리,,taken,,",
    ]);
    const { plan } = await previewPeopleImport(db, tenant.id, file);
    expect(plan.ok && plan.errors).toEqual([
      { line: 3, field: "departmentPath", problem: "unknown-department", value: "디지털정부국 / 폐지과" },
      { line: 4, field: "loginId", problem: "already-exists", value: "taken" },
    ]);
    await expect(importPeople(actingAs(db, tenant.id), file)).rejects.toMatchObject({
      code: "org.import.invalid",
    });
    expect((await people(tenant.id)).map((p) => p.loginId)).toEqual(["taken"]);
    expect(await auditEntries(db, tenant.id)).toEqual([]);
  });

  it("accepts a CP949 file, as Korean Excel saves it", async () => {
    const { tenant, division } = await buildOrg();
    const file = cp949([HEADER, "디지털정부국 / 디지털서비스과,홍길동,주무관,hong.gildong,,"]);
    const { plan } = await previewPeopleImport(db, tenant.id, file);
    expect(plan).toMatchObject({ ok: true, encoding: "cp949", errors: [] });
    await importPeople(actingAs(db, tenant.id, null, "school"), file);
    expect(await people(tenant.id)).toMatchObject([
      { displayName: "홍길동", departmentId: division.id, role: "teacher" },
    ]);
  });

  it("matches only this agency's departments and people", async () => {
    const { tenant } = await buildOrg();
    const other = await buildOrg();
    await buildDepartment(db, other.tenant.id, { name: "남의국" });
    await buildUser(db, other.tenant.id, { loginId: "kim.hana" });
    const { plan } = await previewPeopleImport(
      db,
      tenant.id,
      utf8([HEADER, "남의국,이름,,someone,,", "디지털정부국,김하나,,kim.hana,,"]),
    );
    expect(plan.ok && plan.errors).toEqual([
      { line: 2, field: "departmentPath", problem: "unknown-department", value: "남의국" },
    ]);
    await importPeople(actingAs(db, tenant.id), utf8([HEADER, "디지털정부국,김하나,,kim.hana,,"]));
    expect((await people(other.tenant.id)).map((p) => p.loginId)).toEqual(["kim.hana"]);
    expect(await auditEntries(db, other.tenant.id)).toEqual([]);
  });
});
