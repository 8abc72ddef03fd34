import { hashPassword } from "@nuri/auth";
import { buildTenant, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAppDatabase } from "../../db.server.ts";
import { SIGN_IN_FAILURES_PER_IP } from "../../services/auth/sign-in-throttle.server.ts";
import { handleSignIn } from "./sign-in.server.ts";

const { app, urls } = connectTestDatabase();
const PASSWORD = "correct-horse-42";

beforeAll(() => {
  process.env.DATABASE_URL = urls.appUrl;
});
afterAll(closeAppDatabase);

function post(fields: Record<string, string>, language = "ko") {
  return new Request("http://nuri.test/t/x/sign-in", {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Accept-Language": language },
  });
}

describe("handleSignIn", () => {
  it("sets a cookie living as long as the tenant's absolute lifetime and follows a same-tenant redirectTo", async () => {
    const tenant = await buildTenant(app.db, { sessionAbsoluteMinutes: 120 });
    const user = await buildUser(app.db, tenant.id, { passwordHash: await hashPassword(PASSWORD) });
    const response = await handleSignIn(
      post({ loginId: user.loginId, password: PASSWORD, redirectTo: `/t/${tenant.slug}/account/sessions` }),
      { clientIp: "198.51.100.1" },
      { askTenant: false, findTenant: async () => tenant },
    );
    expect(response).toBeInstanceOf(Response);
    const res = response as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/t/${tenant.slug}/account/sessions`);
    expect(res.headers.get("Set-Cookie")).toMatch(/^nuri_session=[0-9a-f-]{36}~[^;]+;.*; Max-Age=7200(;|$)/);
  });

  it("answers the required fields in the person's language", async () => {
    const result = await handleSignIn(
      post({}, "en"),
      { clientIp: "198.51.100.2" },
      {
        askTenant: true,
        findTenant: async () => null,
      },
    );
    expect("data" in result ? result.init?.status : null).toBe(400);
    expect("data" in result ? result.data.fieldErrors : null).toEqual({
      tenant: "Enter your agency.",
      loginId: "Enter your user ID.",
      password: "Enter your password.",
    });
  });

  it("answers 429 once an address has failed too often, even with the right password", async () => {
    const tenant = await buildTenant(app.db, { lockoutThreshold: 20 });
    const user = await buildUser(app.db, tenant.id, { passwordHash: await hashPassword(PASSWORD) });
    const ip = { clientIp: "198.51.100.3" };
    const options = { askTenant: false, findTenant: async () => tenant };
    const statuses: number[] = [];
    for (let i = 0; i <= SIGN_IN_FAILURES_PER_IP.limit; i++) {
      // Unknown people, so that no account locks first.
      const result = await handleSignIn(
        post({ loginId: `nobody-${i}`, password: "wrong-password" }),
        ip,
        options,
      );
      statuses.push("data" in result ? (result.init?.status ?? 200) : (result as Response).status);
    }
    expect(statuses.slice(0, SIGN_IN_FAILURES_PER_IP.limit).every((status) => status === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const right = await handleSignIn(post({ loginId: user.loginId, password: PASSWORD }), ip, options);
    expect("data" in right ? right.init?.status : null).toBe(429);
    expect("data" in right ? right.data.formError : null).toMatch(/로그인 시도가 너무 많습니다/);
    // Another address is not affected.
    const elsewhere = await handleSignIn(
      post({ loginId: user.loginId, password: PASSWORD }),
      { clientIp: "198.51.100.4" },
      options,
    );
    expect((elsewhere as Response).status).toBe(302);
  });
});
