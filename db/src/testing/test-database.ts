import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startEmbeddedPostgres } from "../embedded.ts";
import { migrate } from "../migrate.ts";
import { dropDatabase, provisionDatabase } from "../provision.ts";

export interface TestDatabaseUrls {
  /** A superuser URL of the test server (for scratch databases and catalog checks). */
  superuserUrl: string;
  ownerUrl: string;
  appUrl: string;
  database: string;
  /** "embedded" or the server named by TEST_DATABASE_URL. */
  server: string;
}

export interface TestDatabase extends TestDatabaseUrls {
  dispose(): Promise<void>;
}

const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
// Test servers are disposable: the roles get fixed passwords there.
const TEST_PASSWORDS = { owner: "nuri-test-owner", app: "nuri-test-app" };

/**
 * A freshly migrated database for one test run: on the server named by TEST_DATABASE_URL
 * (a superuser URL of a disposable server) or else on an embedded PostgreSQL of its own,
 * removed again by dispose().
 */
export async function createTestDatabase(
  env: Record<string, string | undefined> = process.env,
): Promise<TestDatabase> {
  const external = env.TEST_DATABASE_URL;
  let stopServer = async () => {};
  let superuserUrl = external;
  if (!superuserUrl) {
    const dataDir = `${PROJECT_ROOT}.data/test-postgres-${process.pid}-${randomBytes(3).toString("hex")}`;
    await mkdir(`${PROJECT_ROOT}.data`, { recursive: true });
    const server = await startEmbeddedPostgres({ dataDir, persistent: false });
    superuserUrl = server.superuserUrl;
    stopServer = () => server.stop();
  }
  const database = `nuri_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  try {
    const urls = await provisionDatabase({
      superuserUrl,
      database,
      ownerPassword: TEST_PASSWORDS.owner,
      appPassword: TEST_PASSWORDS.app,
    });
    const { default: postgres } = await import("postgres");
    const owner = postgres(urls.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      await migrate(owner);
    } finally {
      await owner.end();
    }
    const serverName = external ? new URL(external).host : "embedded";
    return {
      superuserUrl,
      ...urls,
      database,
      server: serverName,
      async dispose() {
        if (external) await dropDatabase(superuserUrl, database);
        await stopServer();
      },
    };
  } catch (error) {
    await stopServer();
    throw error;
  }
}
