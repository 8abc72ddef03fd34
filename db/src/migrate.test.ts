import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { loadMigrations, MigrationError, migrate } from "./migrate.ts";
import { dropDatabase, provisionDatabase } from "./provision.ts";
import { connectTestDatabase } from "./testing/vitest.ts";

const { owner, urls } = connectTestDatabase();

describe("migrate", () => {
  it("applies nothing the second time (the test database was migrated by the global setup)", async () => {
    const result = await migrate(owner.sql);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toEqual((await loadMigrations()).map((m) => m.name));
  });

  describe("on a scratch database", () => {
    const database = `nuri_scratch_${Date.now().toString(36)}`;
    // The tests below share this database and build on each other, in order.
    let scratch: postgres.Sql | undefined;
    let scratchOwnerUrl = "";
    afterAll(async () => {
      await scratch?.end();
      await dropDatabase(urls.superuserUrl, database);
    });

    async function folder(files: Record<string, string>) {
      const dir = await mkdtemp(join(tmpdir(), "nuri-migrations-"));
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
      return dir;
    }

    it("rolls a failed migration back whole and records nothing of it", async () => {
      const provisioned = await provisionDatabase({
        superuserUrl: urls.superuserUrl,
        database,
        ownerPassword: "nuri-test-owner",
        appPassword: "nuri-test-app",
      });
      scratchOwnerUrl = provisioned.ownerUrl;
      scratch = postgres(provisioned.ownerUrl, { max: 1, onnotice: () => {} });
      const dir = await folder({
        "0001_first.sql": "create table first (id int primary key);",
        "0002_broken.sql":
          "create table second (id int primary key);\ninsert into first values (1);\nselect * from nowhere;",
      });
      const error = await migrate(scratch, { dir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect(String((error as Error).message)).toMatch(
        /0002_broken\.sql failed \(line 3\).*nowhere.*nothing of it was applied/,
      );

      const tables = await scratch<{ relname: string }[]>`
        select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname`;
      expect(tables.map((t) => t.relname)).toEqual(["first"]);
      expect(await scratch`select * from first`).toHaveLength(0);
      const ledger = await scratch`select name from nuri_meta.migrations order by name`;
      expect(ledger.map((r) => r.name)).toEqual(["0001_first.sql"]);
    });

    it("refuses to go on when an applied migration was edited", async () => {
      const dir = await folder({ "0001_first.sql": "create table first (id bigint primary key);" });
      await expect(migrate(scratch!, { dir })).rejects.toThrow(
        /0001_first\.sql was changed after it was applied/,
      );
    });

    it("lets two migrators race and applies each migration once", async () => {
      const dir = await folder({
        "0001_first.sql": "create table first (id int primary key);",
        "0002_second.sql": "create table second (id int primary key);",
      });
      const other = postgres(scratchOwnerUrl, { max: 1, onnotice: () => {} });
      try {
        const [one, two] = await Promise.all([migrate(scratch!, { dir }), migrate(other, { dir })]);
        expect([...one.applied, ...two.applied]).toEqual(["0002_second.sql"]);
      } finally {
        await other.end();
      }
    });

    it("refuses a stray file in the migrations folder", async () => {
      const dir = await folder({ "0001_first.sql": "select 1;", "notes.txt": "hello" });
      await expect(loadMigrations(dir)).rejects.toThrow(/Unexpected file .*notes\.txt/);
    });
  });
});
