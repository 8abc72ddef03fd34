import { randomUUID } from "node:crypto";
import { type CollabPermission, issueCollabTicket, verifyCollabTicket } from "@nuri/auth";
import { type CollabConnection, connectCollab } from "@nuri/collab/client";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { CloseCode } from "./close-codes.ts";
import { memoryLogger } from "./log.ts";
import { type CollabServer, createCollabServer } from "./server.ts";
import { collabHarness, TEST_TICKET_KEY, type TestDocument, until } from "./testing.ts";

// connectCollab (@nuri/collab/client) against a real collab-server on a real port and the real
// test database: tickets fetched per connection, reconnection across a server restart, and the
// stops that a fresh ticket cannot fix.

const { app } = connectTestDatabase();
const harness = collabHarness(app);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const connections: CollabConnection[] = [];
const extraServers: CollabServer[] = [];
afterEach(async () => {
  for (const connection of connections.splice(0)) connection.destroy();
  await Promise.all(extraServers.splice(0).map((server) => server.close()));
});

/** A second server on the port of a stopped one: what a restart (or a rolling deploy) looks like. */
async function startOnPort(port: number): Promise<CollabServer> {
  const server = createCollabServer({
    port,
    host: "127.0.0.1",
    database: app,
    ticketKey: TEST_TICKET_KEY,
    logger: memoryLogger(),
  });
  extraServers.push(server);
  await server.listen();
  return server;
}

/** `ws`, recording the URL of every socket the provider opens. */
function recordingSocket(urls: string[]) {
  return class RecordingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      urls.push(String(url));
    }
  };
}

const ticketIn = (url: string) => new URL(url).searchParams.get("ticket");

interface ClientOptions {
  permission?: CollabPermission;
  /** Seconds each ticket lives. */
  lifetime?: number;
  /** Replaces the ticket of the n-th call (1-based); throwing rejects the fetch. */
  ticket?: (call: number, fresh: () => string) => string | Promise<string>;
}

function client(url: string, target: TestDocument, options: ClientOptions = {}) {
  const doc = new Y.Doc();
  const userId = randomUUID();
  const tickets: string[] = [];
  /** When each ticket was fetched (ms since the epoch). */
  const fetchedAt: number[] = [];
  const urls: string[] = [];
  const stops: Parameters<NonNullable<Parameters<typeof connectCollab>[0]["onStop"]>>[0][] = [];
  let calls = 0;
  const fresh = () =>
    issueCollabTicket(
      TEST_TICKET_KEY,
      {
        tenantId: target.tenantId,
        documentId: target.documentId,
        userId,
        permission: options.permission ?? "edit",
      },
      new Date(),
      options.lifetime ?? 60,
    );
  const connection = connectCollab({
    serverUrl: url,
    tenantId: target.tenantId,
    documentId: target.documentId,
    doc,
    fetchTicket: async () => {
      calls++;
      const ticket = options.ticket ? await options.ticket(calls, fresh) : fresh();
      tickets.push(ticket);
      fetchedAt.push(Date.now());
      return ticket;
    },
    onStop: (reason) => stops.push(reason),
    WebSocketPolyfill: recordingSocket(urls),
    maxBackoffMs: 300,
  });
  connections.push(connection);
  return {
    doc,
    text: doc.getText("body"),
    tickets,
    fetchedAt,
    urls,
    stops,
    connection,
    provider: connection.provider,
    get calls() {
      return calls;
    },
  };
}

type Client = ReturnType<typeof client>;

/**
 * Every connection presented the ticket fetched just before it: as many fetches as sockets, in
 * order. (Two tickets with the same claims issued within one second are the same string.)
 */
function expectOneTicketPerConnection(c: Client) {
  expect(c.urls.map(ticketIn)).toEqual(c.tickets);
}

const synced = (c: Client, what: string) => until(() => c.provider.synced, what);

