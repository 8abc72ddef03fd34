import { assertAppRoleIsSafe, connectDatabase, type Database } from "@nuri/db";
import { jsonLogger } from "./log.ts";
import { createCollabServer } from "./server.ts";

// The collab-server process: `tsx collab-server/src/main.ts`. Like the app, it refuses to start
// unless the database answers and its role cannot bypass row-level security. SIGTERM and
// SIGINT shut it down gracefully: connections close, pending updates are written.

const host = process.env.HOST || "127.0.0.1";
const port = readPort(process.env.COLLAB_PORT, 1234);
const url = process.env.DATABASE_URL;
const ticketSecret = process.env.COLLAB_TICKET_SECRET ?? "";
if (Buffer.byteLength(ticketSecret) < 32) {
  exitWith(
    new Error(
      "COLLAB_TICKET_SECRET must be set to a random secret of at least 32 bytes, the same as the app's.",
    ),
  );
}
if (!url) exitWith(new Error("DATABASE_URL is not set: the collab-server connects as the application role."));

let database: Database;
try {
  database = await connectDatabase(url, { max: 4, applicationName: "nuri-collab" });
} catch (error) {
  exitWith(error);
}
try {
  await assertAppRoleIsSafe(database.sql);
} catch (error) {
  await database.close();
  exitWith(error);
}

const redisUrl = process.env.REDIS_URL || undefined;
const server = createCollabServer({
  port,
  host,
  database,
  ticketKey: Buffer.from(ticketSecret),
  redisUrl,
  logger: jsonLogger(),
  processMetrics: true,
});
try {
  await server.listen();
} catch (error) {
  await database.close();
  const message = error instanceof Error ? error.message : String(error);
  exitWith(
    new Error(
      redisUrl && !/listen|EADDRINUSE/i.test(message)
        ? `Cannot start: Redis at REDIS_URL did not answer (${message}).`
        : `Cannot listen on ${host}:${port}: ${message}`,
    ),
  );
}

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => void shutdown());
}

async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    await server.close();
    await database.close();
    process.exit(0);
  } catch (error) {
    exitWith(error);
  }
}

function readPort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    exitWith(new Error(`COLLAB_PORT must be a TCP port number (0-65535), got ${JSON.stringify(value)}.`));
  }
  return number;
}

// One line for the operator, not a stack trace: the database errors are written that way.
function exitWith(error: unknown): never {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
