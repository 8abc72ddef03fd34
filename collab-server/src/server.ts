import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Sql } from "@nuri/db";

export interface CollabServerOptions {
  /** TCP port to listen on; 0 lets the system pick a free one (tests). */
  port: number;
  /** Interface to listen on, e.g. 127.0.0.1 behind a proxy on the same host. */
  host: string;
  /** The application role's connection (never the owner's): /health asks it for a round trip. */
  sql: Sql;
  /** Where failures are reported; console.error unless a test wants to listen. */
  logError?: (line: string) => void;
}

export interface CollabServer {
  /** Starts listening; resolves with the address actually bound (the port, when 0 was asked). */
  listen(): Promise<AddressInfo>;
  /** Stops listening once requests in flight are answered; the caller closes `sql`. */
  close(): Promise<void>;
}

/**
 * The collab-server's HTTP side. For now it answers only GET /health and refuses every
 * WebSocket upgrade with 503: documents are not served until the y-websocket protocol, the
 * ticket check and persistence arrive. Refusing loudly lets a client see why it cannot sync.
 */
export function createCollabServer(options: CollabServerOptions): CollabServer {
  const logError = options.logError ?? ((line: string) => console.error(line));
  const server = createServer((request, response) => {
    handleRequest(request, response, options.sql, logError).catch((error: unknown) => {
      logError(`collab-server: request failed: ${describeError(error)}`);
      if (!response.headersSent) sendJson(response, 500, { status: "error" });
      else response.destroy();
    });
  });
  server.on("upgrade", refuseUpgrade);

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeIdleConnections();
      }),
  };
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  sql: Sql,
  logError: (line: string) => void,
): Promise<void> {
  const path = new URL(request.url ?? "/", "http://collab.invalid").pathname;
  if (path !== "/health") {
    sendJson(response, 404, { status: "error", error: "not_found" });
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("Allow", "GET, HEAD");
    sendJson(response, 405, { status: "error", error: "method_not_allowed" });
    return;
  }
  try {
    await sql`select 1`;
  } catch (error) {
    // Detail for the operator's log, a plain answer for the prober.
    logError(`collab-server health: the database did not answer: ${describeError(error)}`);
    sendJson(response, 503, { status: "error", database: "unreachable" });
    return;
  }
  sendJson(response, 200, { status: "ok" });
}

function refuseUpgrade(_request: IncomingMessage, socket: Duplex): void {
  const body = "Collaborative editing is not available yet.\n";
  socket.end(
    "HTTP/1.1 503 Service Unavailable\r\n" +
      "Connection: close\r\n" +
      "Content-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "\r\n" +
      body,
  );
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  response.end(response.req.method === "HEAD" ? undefined : text);
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${error.message} (${code})` : error.message;
}
