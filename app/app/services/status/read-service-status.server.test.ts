import { buildTenant } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { readServiceStatus } from "./read-service-status.server.ts";

const { app } = connectTestDatabase();

describe("readServiceStatus", () => {
  it("counts every tenant, and the active ones by kind", async () => {
    // The run's database is shared with other test files, so compare against a baseline.
    const before = await readServiceStatus({ db: app.db });
    await buildTenant(app.db, { kind: "agency", status: "active" });
    await buildTenant(app.db, { kind: "school", status: "active" });
    await buildTenant(app.db, { kind: "school", status: "active" });
    await buildTenant(app.db, { kind: "agency", status: "suspended" });
    await buildTenant(app.db, { kind: "school", status: "pending" });

    const after = await readServiceStatus({ db: app.db });
    expect(after.tenants - before.tenants).toBe(5);
    expect(after.active.agencies - before.active.agencies).toBe(1);
    expect(after.active.schools - before.active.schools).toBe(2);
  });
});
