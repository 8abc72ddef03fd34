import { afterAll, inject } from "vitest";
import { type Database, openDatabase } from "../client.ts";
import type { TestDatabaseUrls } from "./test-database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    nuriDatabase: TestDatabaseUrls;
  }
}

export interface TestConnections {
  urls: TestDatabaseUrls;
  /** The application role: what the app's code runs as (RLS applies). */
  app: Database;
  /** The schema owner (RLS forced on it too). */
  owner: Database;
  /** A superuser, for catalog checks and scratch databases only. */
  superuser: Database;
}

/** Connections to this run's test database, closed after the file's tests. */
export function connectTestDatabase(): TestConnections {
  const urls = inject("nuriDatabase");
  const app = openDatabase(urls.appUrl, { max: 4, applicationName: "nuri-test-app" });
  const owner = openDatabase(urls.ownerUrl, { max: 2, applicationName: "nuri-test-owner" });
  const superuser = openDatabase(urls.superuserUrl.replace(/\/[^/?]*(\?|$)/, `/${urls.database}$1`), {
    max: 2,
    applicationName: "nuri-test-superuser",
  });
  afterAll(async () => {
    await Promise.all([app.close(), owner.close(), superuser.close()]);
  });
  return { urls, app, owner, superuser };
}
