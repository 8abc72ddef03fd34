import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyCollabTicket } from "@nuri/auth";
import type { Sql } from "@nuri/db";
import { type WebSocket, WebSocketServer } from "ws";
import { CloseCode } from "./close-codes.ts";
import { parseRoom } from "./room.ts";
import { type Peer, SharedDocument } from "./sync.ts";

/** The largest frame a client may send; a larger one closes the connection (ws answers 1009). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface CollabServerOptions {
  /** TCP port to listen on; 0 lets the system pick a free one (tests). */
  port: number;
  /** Interface to listen on, e.g. 127.0.0.1 behind a proxy on the same host. */
  host: string;
  /** The application role's connection (never the owner's): /health asks it for a round trip. */
  sql: Sql;
  /** The key the app signs collab tickets with (COLLAB_TICKET_SECRET, at least 32 bytes). */
  ticketKey: Uint8Array;
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
 * The collab-server: GET /health, and WebSocket connections speaking the y-websocket protocol
 * at `/<tenant id>/<document id>?ticket=…`. Each connection passes, in this order, the room
 * check, the ticket check (signature, expiry, same room) and only then joins the document;
 * a refusal closes the socket with its own code before any document byte is sent. Documents
 * live in memory while someone is connected (persistence to PostgreSQL is the next step).
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
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const documents = new Map<string, SharedDocument>();
  server.on("upgrade", (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
  });

  function accept(ws: WebSocket, request: IncomingMessage): void {
    const url = new URL(request.url ?? "/", "http://collab.invalid");
    const room = parseRoom(url.pathname);
    if (!room) {
      ws.close(CloseCode.badRoom, "bad room");
      return;
    }
    const check = verifyCollabTicket(options.ticketKey, url.searchParams.get("ticket") ?? "", new Date());
    if (!check.ok) {
      ws.close(CloseCode.badTicket, check.reason);
      return;
    }
    if (check.claims.tenantId !== room.tenantId || check.claims.documentId !== room.documentId) {
      ws.close(CloseCode.foreignRoom, "foreign room");
      return;
    }
    let document = documents.get(room.name);
    if (!document) {
      document = new SharedDocument();
      documents.set(room.name, document);
    }
    const shared = document;
    const peer: Peer = {
      canWrite: check.claims.permission === "edit",
      send: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(frame);
      },
      refuse: (code, reason) => ws.close(code, reason),
    };
    ws.on("message", (data, isBinary) => {
      if (!isBinary || !(data instanceof Buffer)) {
        ws.close(CloseCode.protocolError, "protocol error");
        return;
      }
      try {
        shared.receive(peer, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        // One bad frame ends that one connection; the document and the others go on.
        logError(`collab-server: protocol error in ${room.name}: ${describeError(error)}`);
        ws.close(CloseCode.protocolError, "protocol error");
      }
    });
    ws.on("close", () => {
      if (shared.leave(peer) && documents.get(room.name) === shared) {
        documents.delete(room.name);
        shared.doc.destroy();
      }
    });
    ws.on("error", (error) =>
      logError(`collab-server: socket error in ${room.name}: ${describeError(error)}`),
    );
    shared.join(peer);
  }

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
        for (const client of wss.clients) client.close(1001, "server shutting down");
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
