import { connectDatabase, DatabaseConnectError } from "../client.ts";
import { MigrationError, migrate } from "../migrate.ts";

// `pnpm db:migrate`: applies the migrations to the server named by DATABASE_OWNER_URL.
const url = process.env.DATABASE_OWNER_URL;
if (!url) {
  console.error("Set DATABASE_OWNER_URL to the schema owner's connection URL (migrations run as the owner).");
  process.exit(2);
}
try {
  const owner = await connectDatabase(url, { max: 1, applicationName: "nuri-migrate" });
  try {
    const { applied, alreadyApplied } = await migrate(owner.sql, { log: console.log });
    console.log(`${applied.length} applied, ${alreadyApplied.length} already applied`);
  } finally {
    await owner.close();
  }
} catch (error) {
  if (error instanceof DatabaseConnectError || error instanceof MigrationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
