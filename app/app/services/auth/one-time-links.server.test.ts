import { withTenant } from "@nuri/db";
import { buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { cancelOneTimeLinks, createOneTimeLink, findOneTimeLink } from "./one-time-links.server.ts";

const { app } = connectTestDatabase();

describe("one-time links", () => {
  it("stop working when a newer link of any purpose is made for the person", async () => {
    const tenant = await buildTenant(app.db);
    const person = await buildUser(app.db, tenant.id);
    const setup = await withTenant(app.db, tenant.id, (tx) =>
      createOneTimeLink(tx, { tenantId: tenant.id, userId: person.id, purpose: "setup" }),
    );
    const reset = await withTenant(app.db, tenant.id, (tx) =>
      createOneTimeLink(tx, { tenantId: tenant.id, userId: person.id, purpose: "reset" }),
    );
    await withTenant(app.db, tenant.id, async (tx) => {
      expect(await findOneTimeLink(tx, tenant.id, setup.token)).toBeNull();
      expect(await findOneTimeLink(tx, tenant.id, reset.token)).toMatchObject({
        userId: person.id,
        purpose: "reset",
      });
    });
  });

  it("can all be cancelled at once, and another person's links are untouched", async () => {
    const tenant = await buildTenant(app.db);
    const [one, two] = [await buildUser(app.db, tenant.id), await buildUser(app.db, tenant.id)];
    const [a, b] = await withTenant(app.db, tenant.id, async (tx) => [
      await createOneTimeLink(tx, { tenantId: tenant.id, userId: one.id, purpose: "setup" }),
      await createOneTimeLink(tx, { tenantId: tenant.id, userId: two.id, purpose: "setup" }),
    ]);
    await withTenant(app.db, tenant.id, async (tx) => {
      expect(await cancelOneTimeLinks(tx, tenant.id, one.id)).toBe(1);
      expect(await findOneTimeLink(tx, tenant.id, a!.token)).toBeNull();
      expect(await findOneTimeLink(tx, tenant.id, b!.token)).not.toBeNull();
    });
  });

  it("are not found from another tenant", async () => {
    const tenant = await buildTenant(app.db);
    const other = await buildTenant(app.db);
    const person = await buildUser(app.db, tenant.id);
    const link = await withTenant(app.db, tenant.id, (tx) =>
      createOneTimeLink(tx, { tenantId: tenant.id, userId: person.id, purpose: "setup" }),
    );
    expect(await withTenant(app.db, other.id, (tx) => findOneTimeLink(tx, other.id, link.token))).toBeNull();
  });
});
