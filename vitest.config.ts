import { defineConfig } from "vitest/config";

// One project for the whole workspace, so that one PostgreSQL (embedded, or TEST_DATABASE_URL)
// serves every test file of a run.
export default defineConfig({
  test: {
    include: ["{db,collab-server,packages/*}/src/**/*.test.ts", "app/app/**/*.test.ts", "scripts/*.test.ts"],
    globalSetup: ["./db/src/testing/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
