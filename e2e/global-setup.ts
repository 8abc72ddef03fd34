import { createWriteStream, mkdirSync } from "node:fs";
import { freePort } from "@nuri/db/embedded";
import { launchNuri, ROOT } from "../scripts/launch.ts";

const LOG_FILE = `${ROOT}e2e/test-results/nuri.log`;

/**
 * Starts Nuri for the suite on free ports, with its own embedded PostgreSQL in
 * .data/e2e-postgres (migrated and seeded with the demo agency and school), and tells the
 * tests where it is through NURI_E2E_* variables, which the workers inherit.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const appPort = await freePort();
  let collabPort = await freePort();
  while (collabPort === appPort) collabPort = await freePort();

  // Nuri's own output goes to a file, to keep the test report readable; it is printed as well
  // when the launch fails, since that is when it says why.
  mkdirSync(`${ROOT}e2e/test-results`, { recursive: true });
  const logFile = createWriteStream(LOG_FILE);
  const startup: string[] = [];
  const log = (line: string) => {
    startup.push(line);
    logFile.write(`${line}\n`);
  };

  try {
    const nuri = await launchNuri({
      // NURI_E2E_DATA_DIR lets two runs of the suite from one checkout keep their databases apart.
      dataDir: process.env.NURI_E2E_DATA_DIR ?? `${ROOT}.data/e2e-postgres`,
      appPort,
      collabPort,
      // The tests expect the seeded demo, so they never run against a DATABASE_URL from the shell.
      env: { DATABASE_URL: undefined, DATABASE_OWNER_URL: undefined },
      log,
    });
    startup.length = 0;
    process.env.NURI_E2E_BASE_URL = nuri.appUrl;
    process.env.NURI_E2E_COLLAB_URL = nuri.collabUrl;
    process.env.NURI_E2E_DATABASE_URL = nuri.appDatabaseUrl;
    return async () => {
      await nuri.stop();
      logFile.end();
    };
  } catch (error) {
    console.error(`Nuri did not start; its output (also in ${LOG_FILE}):\n${startup.join("\n")}`);
    logFile.end();
    throw error;
  }
}
