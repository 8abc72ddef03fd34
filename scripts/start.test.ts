import { spawnSync } from "node:child_process";
import { freePort } from "@nuri/db/embedded";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { ROOT } from "./launch.ts";

const { urls } = connectTestDatabase();

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: "0" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout.trim() };
}

describe("npm start with a DATABASE_URL that does not work", () => {
  it("prints one line naming the host and the refusal, and exits 1", async () => {
    const port = await freePort();
    const { status, stderr } = start({ DATABASE_URL: `postgres://nuri_app:secret@127.0.0.1:${port}/nuri` });
    expect(status).toBe(1);
    expect(stderr).toBe(
      `Cannot connect to PostgreSQL at 127.0.0.1:${port}/nuri: connection refused (is PostgreSQL running and listening there?)`,
    );
  });

  it("refuses to start as a role that can bypass row-level security", () => {
    const { ownerUrl } = urls;
    const { status, stderr } = start({ DATABASE_URL: ownerUrl });
    expect(status).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(
      /^Refusing to start: the database role "nuri_owner" can bypass row-level security/,
    );
  });
});
