import { assertAppRoleIsSafe } from "./app-role.ts";
import { connectDatabase, describeServer } from "./client.ts";
import { startEmbeddedPostgres } from "./embedded.ts";
import { migrate } from "./migrate.ts";
import { provisionDatabase } from "./provision.ts";
import { seedDemo } from "./seed/seed.ts";

export interface PrepareOptions {
  /** The embedded cluster's folder, used when env has no DATABASE_URL. */
  dataDir: string;
  /** Port for the embedded cluster (0 picks a free one). */
  port?: number;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}

export interface PreparedDatabase {
  /** The application role's URL: what the app and the collab-server connect with. */
  appUrl: string;
  /** The schema owner's URL, when known (embedded, or DATABASE_OWNER_URL). */
  ownerUrl?: string;
  embedded: boolean;
  /** host:port/database, for the start-up banner. */
  where: string;
  stop(): Promise<void>;
}

/**
 * Gets a migrated database ready for the app. With DATABASE_URL, that server (migrated with
 * DATABASE_OWNER_URL when given; the demo is seeded only with NURI_SEED_DEMO=1). Without it, an
 * embedded PostgreSQL in `dataDir`, provisioned, migrated and seeded with the demo agency and
 * school. Either way the application role is checked to be unable to bypass RLS.
 */
export async function prepareDatabase(options: PrepareOptions): Promise<PreparedDatabase> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  let appUrl = env.DATABASE_URL;
  let ownerUrl = env.DATABASE_OWNER_URL;
  let seed = env.NURI_SEED_DEMO === "1" || env.NURI_SEED_DEMO === "true";
  let stop = async () => {};
  if (!appUrl) {
    const server = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.port ?? 0 });
    stop = () => server.stop();
    try {
      const urls = await provisionDatabase({
        superuserUrl: server.superuserUrl,
        database: "nuri",
        ownerPassword: server.secrets.owner,
        appPassword: server.secrets.app,
      });
      appUrl = urls.appUrl;
      ownerUrl = urls.ownerUrl;
      seed = true;
    } catch (error) {
      await stop();
      throw error;
    }
  }
  try {
    if (ownerUrl) {
      const owner = await connectDatabase(ownerUrl, { max: 1, applicationName: "nuri-migrate" });
      try {
        const { applied } = await migrate(owner.sql, { log });
        if (applied.length === 0) log("database schema is up to date");
      } finally {
        await owner.close();
      }
    }
    const app = await connectDatabase(appUrl, { max: 2, applicationName: "nuri-prepare" });
    try {
      await assertAppRoleIsSafe(app.sql);
      if (seed) {
        const summary = await seedDemo(app.db);
        for (const t of summary.tenants)
          log(`demo tenant ${t.slug}: ${t.departments} departments, ${t.people} people`);
      }
    } finally {
      await app.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { appUrl, ownerUrl, embedded: !env.DATABASE_URL, where: describeServer(appUrl), stop };
}
