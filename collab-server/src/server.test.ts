import { openDatabase } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { afterAll, describe, expect, it } from "vitest";
import { type CollabServer, createCollabServer } from "./server.ts";

const { app } = connectTestDatabase();
const servers: CollabServer[] = [];

async function start(sql = app.sql, logError: (line: string) => void = () => {}) {
  const server = createCollabServer({
    port: 0,
    host: "127.0.0.1",
    sql,
    logError,
    ticketKey: new Uint8Array(32),
  });
  servers.push(server);
  const { port } = await server.listen();
  return `http://127.0.0.1:${port}`;
}

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

describe("the collab-server's HTTP side", () => {
  it("answers /health with ok when the database answers", async () => {
    const base = await start();
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers /health with 503 and logs why when the database does not answer", async () => {
    // A closed port on this host: the connection is refused at once.
    const unreachable = openDatabase("postgres://nuri_app:wrong@127.0.0.1:1/nuri", { max: 1 });
    const logged: string[] = [];
    try {
      const base = await start(unreachable.sql, (line) => logged.push(line));
      const response = await fetch(`${base}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "error", database: "unreachable" });
      expect(logged.join("\n")).toMatch(/database did not answer.*ECONNREFUSED/);
    } finally {
      await unreachable.close();
    }
  });

  it("answers 404 for other paths and 405 for other methods", async () => {
    const base = await start();
    expect((await fetch(`${base}/`)).status).toBe(404);
    const post = await fetch(`${base}/health`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });
});
