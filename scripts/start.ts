import { DatabaseConnectError, UnsafeAppRoleError } from "@nuri/db";
import { launchNuri, ROOT } from "./launch.ts";

// `npm start` (and `pnpm dev`): Nuri on the embedded PostgreSQL in .data/postgres, or on
// DATABASE_URL when set. Ctrl-C stops the app, the collab-server and the database cleanly.
const dev = process.argv.includes("--dev");
const started = Date.now();
try {
  const nuri = await launchNuri({ dataDir: `${ROOT}.data/postgres`, dev });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
  누리 Nuri is running (${seconds} s)
    app            ${nuri.appUrl}
    collab-server  ${nuri.collabUrl}
    database       ${nuri.databaseWhere}${nuri.embedded ? " (embedded, data in .data/postgres)" : ""}

  Demo agency 디지털행정부 (digital-gov) and school 누리초등학교 (nuri-es): see README.md.
  Press Ctrl-C to stop.
`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Nuri…`);
    await nuri.stop();
    console.log("stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
} catch (error) {
  if (error instanceof DatabaseConnectError || error instanceof UnsafeAppRoleError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
