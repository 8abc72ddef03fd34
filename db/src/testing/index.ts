export { holdTransaction, waitUntilBlockedBy } from "./concurrency.ts";
export { buildDepartment, buildDocument, buildTenant, buildUser } from "./factories.ts";
export { createTestDatabase, type TestDatabase, type TestDatabaseUrls } from "./test-database.ts";
