import postgres from "postgres";
import { DatabaseConnectError, describeConnectError } from "./client.ts";

/** The two roles every Nuri database has: the schema's owner and the application. */
export const OWNER_ROLE = "nuri_owner";
export const APP_ROLE = "nuri_app";

export interface ProvisionOptions {
  /** A superuser connection to the server (the embedded one, or a test server). */
  superuserUrl: string;
  database: string;
  ownerPassword: string;
  appPassword: string;
}

export interface ProvisionedUrls {
  ownerUrl: string;
  appUrl: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates (or keeps) the owner and application roles and a database owned by the owner.
 * The application role logs in, is no superuser, cannot bypass RLS and owns nothing: the
 * migrations grant it DML on the tables it needs. Idempotent; passwords are reset to the
 * ones given, so a rotated secret takes effect on the next start.
 */
export async function provisionDatabase(options: ProvisionOptions): Promise<ProvisionedUrls> {
  if (!IDENT.test(options.database)) throw new TypeError(`Not a plain database name: ${options.database}`);
  const admin = postgres(options.superuserUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin`select 1`.catch((error) => {
      throw new DatabaseConnectError(describeConnectError(options.superuserUrl, error));
    });
    for (const [role, password] of [
      [OWNER_ROLE, options.ownerPassword],
      [APP_ROLE, options.appPassword],
    ] as const) {
      // CREATE ROLE cannot take parameters; the names are constants and the password is
      // quoted as a literal by the server's own quote_literal.
      const [{ literal }] = (await admin`select quote_literal(${password}) as literal`) as unknown as [
        { literal: string },
      ];
      const attributes = "login nosuperuser nocreatedb nocreaterole noreplication nobypassrls";
      const exists = await admin`select 1 from pg_roles where rolname = ${role}`;
      if (exists.length === 0) {
        await admin
          .unsafe(`create role ${role} ${attributes} password ${literal}`)
          .catch(ignoreDuplicate("42710")); // another process created it first
      }
      await admin.unsafe(`alter role ${role} ${attributes} password ${literal}`);
    }
    const existing = await admin`select 1 from pg_database where datname = ${options.database}`;
    if (existing.length === 0) {
      await admin
        .unsafe(`create database ${options.database} owner ${OWNER_ROLE} encoding 'UTF8' template template0`)
        .catch(ignoreDuplicate("42P04"));
    }
    // Only the app (and the owner) may connect; nobody else may create schemas or temp tables.
    await admin.unsafe(`revoke all on database ${options.database} from public`);
    await admin.unsafe(`grant connect on database ${options.database} to ${APP_ROLE}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  await markSearchOperatorsLeakproof(options.superuserUrl, options.database);
  return {
    ownerUrl: withCredentials(options.superuserUrl, OWNER_ROLE, options.ownerPassword, options.database),
    appUrl: withCredentials(options.superuserUrl, APP_ROLE, options.appPassword, options.database),
  };
}

/**
 * Under row-level security PostgreSQL lets only leakproof operators drive an index scan: a
 * query's own conditions may not run before the policy's. The array operators `@>` and `&&`
 * are not marked leakproof, though they reveal nothing of a row (they return a boolean, and
 * their only error, arrays of different element types, depends on the query alone). Marked
 * here, in this database's catalog, so that document search (documents.search_grams, migration
 * 0005) is served by its GIN index: about ten times faster at 100,000 documents (bench/search,
 * docs/decisions/0010). Needs a superuser; without one, search still works, only slower.
 */
async function markSearchOperatorsLeakproof(superuserUrl: string, database: string): Promise<void> {
  const u = new URL(superuserUrl);
  u.pathname = `/${database}`;
  const admin = postgres(u.toString(), { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`alter function pg_catalog.arraycontains(anyarray, anyarray) leakproof`);
    await admin.unsafe(`alter function pg_catalog.arrayoverlap(anyarray, anyarray) leakproof`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Drops a database made by provisionDatabase (tests clean up after themselves). */
export async function dropDatabase(superuserUrl: string, database: string): Promise<void> {
  if (!IDENT.test(database)) throw new TypeError(`Not a plain database name: ${database}`);
  const admin = postgres(superuserUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${database} with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** The same server URL with another user, password and database. */
export function withCredentials(url: string, user: string, password: string, database: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  u.pathname = `/${database}`;
  return u.toString();
}

function ignoreDuplicate(code: string) {
  return (error: { code?: string }) => {
    if (error.code !== code) throw error;
  };
}
