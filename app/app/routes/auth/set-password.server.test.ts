import { withTenant } from "@nuri/db";
import { buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAppDatabase } from "../../db.server.ts";
import { createOneTimeLink } from "../../services/auth/one-time-links.server.ts";
import { PASSWORD_LINK_FAILURES_PER_IP } from "../../services/auth/sign-in-throttle.server.ts";
import { loader } from "./set-password.tsx";

const { app, urls } = connectTestDatabase();

beforeAll(() => {
  process.env.DATABASE_URL = urls.appUrl;
});
afterAll(closeAppDatabase);

type LoaderArgs = Parameters<typeof loader>[0];

async function open(slug: string, token: string, ip: string): Promise<number> {
  const args = {
    request: new Request(`http://nuri.test/t/${slug}/set-password/${token}`),
    params: { tenant: slug, token },
    context: { clientIp: ip },
  } as unknown as LoaderArgs;
  try {
    const result = await loader(args);
    return "init" in (result as object)
      ? ((result as { init?: { status?: number } }).init?.status ?? 200)
      : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("the set-password page (password reset links)", () => {
  it("refuses an address with 429 after too many invalid links, even for a valid link", async () => {
    const tenant = await buildTenant(app.db);
    const person = await buildUser(app.db, tenant.id);
    const { token } = await withTenant(app.db, tenant.id, (tx) =>
      createOneTimeLink(tx, { tenantId: tenant.id, userId: person.id, purpose: "reset" }),
    );
    const bogus = `${"a".repeat(32)}.${"b".repeat(32)}`;
    expect(await open(tenant.slug, token, "203.0.113.7")).toBe(200);
    // the limit is how many failures are allowed; the one after it blocks the address
    for (let i = 0; i <= PASSWORD_LINK_FAILURES_PER_IP.limit; i++) {
      expect(await open(tenant.slug, bogus, "203.0.113.7")).toBe(404);
    }
    expect(await open(tenant.slug, token, "203.0.113.7")).toBe(429);
    // another address is not affected
    expect(await open(tenant.slug, token, "203.0.113.8")).toBe(200);
  });
});
