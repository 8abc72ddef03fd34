import type { TestProject } from "vitest/node";
import { createTestDatabase } from "./test-database.ts";

/** Vitest global setup: one migrated database for the run, its URLs provided to every test file. */
export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  const { dispose, ...urls } = database;
  project.provide("nuriDatabase", urls);
  console.log(`[nuri] tests use PostgreSQL: ${urls.server} (database ${urls.database})`);
  return dispose;
}
