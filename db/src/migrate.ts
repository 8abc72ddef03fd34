import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Sql } from "./client.ts";

/** The checked-in SQL migrations of this package. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations", import.meta.url));

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

/** Thrown when a migration fails (the database keeps its state from before it) or was edited after it ran. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

const NAME = /^\d{4}_[a-z0-9_]+\.sql$/;
// Any constant will do; it only has to be the same for every Nuri migrator.
const LOCK_KEY = 7_265_311_042;

/** Reads `NNNN_name.sql` files in order; anything else in the folder is an error, not ignored. */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).sort();
  const migrations: Migration[] = [];
  for (const name of files) {
    if (!NAME.test(name)) throw new MigrationError(`Unexpected file in ${dir}: ${name} (want NNNN_name.sql)`);
    const sql = await readFile(`${dir}/${name}`, "utf8");
    migrations.push({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return migrations;
}

/**
 * Applies the migrations that have not run yet, each in its own transaction, as the schema
 * owner. Idempotent; safe to run from several processes at once (an advisory lock orders
 * them). A failing migration is rolled back whole and stops the run. A migration whose file
 * changed after it was applied stops the run too: fix forward with a new migration.
 */
export async function migrate(
  sql: Sql,
  options: { dir?: string; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const migrations = await loadMigrations(options.dir);
  await sql`create schema if not exists nuri_meta`;
  await sql`
    create table if not exists nuri_meta.migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`;
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
      const [done] = await tx<{ checksum: string }[]>`
        select checksum from nuri_meta.migrations where name = ${migration.name}`;
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was changed after it was applied; add a new migration instead.`,
          );
        }
        result.alreadyApplied.push(migration.name);
        return;
      }
      try {
        await tx.unsafe(migration.sql);
      } catch (error) {
        const e = error as { message?: string; position?: string };
        const line = e.position ? ` (line ${lineOf(migration.sql, Number(e.position))})` : "";
        throw new MigrationError(
          `Migration ${migration.name} failed${line}: ${e.message}; nothing of it was applied.`,
        );
      }
      await tx`insert into nuri_meta.migrations (name, checksum) values (${migration.name}, ${migration.checksum})`;
      result.applied.push(migration.name);
      log(`applied ${migration.name}`);
    });
  }
  return result;
}

function lineOf(text: string, position: number): number {
  return text.slice(0, position).split("\n").length;
}
