import { assertAppRoleIsSafe, UnsafeAppRoleError } from "../app-role.ts";
import { connectDatabase, DatabaseConnectError } from "../client.ts";
import { seedDemo } from "../seed/seed.ts";

// `pnpm db:seed`: seeds the demo agency and school through the application role (DATABASE_URL).
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("Set DATABASE_URL to the application role's connection URL.");
  process.exit(2);
}
try {
  const app = await connectDatabase(url, { max: 1, applicationName: "nuri-seed" });
  try {
    await assertAppRoleIsSafe(app.sql);
    const summary = await seedDemo(app.db);
    for (const t of summary.tenants)
      console.log(`${t.slug}: ${t.departments} departments, ${t.people} people`);
  } finally {
    await app.close();
  }
} catch (error) {
  if (error instanceof DatabaseConnectError || error instanceof UnsafeAppRoleError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
