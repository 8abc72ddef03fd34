import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { connectTestDatabase } from "../testing/vitest.ts";
import * as schema from "./index.ts";

const { superuser } = connectTestDatabase();

const tables = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => value instanceof PgTable)
  .map((table) => getTableConfig(table));

describe("the drizzle schema", () => {
  it("declares every table the migrations create", async () => {
    const rows = await superuser.sql<{ relname: string }[]>`
      select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') order by relname`;
    expect(tables.map((t) => t.name).sort()).toEqual(rows.map((r) => r.relname));
  });

  it.each(tables.map((t) => [t.name, t] as const))("matches the columns of %s", async (name, config) => {
    const rows = await superuser.sql<{ column_name: string; is_nullable: string; udt_name: string }[]>`
      select column_name, is_nullable, udt_name from information_schema.columns
      where table_schema = 'public' and table_name = ${name} order by column_name`;
    const inDatabase = rows.map(
      (r) => `${r.column_name} ${r.udt_name} ${r.is_nullable === "NO" ? "not null" : "null"}`,
    );
    const inDrizzle = config.columns
      .map(
        (c) =>
          `${c.name} ${c
            .getSQLType()
            .replace(/^timestamp with time zone$/, "timestamptz")
            .replace(/^integer$/, "int4")
            .replace(/^smallint$/, "int2")
            .replace(/^bigint$/, "int8")
            .replace(/^boolean$/, "bool")
            .replace(/^smallint\[\]$/, "int2[]")
            .replace(/^(\w+)\[\]$/, "_$1")} ${c.notNull ? "not null" : "null"}`,
      )
      .sort();
    expect(inDrizzle).toEqual(inDatabase);
  });
});
