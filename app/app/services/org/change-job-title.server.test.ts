import { buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { createJobTitle, listJobTitles, renameJobTitle, reorderJobTitle } from "./change-job-title.server.ts";
import { actingAs, auditEntries } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

describe("positions and ranks", () => {
  it("adds positions at the end, counts their holders and reorders them", async () => {
    const tenant = await buildTenant(db);
    const me = actingAs(db, tenant.id);
    const head = await createJobTitle(me, { kind: "position", name: "과장" });
    await createJobTitle(me, { kind: "position", name: "팀장" });
    await buildUser(db, tenant.id, { positionId: head.id });
    expect(await listJobTitles(db, tenant.id, "position")).toMatchObject([
      { name: "과장", holders: 1 },
      { name: "팀장", holders: 0 },
    ]);
    await reorderJobTitle(me, { kind: "position", id: head.id, direction: "down" });
    expect((await listJobTitles(db, tenant.id, "position")).map((p) => p.name)).toEqual(["팀장", "과장"]);
    expect(await listJobTitles(db, tenant.id, "rank")).toEqual([]);
    expect((await auditEntries(db, tenant.id)).map((e) => e.action)).toEqual([
      "org.position.create",
      "org.position.create",
      "org.position.reorder",
    ]);
  });

  it("renames a rank, refusing a name already taken as a field error", async () => {
    const tenant = await buildTenant(db);
    const me = actingAs(db, tenant.id);
    const rank = await createJobTitle(me, { kind: "rank", name: "주무관" });
    await createJobTitle(me, { kind: "rank", name: "사무관" });
    await expect(renameJobTitle(me, { kind: "rank", id: rank.id, name: "사무관" })).rejects.toMatchObject({
      field: "name",
      messageKey: "org.jobTitle.error.nameTaken",
    });
    await renameJobTitle(me, { kind: "rank", id: rank.id, name: "6급" });
    expect((await listJobTitles(db, tenant.id, "rank")).map((r) => r.name)).toEqual(["6급", "사무관"]);
    expect((await auditEntries(db, tenant.id)).at(-1)).toMatchObject({
      action: "org.rank.rename",
      details: { fromName: "주무관", name: "6급" },
    });
  });

  it("neither lists nor changes another agency's positions", async () => {
    const mine = await buildTenant(db);
    const theirs = await buildTenant(db);
    const their = await createJobTitle(actingAs(db, theirs.id), { kind: "position", name: "국장" });
    const me = actingAs(db, mine.id);
    expect(await listJobTitles(db, mine.id, "position")).toEqual([]);
    await expect(renameJobTitle(me, { kind: "position", id: their.id, name: "x" })).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      reorderJobTitle(me, { kind: "position", id: their.id, direction: "up" }),
    ).rejects.toMatchObject({
      status: 404,
    });
    await createJobTitle(me, { kind: "position", name: "국장" });
    expect((await listJobTitles(db, theirs.id, "position")).map((p) => p.name)).toEqual(["국장"]);
    expect(await auditEntries(db, theirs.id)).toHaveLength(1);
  });
});
