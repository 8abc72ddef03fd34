import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { issueCollabTicket } from "@nuri/auth";
import { type CollabConnection, connectCollab } from "@nuri/collab/client";
import { readStoredDocument } from "@nuri/collab/store";
import { freePort } from "@nuri/db/embedded";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { buildCollabServer } from "../build.ts";
import { collabHarness, until } from "./testing.ts";

// The durability test: five clients edit one document; the collab-server process is killed
// with SIGKILL mid-stream (nothing is flushed, nothing closes cleanly) and started again; the
// clients reconnect with fresh tickets; every edit of every client ends up on every client
// and in PostgreSQL.

const { app, urls } = connectTestDatabase();
const harness = collabHarness(app);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SECRET = "durability-test-secret-0123456789abcdef";
const children: ChildProcess[] = [];
let bundle: Promise<string> | undefined;
const connections: CollabConnection[] = [];

afterAll(() => {
  for (const connection of connections) connection.destroy();
  for (const child of children) child.kill("SIGKILL");
});

async function startServer(port: number, output: string[] = []): Promise<ChildProcess> {
  // the bundle that scripts/launch.ts runs in production, built once for this file
  bundle ??= buildCollabServer();
  const child = spawn(process.execPath, [await bundle], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: urls.appUrl,
      COLLAB_TICKET_SECRET: SECRET,
      COLLAB_PORT: String(port),
      HOST: "127.0.0.1",
      REDIS_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  child.stdout?.on("data", (chunk) => output.push(String(chunk)));
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`collab-server exited: ${stderr}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
      } catch {
        return false;
      }
    },
    "the collab-server to be ready",
    20_000,
  );
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("durability", () => {
  it("loses no edit of five clients when the server is killed with SIGKILL and restarted", async () => {
    const port = await freePort();
    let server = await startServer(port);
    const target = await harness.document();
    const key = Buffer.from(SECRET);
    const clients = Array.from({ length: 5 }, (_, index) => {
      const doc = new Y.Doc();
      const userId = randomUUID();
      let tickets = 0;
      const connection = connectCollab({
        serverUrl: `ws://127.0.0.1:${port}`,
        tenantId: target.tenantId,
        documentId: target.documentId,
        doc,
        WebSocketPolyfill: WebSocket,
        maxBackoffMs: 300,
        fetchTicket: async () => {
          tickets++;
          return issueCollabTicket(key, { ...target, userId, permission: "edit" }, new Date());
        },
      });
      connections.push(connection);
      return {
        index,
        doc,
        text: doc.getText("body"),
        connection,
        written: [] as string[],
        tickets: () => tickets,
      };
    });
    await until(() => clients.every((client) => client.connection.provider.synced), "five clients to sync");

    let editing = true;
    const writers = clients.map(async (client) => {
      for (let n = 0; editing; n++) {
        const token = `[${client.index}:${n}]`;
        client.text.insert(client.text.length, token);
        client.written.push(token);
        await sleep(5 + client.index * 3);
      }
    });

    await sleep(600);
    server.kill("SIGKILL");
    await new Promise((resolve) => server.once("exit", resolve));
    await sleep(300); // the clients keep typing while the server is gone
    server = await startServer(port);
    await until(
      () =>
        clients.every(
          (client) => client.connection.provider.wsconnected && client.connection.provider.synced,
        ),
      "five clients to reconnect",
      20_000,
    );
    await sleep(400); // and keep typing after the restart
    editing = false;
    await Promise.all(writers);

    const everything = clients.flatMap((client) => client.written);
    const expected = [...everything].sort();
    const tokensOf = (text: string) => (text.match(/\[\d:\d+\]/g) ?? []).sort();
    await until(
      () => clients.every((client) => client.text.toString() === clients[0]!.text.toString()),
      "the five clients to converge",
      20_000,
    );
    for (const client of clients) {
      expect(tokensOf(client.text.toString())).toEqual(expected);
      expect(client.tickets()).toBeGreaterThanOrEqual(2); // a fresh ticket for the reconnection
    }
    expect(everything.length).toBeGreaterThan(100);

    const final = clients[0]!.text.toString();
    let stored = "";
    await until(
      async () => {
        const doc = await readStoredDocument(app.db, target.tenantId, target.documentId);
        stored = doc?.getText("body").toString() ?? "";
        doc?.destroy();
        return stored === final;
      },
      "PostgreSQL to hold the final text",
      10_000,
    ).catch(() => {});
    expect(stored).toBe(final);
  }, 60_000);

  it("writes pending updates and exits cleanly on SIGTERM", async () => {
    const port = await freePort();
    const output: string[] = [];
    const server = await startServer(port, output);
    const target = await harness.document();
    const doc = new Y.Doc();
    const connection = connectCollab({
      serverUrl: `ws://127.0.0.1:${port}`,
      tenantId: target.tenantId,
      documentId: target.documentId,
      doc,
      WebSocketPolyfill: WebSocket,
      fetchTicket: async () =>
        issueCollabTicket(
          Buffer.from(SECRET),
          { ...target, userId: randomUUID(), permission: "edit" },
          new Date(),
        ),
    });
    connections.push(connection);
    await until(() => connection.provider.synced, "the client to sync");
    doc.getText("body").insert(0, "정상 종료");
    await sleep(20);
    const exited = new Promise<number | null>((resolve) => server.once("exit", (code) => resolve(code)));
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    connection.destroy();
    const stored = await readStoredDocument(app.db, target.tenantId, target.documentId);
    expect(stored?.getText("body").toString()).toBe("정상 종료");
    stored?.destroy();
    // structured logs: one JSON object per line, the last one saying it stopped
    const lines = output
      .join("")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { message: string; level: string });
    expect(lines.at(-1)).toMatchObject({ message: "stopped", level: "info" });
  });
});
