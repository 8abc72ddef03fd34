import { and, departments, eq, users, withTenant } from "@nuri/db";
import { buildDepartment, buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import {
  closeDepartment,
  createDepartment,
  moveDepartment,
  reorderDepartment,
  updateDepartment,
} from "./change-department.server.ts";
import { flattenDepartments, listDepartments } from "./list-departments.server.ts";
import { actingAs, auditEntries } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

async function readDepartment(tenantId: string, id: string) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(departments)
      .where(and(eq(departments.tenantId, tenantId), eq(departments.id, id))),
  );
  return row;
}

describe("departments", () => {
  it("creates a department under a parent and records it in the audit log", async () => {
    const tenant = await buildTenant(db);
    const parent = await buildDepartment(db, tenant.id, { name: "디지털정부국" });
    const created = await createDepartment(actingAs(db, tenant.id), {
      name: "디지털서비스과",
      code: "DIG-SVC",
      parentId: parent.id,
    });
    const nodes = flattenDepartments(await listDepartments(db, tenant.id));
    expect(nodes.map((n) => n.path)).toEqual(["디지털정부국", "디지털정부국 / 디지털서비스과"]);
    const [entry] = await auditEntries(db, tenant.id);
    expect(entry).toMatchObject({
      action: "org.department.create",
      targetId: created.id,
      ip: "203.0.113.7",
      details: { name: "디지털서비스과", code: "DIG-SVC", parentId: parent.id },
    });
  });

  it("orders siblings by sort order, then name, and swaps them up and down", async () => {
    const tenant = await buildTenant(db);
    const b = await buildDepartment(db, tenant.id, { name: "나부서", sortOrder: 0 });
    await buildDepartment(db, tenant.id, { name: "가부서", sortOrder: 0 });
    await buildDepartment(db, tenant.id, { name: "다부서", sortOrder: 1 });
    const names = async () => (await listDepartments(db, tenant.id)).map((n) => n.name);
    expect(await names()).toEqual(["가부서", "나부서", "다부서"]);
    await reorderDepartment(actingAs(db, tenant.id), { id: b.id, direction: "up" });
    expect(await names()).toEqual(["나부서", "가부서", "다부서"]);
    await reorderDepartment(actingAs(db, tenant.id), { id: b.id, direction: "up" });
    expect(await names()).toEqual(["나부서", "가부서", "다부서"]);
  });

  it("refuses a code that another department uses, as a field error", async () => {
    const tenant = await buildTenant(db);
    await buildDepartment(db, tenant.id, { code: "PLN" });
    await expect(
      createDepartment(actingAs(db, tenant.id), { name: "새 부서", code: "PLN", parentId: null }),
    ).rejects.toMatchObject({ field: "code", messageKey: "org.department.error.codeTaken" });
    expect(await auditEntries(db, tenant.id)).toEqual([]);
  });

  it("renames a department and changes its code", async () => {
    const tenant = await buildTenant(db);
    const department = await buildDepartment(db, tenant.id, { name: "옛 이름" });
    await updateDepartment(actingAs(db, tenant.id), { id: department.id, name: "새 이름", code: "NEW" });
    expect(await readDepartment(tenant.id, department.id)).toMatchObject({ name: "새 이름", code: "NEW" });
    const [entry] = await auditEntries(db, tenant.id);
    expect(entry?.details).toMatchObject({ fromName: "옛 이름", name: "새 이름", code: "NEW" });
  });

  it("moves a department under another one", async () => {
    const tenant = await buildTenant(db);
    const a = await buildDepartment(db, tenant.id);
    const b = await buildDepartment(db, tenant.id);
    await moveDepartment(actingAs(db, tenant.id), { id: b.id, parentId: a.id });
    expect((await readDepartment(tenant.id, b.id))?.parentId).toBe(a.id);
    await moveDepartment(actingAs(db, tenant.id), { id: b.id, parentId: null });
    expect((await readDepartment(tenant.id, b.id))?.parentId).toBeNull();
  });

  it("refuses to move a department under itself or one of its descendants, writing nothing", async () => {
    const tenant = await buildTenant(db);
    const top = await buildDepartment(db, tenant.id);
    const middle = await buildDepartment(db, tenant.id, { parentId: top.id });
    const bottom = await buildDepartment(db, tenant.id, { parentId: middle.id });
    for (const parentId of [top.id, middle.id, bottom.id]) {
      await expect(moveDepartment(actingAs(db, tenant.id), { id: top.id, parentId })).rejects.toMatchObject({
        code: "org.department.cycle",
      });
    }
    expect((await readDepartment(tenant.id, top.id))?.parentId).toBeNull();
    expect(await auditEntries(db, tenant.id)).toEqual([]);
  });

  it("refuses to close a department with active people or open sub-departments", async () => {
    const tenant = await buildTenant(db);
    const parent = await buildDepartment(db, tenant.id);
    const child = await buildDepartment(db, tenant.id, { parentId: parent.id });
    const person = await buildUser(db, tenant.id, { departmentId: child.id });
    await expect(closeDepartment(actingAs(db, tenant.id), { id: child.id })).rejects.toMatchObject({
      messageKey: "org.department.error.hasPeople",
      params: { count: 1 },
    });
    await expect(closeDepartment(actingAs(db, tenant.id), { id: parent.id })).rejects.toMatchObject({
      messageKey: "org.department.error.hasChildren",
    });
    expect(await auditEntries(db, tenant.id)).toEqual([]);

    // A disabled person does not keep a department open.
    await withTenant(db, tenant.id, (tx) =>
      tx
        .update(users)
        .set({ status: "disabled" })
        .where(and(eq(users.tenantId, tenant.id), eq(users.id, person.id))),
    );
    await closeDepartment(actingAs(db, tenant.id), { id: child.id });
    await closeDepartment(actingAs(db, tenant.id), { id: parent.id });
    expect((await readDepartment(tenant.id, parent.id))?.closedAt).toBeInstanceOf(Date);
    const tree = await listDepartments(db, tenant.id);
    expect(tree[0]).toMatchObject({ closed: true, children: [{ closed: true }] });
    expect((await auditEntries(db, tenant.id)).map((e) => e.action)).toEqual([
      "org.department.close",
      "org.department.close",
    ]);
  });

  it("does not find, move, rename or close a department of another agency", async () => {
    const mine = await buildTenant(db);
    const theirs = await buildTenant(db);
    const their = await buildDepartment(db, theirs.id, { name: "남의 부서" });
    const my = await buildDepartment(db, mine.id);
    const me = actingAs(db, mine.id);
    expect(flattenDepartments(await listDepartments(db, mine.id)).map((n) => n.id)).toEqual([my.id]);
    await expect(moveDepartment(me, { id: their.id, parentId: my.id })).rejects.toMatchObject({
      status: 404,
    });
    await expect(moveDepartment(me, { id: my.id, parentId: their.id })).rejects.toMatchObject({
      status: 404,
    });
    await expect(updateDepartment(me, { id: their.id, name: "x", code: null })).rejects.toMatchObject({
      status: 404,
    });
    await expect(closeDepartment(me, { id: their.id })).rejects.toMatchObject({ status: 404 });
    await expect(reorderDepartment(me, { id: their.id, direction: "up" })).rejects.toMatchObject({
      status: 404,
    });
    await expect(createDepartment(me, { name: "x", code: null, parentId: their.id })).rejects.toMatchObject({
      status: 404,
    });
    expect(await readDepartment(theirs.id, their.id)).toMatchObject({ name: "남의 부서", closedAt: null });
    expect(await auditEntries(db, mine.id)).toEqual([]);
    expect(await auditEntries(db, theirs.id)).toEqual([]);
  });
});
