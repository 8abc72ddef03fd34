import { randomUUID } from "node:crypto";
import { type CollabPermission, issueCollabTicket } from "@nuri/auth";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CloseCode } from "./close-codes.ts";
import { type CollabServer, createCollabServer } from "./server.ts";

// A real collab-server on a real port, and y-websocket's own WebsocketProvider as the client.

const { app } = connectTestDatabase();
const key = new Uint8Array(32).fill(42);
const servers: CollabServer[] = [];
const providers: WebsocketProvider[] = [];

// Each provider adds a process "exit" listener until it is destroyed.
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function start(): Promise<string> {
  const server = createCollabServer({
    port: 0,
    host: "127.0.0.1",
    sql: app.sql,
    ticketKey: key,
    logError: () => {},
  });
  servers.push(server);
  const { port } = await server.listen();
  return `ws://127.0.0.1:${port}`;
}

function ticket(
  tenantId: string,
  documentId: string,
  permission: CollabPermission = "edit",
  signingKey = key,
) {
  return issueCollabTicket(
    signingKey,
    { tenantId, userId: randomUUID(), documentId, permission },
    new Date(),
  );
}

function connect(url: string, tenantId: string, documentId: string, permission: CollabPermission = "edit") {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, `${tenantId}/${documentId}`, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // one process holds several clients: they must sync through the server, not BroadcastChannel
    disableBc: true,
    params: { ticket: ticket(tenantId, documentId, permission) },
  });
  providers.push(provider);
  return { doc, provider, text: doc.getText("body") };
}

function synced(provider: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => {
    if (provider.synced) resolve();
    else provider.once("sync", (isSynced: boolean) => isSynced && resolve());
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Opens a raw socket and reports how the server closed it, and whether any frame came first. */
function refusal(url: string): Promise<{ code: number; framesBeforeClose: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let frames = 0;
    socket.on("message", () => frames++);
    socket.on("close", (code) => resolve({ code, framesBeforeClose: frames }));
    socket.on("error", reject);
  });
}

describe("the collab-server", () => {
  it("lets two editors of one document converge, and keeps documents apart", async () => {
    const url = await start();
    const [tenantId, documentId, otherDocument] = [randomUUID(), randomUUID(), randomUUID()];
    const one = connect(url, tenantId, documentId);
    const two = connect(url, tenantId, documentId);
    const elsewhere = connect(url, tenantId, otherDocument);
    await Promise.all([synced(one.provider), synced(two.provider), synced(elsewhere.provider)]);
    one.text.insert(0, "안녕하세요 ");
    two.text.insert(0, "누리 ");
    await until(() => one.text.toString() === two.text.toString() && one.text.length === 9, "convergence");
    expect(one.text.toString()).toContain("안녕하세요");
    expect(one.text.toString()).toContain("누리");
    expect(elsewhere.text.toString()).toBe("");
  });

  it("lets a late joiner sync the document so far", async () => {
    const url = await start();
    const [tenantId, documentId] = [randomUUID(), randomUUID()];
    const first = connect(url, tenantId, documentId);
    await synced(first.provider);
    first.text.insert(0, "보고서 초안");
    const late = connect(url, tenantId, documentId);
    await until(() => late.text.toString() === "보고서 초안", "the late joiner's sync");
  });

  it("sends a reader the updates but closes it when it sends one", async () => {
    const url = await start();
    const [tenantId, documentId] = [randomUUID(), randomUUID()];
    const editor = connect(url, tenantId, documentId);
    const reader = connect(url, tenantId, documentId, "read");
    await Promise.all([synced(editor.provider), synced(reader.provider)]);
    editor.text.insert(0, "공람");
    await until(() => reader.text.toString() === "공람", "the reader to receive the edit");
    const closed = new Promise<number>((resolve) =>
      reader.provider.ws?.addEventListener("close", (event) => resolve((event as { code: number }).code)),
    );
    reader.provider.shouldConnect = false; // do not reconnect after the refusal
    reader.text.insert(0, "몰래 ");
    expect(await closed).toBe(CloseCode.readOnly);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(editor.text.toString()).toBe("공람");
  });

  it.each([
    [
      "a path that is no room",
      (url: string, t: string, d: string) => `${url}/documents/${d}?ticket=${ticket(t, d)}`,
      CloseCode.badRoom,
    ],
    [
      "upper-case ids",
      (url: string, t: string, d: string) => `${url}/${t.toUpperCase()}/${d}?ticket=${ticket(t, d)}`,
      CloseCode.badRoom,
    ],
    ["no ticket", (url: string, t: string, d: string) => `${url}/${t}/${d}`, CloseCode.badTicket],
    [
      "a forged ticket",
      (url: string, t: string, d: string) =>
        `${url}/${t}/${d}?ticket=${ticket(t, d, "edit", new Uint8Array(32).fill(1))}`,
      CloseCode.badTicket,
    ],
    [
      "another document's ticket",
      (url: string, t: string, d: string) => `${url}/${t}/${d}?ticket=${ticket(t, randomUUID())}`,
      CloseCode.foreignRoom,
    ],
    [
      "another tenant's ticket",
      (url: string, t: string, d: string) => `${url}/${t}/${d}?ticket=${ticket(randomUUID(), d)}`,
      CloseCode.foreignRoom,
    ],
  ])("refuses %s with its own close code before sending any document byte", async (_case, build, code) => {
    const url = await start();
    const [tenantId, documentId] = [randomUUID(), randomUUID()];
    const writer = connect(url, tenantId, documentId);
    await synced(writer.provider);
    writer.text.insert(0, "비공개 내용");
    expect(await refusal(build(url, tenantId, documentId))).toEqual({ code, framesBeforeClose: 0 });
  });

  it("closes a connection that sends garbage, and the others go on", async () => {
    const url = await start();
    const [tenantId, documentId] = [randomUUID(), randomUUID()];
    const one = connect(url, tenantId, documentId);
    const two = connect(url, tenantId, documentId);
    await Promise.all([synced(one.provider), synced(two.provider)]);
    const raw = new WebSocket(`${url}/${tenantId}/${documentId}?ticket=${ticket(tenantId, documentId)}`);
    const code = await new Promise<number>((resolve) => {
      raw.on("open", () => raw.send(Uint8Array.from([0x07, 0xff, 0xff, 0xff, 0xff, 0xff])));
      raw.on("close", (closeCode) => resolve(closeCode));
    });
    expect(code).toBe(CloseCode.protocolError);
    one.text.insert(0, "계속");
    await until(() => two.text.toString() === "계속", "the others to go on");
  });
});
