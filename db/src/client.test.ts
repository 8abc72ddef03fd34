import { describe, expect, it } from "vitest";
import { connectDatabase, DatabaseConnectError, describeServer } from "./client.ts";
import { freePort } from "./embedded.ts";
import { withCredentials } from "./provision.ts";
import { connectTestDatabase } from "./testing/vitest.ts";

const { urls } = connectTestDatabase();

async function connectError(url: string): Promise<DatabaseConnectError> {
  const error = await connectDatabase(url).then(
    (db) => db.close().then(() => undefined),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseConnectError);
  return error as DatabaseConnectError;
}

describe("a DATABASE_URL that does not work", () => {
  it("names the host and says the connection was refused", async () => {
    const port = await freePort(); // nothing listens there
    const error = await connectError(`postgres://nuri_app:x@127.0.0.1:${port}/nuri`);
    expect(error.message).toBe(
      `Cannot connect to PostgreSQL at 127.0.0.1:${port}/nuri: connection refused (is PostgreSQL running and listening there?)`,
    );
  });

  it("says the login was refused, naming the user but never the password", async () => {
    const url = withCredentials(urls.appUrl, "nuri_nobody", "s3cret-password", urls.database);
    const error = await connectError(url);
    expect(error.message).toMatch(
      /^Cannot connect to PostgreSQL at 127\.0\.0\.1:\d+\/nuri_test_\w+: .*"nuri_nobody"/,
    );
    expect(error.message).not.toContain("s3cret-password");
    expect(error.message.split("\n")).toHaveLength(1);
  });

  it("says when the database does not exist", async () => {
    const url = withCredentials(urls.appUrl, "nuri_app", "nuri-test-app", "no_such_database");
    const error = await connectError(url);
    expect(error.message).toMatch(/database "no_such_database" does not exist/);
  });

  it("says when the URL cannot be parsed, without echoing it", async () => {
    expect(describeServer("not a url with password hunter2")).toBe("(an unparsable DATABASE_URL)");
  });

  it("connects when the URL is right", async () => {
    const db = await connectDatabase(urls.appUrl);
    await db.close();
  });
});
