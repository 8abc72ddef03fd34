import { and, channels, eq, syncDepartmentChannels, users, withTenant } from "@nuri/db";
import { buildDepartment, buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { closeDepartment, createDepartment, updateDepartment } from "../org/change-department.server.ts";
import { createPerson, setPersonStatus, updatePerson } from "../org/change-person.server.ts";
import { actingAs } from "../org/test-helpers.server.ts";
import { leaveChannel, listMyChannels, updateChannel } from "./channels.server.ts";
import { latestEventId, listEventsAfter } from "./events.server.ts";
import { listMessages, postMessage } from "./messages.server.ts";
import { actorOf, expectAppError } from "./test-helpers.server.ts";

// Department channels follow the org chart: the org services bring them in step in the same
// transaction as every change of departments or people.

const { app } = connectTestDatabase();
const db = app.db;

const person = (name: string, departmentId: string | null, loginId: string) => ({
  displayName: name,
  loginId,
  email: null,
  departmentId,
  positionId: null,
  rankId: null,
  role: "member" as const,
  employeeNumber: null,
});

async function departmentChannel(tenantId: string, departmentId: string) {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(channels)
      .where(and(eq(channels.tenantId, tenantId), eq(channels.departmentId, departmentId))),
  );
  return row;
}

describe("department channels", () => {
  it("opens one for a new department and puts its people in it, following moves, renames and leavers", async () => {
    const tenant = await buildTenant(db);
    const admin = await buildUser(db, tenant.id, { role: "admin" });
    const org = actingAs(db, tenant.id, admin.id);
    const policy = await createDepartment(org, { name: "정책과", code: null, parentId: null });
    const budget = await createDepartment(org, { name: "예산과", code: null, parentId: null });
    const { userId: kimId } = await createPerson(org, person("김정책", policy.id, "kim.p"));
    const { userId: leeId } = await createPerson(org, person("이예산", budget.id, "lee.b"));
    const kim = actorOf(db, { tenantId: tenant.id, id: kimId });
    const lee = actorOf(db, { tenantId: tenant.id, id: leeId });

    const [mine] = await listMyChannels(kim);
    expect(mine).toMatchObject({ kind: "department", title: "정책과" });
    const channelId = mine!.id;
    await postMessage(kim, { channelId, body: "정책과 공지" });
    await expectAppError(leaveChannel(kim, channelId), "cannot-leave", 409);
    // Another department's channel is not theirs to read.
    await expectAppError(listMessages(lee, channelId), "channel-not-found", 404);

    // Moved to 정책과: a member from now on, with what came before not counted as unread.
    const before = await latestEventId(lee);
    await updatePerson(org, { id: leeId, ...person("이예산", policy.id, "lee.b") });
    expect((await listMyChannels(lee)).map((c) => [c.title, c.unread])).toEqual([["정책과", 0]]);
    const { events } = await listEventsAfter(lee, before);
    expect(events.map((e) => [e.kind, e.payload])).toEqual([
      ["channel.member", { added: [leeId], removed: [] }],
    ]);

    await updateDepartment(org, { id: policy.id, name: "정책기획과", code: null });
    expect((await listMyChannels(kim))[0]?.title).toBe("정책기획과");

    await setPersonStatus(org, { id: kimId, status: "disabled" });
    expect((await listMessages(lee, channelId)).channel.memberCount).toBe(1);

    // A closed department's channel is archived (its messages kept, nobody can post).
    await updatePerson(org, { id: leeId, ...person("이예산", budget.id, "lee.b") });
    await closeDepartment(org, { id: policy.id });
    expect((await departmentChannel(tenant.id, policy.id))?.archivedAt).toBeInstanceOf(Date);
    expect((await listMyChannels(lee)).map((c) => c.title)).toEqual(["예산과"]);
  });

  it("makes a homeroom's channel one where its teachers post and its students read", async () => {
    const tenant = await buildTenant(db, { kind: "school" });
    const homeroom = await buildDepartment(db, tenant.id, {
      name: "3학년 2반",
      kind: "homeroom",
      grade: 3,
      classNumber: 2,
    });
    const teacher = await buildUser(db, tenant.id, { role: "teacher", departmentId: homeroom.id });
    const student = await buildUser(db, tenant.id, { role: "student", departmentId: homeroom.id });
    await withTenant(db, tenant.id, (tx) => syncDepartmentChannels(tx));
    const channel = await departmentChannel(tenant.id, homeroom.id);
    expect(channel?.posting).toBe("managers");
    await postMessage(actorOf(db, teacher), { channelId: channel!.id, body: "내일 현장체험학습입니다" });
    await expectAppError(
      postMessage(actorOf(db, { ...student, role: "student" }), { channelId: channel!.id, body: "네" }),
      "announcement-only",
      403,
    );
    // The org chart decides when a department's channel is archived, not its managers.
    await expectAppError(
      updateChannel(actorOf(db, teacher), channel!.id, { archived: true }),
      "department-archive",
      409,
    );
    // A student who becomes a teacher manages the homeroom's channel from the next sync on.
    await withTenant(db, tenant.id, async (tx) => {
      await tx.update(users).set({ role: "teacher" }).where(eq(users.id, student.id));
      await syncDepartmentChannels(tx);
    });
    await postMessage(actorOf(db, { ...student, role: "teacher" }), {
      channelId: channel!.id,
      body: "담임입니다",
    });
    // Running it again changes nothing.
    expect(await withTenant(db, tenant.id, (tx) => syncDepartmentChannels(tx))).toBe(0);
  });

  it("keeps to the tenant it runs in", async () => {
    const tenant = await buildTenant(db);
    const other = await buildTenant(db);
    await buildDepartment(db, other.id, { name: "남의 부서" });
    const dept = await buildDepartment(db, tenant.id, { name: "우리 부서" });
    await withTenant(db, tenant.id, (tx) => syncDepartmentChannels(tx));
    expect(await departmentChannel(tenant.id, dept.id)).toBeDefined();
    const [theirs] = await withTenant(db, other.id, (tx) => tx.select().from(channels));
    expect(theirs).toBeUndefined();
    await expect(db.transaction((tx) => syncDepartmentChannels(tx))).rejects.toMatchObject({
      cause: { code: "42501" },
    });
  });
});
