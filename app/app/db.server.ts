import { assertAppRoleIsSafe, connectDatabase, type Database } from "@nuri/db";

// The pool lives on globalThis, not in this module: server.ts and the built server bundle each
// load their own copy of this file, and Vite's dev server reloads it on every edit. Keyed on
// globalThis, all of them share ONE pool instead of leaking a new one per copy or per reload.
const POOL = Symbol.for("nuri.app.database");
const holder = globalThis as { [POOL]?: Promise<Database> };

/**
 * The app's database pool, opened on first use from DATABASE_URL. Opening it proves that the
 * server answers and that the role cannot bypass row-level security; a failed attempt is
 * forgotten, so the next call tries again (the database may come back).
 */
export function getAppDatabase(): Promise<Database> {
  holder[POOL] ??= openAppDatabase().catch((error: unknown) => {
    holder[POOL] = undefined;
    throw error;
  });
  return holder[POOL];
}

/** Closes the pool, letting running queries finish; the next getAppDatabase() opens a new one. */
export async function closeAppDatabase(): Promise<void> {
  const pending = holder[POOL];
  holder[POOL] = undefined;
  const database = await pending?.catch(() => undefined);
  await database?.close();
}

async function openAppDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set: start Nuri with `pnpm start` (embedded PostgreSQL) or point DATABASE_URL at the application role.",
    );
  }
  const database = await connectDatabase(url, { applicationName: "nuri-app" });
  try {
    await assertAppRoleIsSafe(database.sql);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
