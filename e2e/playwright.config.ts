import { defineConfig, devices } from "@playwright/test";

// The suite starts Nuri once (global-setup.ts: an embedded PostgreSQL, the built app and the
// collab-server, the way `npm start` does) and runs against it in Debian's Chromium.
// Run `pnpm --filter @nuri/app build` first; `npm test` does.
export default defineConfig({
  testDir: "tests",
  globalSetup: "./global-setup.ts",
  // One worker: every test shares the one seeded database, and the suite is small.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [
    ["list"],
    // scripts/test.ts reads this file to count results; PLAYWRIGHT_JSON_OUTPUT_NAME moves it.
    ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? "test-results/results.json" }],
  ],
  outputDir: "test-results/artifacts",
  use: {
    // Set by global-setup.ts before the workers start.
    baseURL: process.env.NURI_E2E_BASE_URL,
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
    // Recording a trace of every test costs about a tenth of the suite's time; a failure still
    // leaves its screenshot and page snapshot. NURI_E2E_TRACE=1 records traces again.
    trace: process.env.NURI_E2E_TRACE === "1" ? "retain-on-failure" : "off",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-dev-shm-usage",
          ],
        },
      },
    },
  ],
});
