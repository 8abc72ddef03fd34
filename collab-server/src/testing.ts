// Test helpers for the collab-server's own tests: a real server on a real port, the real test
// database, tenants and documents made through the app role, and y-websocket's provider.
import { randomUUID } from "node:crypto";
import { type CollabPermission, issueCollabTicket } from "@nuri/auth";
import type { Database } from "@nuri/db";
import { buildDocument, buildTenant, buildUser } from "@nuri/db/testing";
import { afterAll, afterEach } from "vitest";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { CollabLimits } from "./limits.ts";
import { type Logger, memoryLogger } from "./log.ts";
import type { PersistenceSettings } from "./persistence.ts";
import { type CollabServer, createCollabServer } from "./server.ts";

export const TEST_TICKET_KEY = new Uint8Array(32).fill(42);

export interface StartOptions {
  limits?: Partial<CollabLimits>;
  persistence?: Partial<PersistenceSettings>;
  redisUrl?: string;
  logger?: Logger;
  database?: Database;
}

export interface Started {
  server: CollabServer;
  url: string;
  http: string;
  logger: ReturnType<typeof memoryLogger>;
}

export interface TestDocument {
  tenantId: string;
  documentId: string;
  userId: string;
}

/**
 * Per test file: starts servers on demand, and after each test destroys the providers and
 * raw sockets it opened; after the file, closes the servers.
 */
export function collabHarness(app: Database) {
  const servers: CollabServer[] = [];
  const providers: WebsocketProvider[] = [];
  const sockets: WebSocket[] = [];

  afterEach(() => {
    for (const provider of providers.splice(0)) provider.destroy();
    for (const socket of sockets.splice(0)) socket.terminate();
  });
  afterAll(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function start(options: StartOptions = {}): Promise<Started> {
    const logger = memoryLogger();
    const server = createCollabServer({
      port: 0,
      host: "127.0.0.1",
      database: options.database ?? app,
      ticketKey: TEST_TICKET_KEY,
      logger: options.logger ?? logger,
      ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.persistence ? { persistence: options.persistence } : {}),
    });
    servers.push(server);
    const { port } = await server.listen();
    return { server, url: `ws://127.0.0.1:${port}`, http: `http://127.0.0.1:${port}`, logger };
  }

  /** Stops a server now (and not again after the file). */
  async function stop(started: Started): Promise<void> {
    const index = servers.indexOf(started.server);
    if (index >= 0) servers.splice(index, 1);
    await started.server.close();
  }

  /** A tenant, a person and an empty document of theirs. */
  async function document(tenantId?: string): Promise<TestDocument> {
    const tenant = tenantId ?? (await buildTenant(app.db)).id;
    const user = await buildUser(app.db, tenant);
    const doc = await buildDocument(app.db, tenant, user.id);
    return { tenantId: tenant, documentId: doc.id, userId: user.id };
  }

  function connect(
    url: string,
    target: TestDocument,
    permission: CollabPermission = "edit",
    userId: string = randomUUID(),
  ) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(url, `${target.tenantId}/${target.documentId}`, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      // one process holds several clients: they must sync through the server, not BroadcastChannel
      disableBc: true,
      params: { ticket: ticket(target, permission, userId) },
    });
    providers.push(provider);
    return { doc, provider, text: doc.getText("body"), userId };
  }

  /** A raw socket with a valid ticket, for hand-made frames. */
  function raw(
    url: string,
    target: TestDocument,
    permission: CollabPermission = "edit",
    userId = randomUUID(),
  ) {
    const socket = new WebSocket(
      `${url}/${target.tenantId}/${target.documentId}?ticket=${ticket(target, permission, userId)}`,
    );
    sockets.push(socket);
    return socket;
  }

  return { start, stop, document, connect, raw, providers, sockets };
}

export function ticket(
  target: { tenantId: string; documentId: string },
  permission: CollabPermission = "edit",
  userId: string = randomUUID(),
  key: Uint8Array = TEST_TICKET_KEY,
): string {
  return issueCollabTicket(
    key,
    { tenantId: target.tenantId, documentId: target.documentId, userId, permission },
    new Date(),
  );
}

export function synced(provider: WebsocketProvider): Promise<void> {
  return new Promise((resolve) => {
    if (provider.synced) resolve();
    else provider.once("sync", (isSynced: boolean) => isSynced && resolve());
  });
}

export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The close code of the provider's current socket, once it closes. */
export function closeCode(provider: WebsocketProvider): Promise<number> {
  return new Promise((resolve) => {
    provider.ws?.addEventListener("close", (event) => resolve((event as { code: number }).code));
  });
}

/** Opens a raw socket and reports how the server closed it, and whether any frame came first. */
export function refusal(url: string): Promise<{ code: number; framesBeforeClose: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let frames = 0;
    socket.on("message", () => frames++);
    socket.on("close", (code) => resolve({ code, framesBeforeClose: frames }));
    socket.on("error", reject);
  });
}