describe("connectCollab", () => {
  it("fetches a ticket for its connection and syncs through the server", async () => {
    const { url } = await harness.start();
    const target = await harness.document();
    const one = client(url, target);
    const two = client(url, target);
    await Promise.all([synced(one, "the first client"), synced(two, "the second client")]);
    expect(one.calls).toBe(1);
    expect(one.urls).toHaveLength(1);
    expect(one.urls[0]!.startsWith(`${url}/${target.tenantId}/${target.documentId}?`)).toBe(true);
    expectOneTicketPerConnection(one);
    one.text.insert(0, "안녕하세요");
    await until(() => two.text.toString() === "안녕하세요", "the edit to reach the other client");
    expect(one.stops).toEqual([]);
  });

  it("reconnects after a restart on the same port with fresh tickets, and edits made meanwhile reach the other client", async () => {
    const first = await harness.start();
    const port = Number(new URL(first.url).port);
    const target = await harness.document();
    // Tickets that live one second: the first ones are expired when the server comes back.
    const one = client(first.url, target, { lifetime: 1 });
    const two = client(first.url, target, { lifetime: 1 });
    await Promise.all([synced(one, "the first client"), synced(two, "the second client")]);
    one.text.insert(0, "처음 ");
    await until(() => two.text.toString() === "처음 ", "the first edit");

    await harness.stop(first);
    await until(() => !one.provider.wsconnected && !two.provider.wsconnected, "both clients to notice");
    one.text.insert(one.text.length, "[끊긴 동안 하나]");
    two.text.insert(0, "[끊긴 동안 둘]");
    const triedWhileDown = one.calls;
    await sleep(1500);
    expect(verifyCollabTicket(TEST_TICKET_KEY, one.tickets[0]!, new Date())).toEqual({
      ok: false,
      reason: "expired",
    });
    // It kept trying while the server was away, a fresh ticket for each attempt.
    expect(one.calls).toBeGreaterThan(triedWhileDown);

    const restartedAt = Date.now();
    await startOnPort(port);
    await until(
      () =>
        one.text.toString() === two.text.toString() &&
        one.text.toString().includes("[끊긴 동안 하나]") &&
        one.text.toString().includes("[끊긴 동안 둘]"),
      "the edits made while disconnected to reach the other client",
      10_000,
    );
    expect(one.text.toString()).toContain("처음 ");
    await Promise.all([synced(one, "the first client again"), synced(two, "the second client again")]);
    for (const c of [one, two]) {
      expect(c.stops).toEqual([]);
      expect(c.tickets.length).toBeGreaterThanOrEqual(2);
      expectOneTicketPerConnection(c);
      // the connection that succeeded presented a ticket fetched for it, after the restart
      expect(c.fetchedAt.at(-1)!).toBeGreaterThanOrEqual(restartedAt);
      expect(ticketIn(c.urls.at(-1)!)).not.toBe(c.tickets[0]);
    }

    // And the restarted server goes on serving them.
    two.text.insert(two.text.length, " 끝");
    await until(() => one.text.toString().endsWith(" 끝"), "an edit after the restart");
  });

  it("stops once, with the close code, when a reader writes (4405), and does not reconnect", async () => {
    const { url } = await harness.start();
    const target = await harness.document();
    const editor = client(url, target);
    const reader = client(url, target, { permission: "read" });
    await Promise.all([synced(editor, "the editor"), synced(reader, "the reader")]);
    reader.text.insert(0, "몰래 ");
    await until(() => reader.stops.length > 0, "the refusal");
    expect(reader.stops).toEqual([{ code: CloseCode.readOnly, reason: "read-only" }]);
    const calls = reader.calls;
    await sleep(1200);
    expect(reader.calls).toBe(calls);
    expect(reader.urls).toHaveLength(calls);
    expect(reader.stops).toHaveLength(1);
    expect(reader.provider.ws).toBeNull();
    expect(editor.text.toString()).toBe("");
    // the editor is not affected
    editor.text.insert(0, "정상");
    await sleep(100);
    expect(editor.stops).toEqual([]);
  });

  it("stops once with 4404 for a document the tenant does not have", async () => {
    const { url } = await harness.start();
    const target = await harness.document();
    const missing = client(url, { ...target, documentId: randomUUID() });
    await until(() => missing.stops.length > 0, "the refusal");
    expect(missing.stops).toEqual([{ code: CloseCode.noSuchDocument, reason: "no such document" }]);
    await sleep(1200);
    expect(missing.calls).toBe(1);
    expect(missing.urls).toHaveLength(1);
    expect(missing.stops).toHaveLength(1);
  });

  it("tries a few fresh tickets after a refused one (4401), then stops", async () => {
    const { url } = await harness.start();
    const target = await harness.document();
    const expired = client(url, target, {
      ticket: () =>
        issueCollabTicket(
          TEST_TICKET_KEY,
          {
            tenantId: target.tenantId,
            documentId: target.documentId,
            userId: randomUUID(),
            permission: "edit",
          },
          new Date(Date.now() - 120_000),
          1,
        ),
    });
    await until(() => expired.stops.length > 0, "the stop", 10_000);
    expect(expired.stops).toEqual([{ code: CloseCode.badTicket, reason: "expired" }]);
    expect(expired.calls).toBe(4);
    await sleep(800);
    expect(expired.calls).toBe(4);
    expectOneTicketPerConnection(expired);
  });

  it("does not stop on one refused ticket after an outage's failed connections", async () => {
    const first = await harness.start();
    const port = Number(new URL(first.url).port);
    await harness.stop(first);
    const target = await harness.document();
    let serverUp = false;
    let sentBadTicket = false;
    const c = client(first.url, target, {
      ticket: (_call, fresh) => {
        if (serverUp && !sentBadTicket) {
          sentBadTicket = true;
          return "v1.forged.ticket";
        }
        return fresh();
      },
    });
    // The server is away: every attempt fails.
    await until(() => c.calls >= 5, "failed attempts", 10_000);
    await startOnPort(port);
    serverUp = true;
    await synced(c, "the client once the server is back");
    expect(sentBadTicket).toBe(true);
    expect(c.stops).toEqual([]);
    expectOneTicketPerConnection(c);
  });

  it("stops with the error when fetching a ticket fails, before any connection", async () => {
    const { url } = await harness.start();
    const target = await harness.document();
    const denied = new Error("access removed");
    const c = client(url, target, {
      ticket: () => {
        throw denied;
      },
    });
    await until(() => c.stops.length > 0, "the stop");
    expect(c.stops).toEqual([{ error: denied }]);
    await sleep(800);
    expect(c.calls).toBe(1);
    expect(c.urls).toEqual([]);
    expect(c.stops).toHaveLength(1);
  });

  it("stops with the error when fetching the ticket for a reconnection fails", async () => {
    const started = await harness.start();
    const target = await harness.document();
    const denied = new Error("no access any more");
    const c = client(started.url, target, {
      ticket: (call, fresh) => {
        if (call === 1) return fresh();
        throw denied;
      },
    });
    await synced(c, "the client");
    await harness.stop(started);
    await until(() => c.stops.length > 0, "the stop");
    expect(c.stops).toEqual([{ error: denied }]);
    await sleep(800);
    expect(c.calls).toBe(2);
    expect(c.urls).toHaveLength(1);
  });

  it("destroy() closes the connection and stops reconnecting, without calling onStop", async () => {
    const started = await harness.start();
    const port = Number(new URL(started.url).port);
    const target = await harness.document();
    const watcher = client(started.url, target);
    const c = client(started.url, target);
    await Promise.all([synced(c, "the client"), synced(watcher, "the watcher")]);
    c.connection.destroy();
    expect(c.provider.ws).toBeNull();
    expect(c.provider.wsconnected).toBe(false);
    // Its edits no longer reach anyone.
    c.text.insert(0, "보내지 않음");
    await sleep(300);
    expect(watcher.text.toString()).toBe("");

    // Destroyed while waiting to reconnect: nothing more happens, even once a server is back.
    await harness.stop(started);
    await until(() => watcher.calls >= 2, "the watcher to try again");
    watcher.connection.destroy();
    const calls = watcher.calls;
    const urls = watcher.urls.length;
    await startOnPort(port);
    await sleep(1000);
    expect(watcher.calls).toBe(calls);
    expect(watcher.urls).toHaveLength(urls);
    expect(c.calls).toBe(1);
    expect(c.stops).toEqual([]);
    expect(watcher.stops).toEqual([]);
  });

  it("destroy() while a ticket is being fetched opens no connection", async () => {
    const { url } = await harness.start();
    const target = await harness.document();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const c = client(url, target, {
      ticket: async (_call, fresh) => {
        await gate;
        return fresh();
      },
    });
    await until(() => c.calls === 1, "the fetch to start");
    c.connection.destroy();
    release();
    await sleep(500);
    expect(c.urls).toEqual([]);
    expect(c.provider.ws).toBeNull();
    expect(c.stops).toEqual([]);
  });
});
