import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { afterEach, describe, expect, it, vi } from "vitest";
import { closeAppDatabase } from "../../db.server.ts";
import { checkServiceHealth } from "./check-service-health.server.ts";

const { urls } = connectTestDatabase();
// A closed port on this host: the connection is refused at once.
const UNREACHABLE = "postgres://nuri_app:wrong@127.0.0.1:1/nuri";

afterEach(async () => {
  await closeAppDatabase();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("checkServiceHealth", () => {
  it("answers with the tenant counts when the database answers", async () => {
    vi.stubEnv("DATABASE_URL", urls.appUrl);
    const health = await checkServiceHealth();
    expect(health).toMatchObject({ database: "ok", tenants: expect.any(Number) });
  });

  it("reports the database unreachable, and logs why, when it does not answer", async () => {
    vi.stubEnv("DATABASE_URL", UNREACHABLE);
    const logError = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(checkServiceHealth()).resolves.toEqual({ database: "unreachable" });
    expect(logError).toHaveBeenCalledWith(expect.stringMatching(/did not answer: .*connection refused/));
  });

  it("tries the database again on the next check after a failure", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.stubEnv("DATABASE_URL", UNREACHABLE);
    await checkServiceHealth();
    vi.stubEnv("DATABASE_URL", urls.appUrl);
    await expect(checkServiceHealth()).resolves.toMatchObject({ database: "ok" });
  });

  it("never serves through a role that could bypass row-level security", async () => {
    vi.stubEnv("DATABASE_URL", urls.ownerUrl);
    const logError = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(checkServiceHealth()).resolves.toEqual({ database: "unreachable" });
    expect(logError).toHaveBeenCalledWith(expect.stringMatching(/can bypass row-level security/));
  });
});
