import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { ROOT } from "./launch.ts";

// `npm test`: every check and test, in the order that fails fastest. Tests run against an
// embedded PostgreSQL, and the suites that use a database once more against TEST_DATABASE_URL
// when it is set (CI points it at the machine's PostgreSQL 15). Ends with one "N passed, N failed, N skipped" line.

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const started = Date.now();

function run(
  title: string,
  command: string,
  args: string[],
  env: Record<string, string | undefined> = process.env,
) {
  console.log(`\n━━ ${title}\n$ ${command} ${args.join(" ")}`);
  const t = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: "inherit" });
  console.log(
    `━━ ${title}: ${result.status === 0 ? "ok" : "FAILED"} (${((Date.now() - t) / 1000).toFixed(1)} s)`,
  );
  return result.status === 0;
}

function fail(message: string): never {
  console.error(`\n✗ ${message}`);
  printTotal();
  process.exit(1);
}

function printTotal() {
  console.log(`\nnpm test took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
}

function tallyVitest(file: string) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests;
  total.skipped += report.numPendingTests + report.numTodoTests;
}

function tallyPlaywright(file: string) {
  if (!existsSync(file)) return;
  const { stats } = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  };
  total.passed += stats.expected + stats.flaky;
  total.failed += stats.unexpected;
  total.skipped += stats.skipped;
}

function ensureChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  const found = candidates.find((p) => p && existsSync(p));
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    console.log("Chromium is missing: installing Debian's chromium package for the browser tests…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const install = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
    if (install.status === 0 && existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  }
  fail(
    "The browser tests need Chromium: install Debian's package (sudo apt-get install -y chromium) " +
      "or set CHROMIUM_PATH to a Chromium binary.",
  );
}

/** The test files that open a test database (through @nuri/db/testing), relative to the root. */
function testFilesUsingTheDatabase(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(`${ROOT}${dir}`, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (
        entry.name.endsWith(".test.ts") &&
        /@nuri\/db\/testing|testing\/vitest\.ts/.test(readFileSync(`${ROOT}${path}`, "utf8"))
      ) {
        found.push(path);
      }
    }
  };
  for (const dir of ["db/src", "collab-server/src", "packages", "app/app", "scripts"]) walk(dir);
  return found.sort();
}

const resultsDir = `${ROOT}test-results`;
rmSync(resultsDir, { recursive: true, force: true });

if (!run("lint and format (biome)", "pnpm", ["exec", "biome", "check", "."])) fail("lint failed");
if (!run("typecheck", "pnpm", ["run", "typecheck"])) fail("typecheck failed");

const { TEST_DATABASE_URL, ...withoutExternal } = process.env;
const vitestArgs = (name: string) => [
  "exec",
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${resultsDir}/vitest-${name}.json`,
];
let ok = run(
  "unit and service tests on the embedded PostgreSQL",
  "pnpm",
  vitestArgs("embedded"),
  withoutExternal,
);
tallyVitest(`${resultsDir}/vitest-embedded.json`);
if (TEST_DATABASE_URL) {
  const where = new URL(TEST_DATABASE_URL).host;
  // The second PostgreSQL checks what could differ between major versions: only the suites
  // that talk to a database run again (the pure ones would repeat themselves exactly).
  const databaseSuites = testFilesUsingTheDatabase();
  ok =
    run(
      `the ${databaseSuites.length} suites that use PostgreSQL, on ${where} (TEST_DATABASE_URL)`,
      "pnpm",
      [...vitestArgs("external"), ...databaseSuites],
      process.env,
    ) && ok;
  tallyVitest(`${resultsDir}/vitest-external.json`);
}

const chromium = ensureChromium();
ok = run("build the app", "pnpm", ["--filter", "@nuri/app", "build"]) && ok;
ok =
  run("browser tests (Playwright, Chromium)", "pnpm", ["--filter", "@nuri/e2e", "test"], {
    ...withoutExternal,
    CHROMIUM_PATH: chromium,
    PLAYWRIGHT_JSON_OUTPUT_NAME: `${resultsDir}/playwright.json`,
  }) && ok;
tallyPlaywright(`${resultsDir}/playwright.json`);

printTotal();
process.exit(ok && total.failed === 0 ? 0 : 1);
