import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded.ts";

const dataDir = fileURLToPath(new URL(`../../.data/test-embedded-reuse-${process.pid}`, import.meta.url));

describe("the embedded PostgreSQL", () => {
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(`${dataDir}.secrets.json`, { force: true });
  });

  it("initialises its folder once, stops cleanly and keeps the data for the next start", async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    const one = postgres(first.superuserUrl, { max: 1, onnotice: () => {} });
    await one`create table kept (note text)`;
    await one`insert into kept values ('저장됨')`;
    await one.end();
    await first.stop();
    expect(existsSync(`${dataDir}/postmaster.pid`)).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir });
    const two = postgres(second.superuserUrl, { max: 1, onnotice: () => {} });
    try {
      expect(await two`select note from kept`).toEqual([{ note: "저장됨" }]);
      const [{ server_version: version }] = (await two`show server_version`) as unknown as [
        { server_version: string },
      ];
      expect(version).toMatch(/^17\./);
    } finally {
      await two.end();
      await second.stop();
    }
  }, 60_000);
});
