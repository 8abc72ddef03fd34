import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema>;
export type Sql = postgres.Sql;
/** The raw client, or one of its transactions: what a single raw statement can run on. */
export type SqlClient = postgres.Sql | postgres.TransactionSql;

export interface Database {
  /** The raw postgres.js client, for the few places that need SQL drizzle cannot say. */
  sql: Sql;
  db: Db;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Pool size; the app uses the default, tests and scripts keep it small. */
  max?: number;
  /** Application name shown in pg_stat_activity, to tell Nuri's processes apart. */
  applicationName?: string;
}

/** Opens a pooled connection (lazily: nothing is sent until the first query). */
export function openDatabase(url: string, options: OpenOptions = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: 10,
    idle_timeout: 30,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "nuri" },
  });
  const db = drizzle(sql, { schema });
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}

/** Thrown when a server cannot be reached or refuses the login; `message` is one line for people. */
export class DatabaseConnectError extends Error {
  override name = "DatabaseConnectError";
}

/**
 * Opens a database and proves it answers, turning the driver's error into one line that
 * names the host and what failed (an operator's first question), instead of a stack trace.
 */
export async function connectDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const database = openDatabase(url, options);
  try {
    await database.sql`select 1`;
    return database;
  } catch (error) {
    await database.sql.end({ timeout: 0 }).catch(() => {});
    throw new DatabaseConnectError(describeConnectError(url, error));
  }
}

/** One line naming the server and the reason a connection failed. */
export function describeConnectError(url: string, error: unknown): string {
  const where = describeServer(url);
  const e = error as { code?: string; message?: string };
  const reason = (() => {
    switch (e.code) {
      case "ECONNREFUSED":
        return "connection refused (is PostgreSQL running and listening there?)";
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return "host name not found";
      case "CONNECT_TIMEOUT":
      case "ETIMEDOUT":
        return "timed out while connecting";
      case "28P01":
        return `password authentication failed for user "${userOf(url)}"`;
      case "28000":
        return `login refused for user "${userOf(url)}": ${e.message}`;
      case "3D000":
        return `database "${databaseOf(url)}" does not exist`;
      default:
        return e.message ?? String(error);
    }
  })();
  return `Cannot connect to PostgreSQL at ${where}: ${reason}`;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** host:port/database, never the password. */
export function describeServer(url: string): string {
  const u = parse(url);
  if (!u) return "(an unparsable DATABASE_URL)";
  return `${u.hostname || "localhost"}:${u.port || "5432"}/${databaseOf(url)}`;
}

function userOf(url: string): string {
  return decodeURIComponent(parse(url)?.username ?? "") || "(default)";
}

function databaseOf(url: string): string {
  return decodeURIComponent(parse(url)?.pathname.slice(1) ?? "") || "(default)";
}
