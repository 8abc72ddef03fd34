import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type CollabPermission, verifyCollabTicket } from "@nuri/auth/collab-ticket";
import { COLLAB_CHANNEL, type CollabNotice, parseCollabNotice } from "@nuri/collab";
import type { Database } from "@nuri/db";
import { type WebSocket, WebSocketServer } from "ws";
import { Admission, type Seat } from "./admission.ts";
import { CloseCode } from "./close-codes.ts";
import { type CollabLimits, DEFAULT_LIMITS, TokenBucket } from "./limits.ts";
import { describeError, jsonLogger, type Logger } from "./log.ts";
import { CollabMetrics } from "./metrics.ts";
import { DEFAULT_PERSISTENCE, type PersistenceSettings } from "./persistence.ts";
import { RedisBridge } from "./redis.ts";
import { parseRoom } from "./room.ts";
import { type LoadedRoom, Rooms } from "./rooms.ts";
import { type Peer, ProtocolError } from "./sync.ts";

export interface CollabServerOptions {
  /** TCP port to listen on; 0 lets the system pick a free one (tests). */
  port: number;
  /** Interface to listen on, e.g. 127.0.0.1 behind a proxy on the same host. */
  host: string;
  /** The application role's connection (never the owner's): RLS applies to every query. */
  database: Database;
  /** The key the app signs collab tickets with (COLLAB_TICKET_SECRET, at least 32 bytes). */
  ticketKey: Uint8Array;
  /** Redis for scale-out (REDIS_URL); without it the instance serves its documents alone. */
  redisUrl?: string;
  limits?: Partial<CollabLimits>;
  persistence?: Partial<PersistenceSettings>;
  logger?: Logger;
  /** Process CPU and memory in /metrics (the process's own server only, not tests). */
  processMetrics?: boolean;
  /** How often silent connections are pinged, and dropped when the last ping went unanswered. */
  pingIntervalMs?: number;
}

export interface CollabServer {
  /** Connects Redis and the notice channel, then listens; resolves with the address bound. */
  listen(): Promise<AddressInfo>;
  /** Graceful shutdown: refuses new work, closes connections, writes every pending update. */
  close(): Promise<void>;
  readonly metrics: CollabMetrics;
}

interface Connection {
  ws: WebSocket;
  peer: Peer;
  seat: Seat;
  permission: CollabPermission;
  loaded: LoadedRoom | undefined;
  queue: Uint8Array[];
  closed: boolean;
  refused: boolean;
  alive: boolean;
}

/**
 * The collab-server: /healthz, /readyz and /metrics over HTTP, and WebSocket connections
 * speaking the y-websocket protocol at `/<tenant id>/<document id>?ticket=…`. Each connection
 * passes, in this order, the room check, the ticket check (signature, expiry, same room) and
 * the limits, and only then loads and joins its document; a refusal closes the socket with
 * its own code (close-codes.ts) before any document byte is sent.
 */
export function createCollabServer(options: CollabServerOptions): CollabServer {
  const log = options.logger ?? jsonLogger();
  const limits: CollabLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const settings: PersistenceSettings = { ...DEFAULT_PERSISTENCE, ...options.persistence };
  const metrics = new CollabMetrics({ processMetrics: options.processMetrics ?? false });
  const admission = new Admission(limits);
  const connections = new Map<string, Set<Connection>>();
  let redis: RedisBridge | undefined;
  let rooms: Rooms | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let closing = false;

  const server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      log.error("request failed", { path: request.url ?? "", error: describeError(error) });
      if (!response.headersSent) sendJson(response, 500, { status: "error" });
      else response.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
  server.on("upgrade", (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
  });

  function refuse(ws: WebSocket, code: number, reason: string): void {
    metrics.refusals.inc({ reason });
    ws.close(code, reason);
  }

  function accept(ws: WebSocket, request: IncomingMessage): void {
    if (closing || !rooms) {
      ws.close(CloseCode.goingAway, "server shutting down");
      return;
    }
    const url = new URL(request.url ?? "/", "http://collab.invalid");
    const room = parseRoom(url.pathname);
    if (!room) {
      refuse(ws, CloseCode.badRoom, "bad room");
      return;
    }
    const check = verifyCollabTicket(options.ticketKey, url.searchParams.get("ticket") ?? "", new Date());
    if (!check.ok) {
      refuse(ws, CloseCode.badTicket, check.reason);
      return;
    }
    const { claims } = check;
    if (claims.tenantId !== room.tenantId || claims.documentId !== room.documentId) {
      refuse(ws, CloseCode.foreignRoom, "foreign room");
      return;
    }
    const seat: Seat = { tenantId: room.tenantId, userId: claims.userId, room: room.name };
    const refusal = admission.admit(seat);
    if (refusal) {
      log.warn("connection refused by a limit", {
        tenantId: room.tenantId,
        documentId: room.documentId,
        userId: claims.userId,
        limit: refusal.reason,
      });
      refuse(ws, refusal.code, refusal.reason);
      return;
    }
    const bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    const connection: Connection = {
      ws,
      seat,
      permission: claims.permission,
      loaded: undefined,
      queue: [],
      closed: false,
      refused: false,
      alive: true,
      peer: {
        userId: claims.userId,
        canWrite: claims.permission === "edit",
        send: (frame) => {
          if (ws.readyState === ws.OPEN) ws.send(frame);
        },
        refuse: (code, reason) => stop(connection, code, reason),
      },
    };
    let inRoom = connections.get(room.name);
    if (!inRoom) {
      inRoom = new Set();
      connections.set(room.name, inRoom);
    }
    inRoom.add(connection);
    metrics.connections.inc();

    ws.on("pong", () => {
      connection.alive = true;
    });
    ws.on("message", (data, isBinary) => {
      if (connection.refused) return;
      if (!isBinary || !(data instanceof Buffer)) {
        stop(connection, CloseCode.protocolError, "protocol error");
        return;
      }
      if (!bucket.take()) {
        stop(connection, CloseCode.rateLimited, "rate limited");
        return;
      }
      const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (!connection.loaded) {
        if (connection.queue.length >= limits.maxQueuedFrames)
          stop(connection, CloseCode.rateLimited, "rate limited");
        else connection.queue.push(frame);
        return;
      }
      receive(connection, frame);
    });
    ws.on("close", () => {
      connection.closed = true;
      inRoom.delete(connection);
      if (inRoom.size === 0 && connections.get(room.name) === inRoom) connections.delete(room.name);
      metrics.connections.dec();
      admission.release(seat);
      const loaded = connection.loaded;
      if (loaded) {
        loaded.shared.leave(connection.peer);
        rooms?.release(loaded);
      }
    });
    ws.on("error", (error) =>
      log.warn("socket error", {
        tenantId: room.tenantId,
        documentId: room.documentId,
        error: describeError(error),
      }),
    );

    rooms.acquire(room).then(
      (loaded) => {
        if (!loaded) {
          stop(connection, CloseCode.noSuchDocument, "no such document");
          return;
        }
        if (connection.closed || connection.refused) {
          rooms?.release(loaded);
          return;
        }
        connection.loaded = loaded;
        loaded.shared.join(connection.peer);
        for (const frame of connection.queue.splice(0)) {
          if (connection.refused) break;
          receive(connection, frame);
        }
      },
      (error: unknown) => {
        log.error("a connection could not load its document", {
          tenantId: room.tenantId,
          documentId: room.documentId,
          error: describeError(error),
        });
        stop(connection, CloseCode.internalError, "document unavailable");
      },
    );
  }

  function receive(connection: Connection, frame: Uint8Array): void {
    try {
      connection.loaded!.shared.receive(connection.peer, frame);
    } catch (error) {
      // One bad frame ends that one connection; the document and the others go on.
      log.warn("protocol error", {
        tenantId: connection.seat.tenantId,
        documentId: connection.loaded?.room.documentId,
        userId: connection.seat.userId,
        error: error instanceof ProtocolError ? error.message : describeError(error),
      });
      stop(connection, CloseCode.protocolError, "protocol error");
    }
  }

  function stop(connection: Connection, code: number, reason: string): void {
    if (connection.refused) return;
    connection.refused = true;
    // Nothing more from it reaches the document, even before the close handshake ends.
    connection.peer.canWrite = false;
    refuse(connection.ws, code, reason);
  }

  function onNotice(payload: string): void {
    const notice = parseCollabNotice(payload);
    if (!notice) {
      log.warn("ignored a malformed notice", { channel: COLLAB_CHANNEL });
      return;
    }
    handleNotice(notice).catch((error: unknown) => {
      metrics.persistenceErrors.inc();
      log.error("handling a notice failed", {
        tenantId: notice.tenantId,
        documentId: notice.documentId,
        error: describeError(error),
      });
    });
  }

  async function handleNotice(notice: CollabNotice): Promise<void> {
    const name = `${notice.tenantId}/${notice.documentId}`;
    if (notice.kind === "update") {
      await rooms?.applyStoredUpdate(name, notice.seq);
      return;
    }
    if (notice.kind === "recheck") {
      for (const connection of connections.get(name) ?? []) {
        stop(connection, CloseCode.permissionChanged, "renew ticket");
      }
      return;
    }
    for (const connection of connections.get(name) ?? []) {
      if (connection.seat.userId !== notice.userId) continue;
      if (notice.permission === null) stop(connection, CloseCode.accessRevoked, "access revoked");
      else if (notice.permission !== connection.permission) {
        stop(connection, CloseCode.permissionChanged, "permission changed");
      }
    }
  }

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://collab.invalid").pathname;
    if (path !== "/healthz" && path !== "/readyz" && path !== "/metrics") {
      sendJson(response, 404, { status: "error", error: "not_found" });
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.setHeader("Allow", "GET, HEAD");
      sendJson(response, 405, { status: "error", error: "method_not_allowed" });
      return;
    }
    if (path === "/healthz") {
      sendJson(response, 200, { status: "ok" });
      return;
    }
    if (path === "/metrics") {
      const text = await metrics.registry.metrics();
      response.writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" });
      response.end(request.method === "HEAD" ? undefined : text);
      return;
    }
    if (closing) {
      sendJson(response, 503, { status: "stopping" });
      return;
    }
    const checks: Record<string, "ok" | "unreachable"> = { database: "ok" };
    try {
      await options.database.sql`select 1`;
    } catch (error) {
      // Detail for the operator's log, a plain answer for the prober.
      log.error("readiness: the database did not answer", { error: describeError(error) });
      checks.database = "unreachable";
    }
    if (redis) checks.redis = (await redis.ping()) ? "ok" : "unreachable";
    const ok = Object.values(checks).every((value) => value === "ok");
    sendJson(response, ok ? 200 : 503, { status: ok ? "ok" : "error", ...checks });
  }

  return {
    metrics,
    async listen() {
      if (options.redisUrl) redis = await RedisBridge.connect(options.redisUrl, log);
      rooms = new Rooms({
        db: options.database.db,
        sql: options.database.sql,
        settings,
        metrics,
        log,
        redis,
        maxDocumentBytes: limits.maxDocumentBytes,
      });
      let listening = false;
      const subscription = await options.database.sql.listen(COLLAB_CHANNEL, onNotice, () => {
        // After a lost connection, notices may have been missed: have every client fetch a
        // fresh ticket, so the app decides their permission again.
        if (listening) {
          log.warn("notice channel reconnected; asking clients to renew their tickets");
          for (const inRoom of connections.values()) {
            for (const connection of inRoom) stop(connection, CloseCode.permissionChanged, "renew ticket");
          }
        }
        listening = true;
      });
      unlisten = () => subscription.unlisten();
      pingTimer = setInterval(() => {
        for (const inRoom of connections.values()) {
          for (const connection of inRoom) {
            if (!connection.alive) connection.ws.terminate();
            else {
              connection.alive = false;
              connection.ws.ping();
            }
          }
        }
      }, options.pingIntervalMs ?? 30_000);
      pingTimer.unref();
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, options.host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          log.info("listening", { host: options.host, port: address.port, redis: redis !== undefined });
          resolve(address);
        });
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      if (pingTimer) clearInterval(pingTimer);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Clients reconnect, to another instance behind the balancer; their edits since the last
      // batch are re-sent by them on reconnect, and ours are written below.
      for (const inRoom of connections.values()) {
        for (const connection of inRoom) {
          connection.refused = true; // nothing more reaches a document being written out
          connection.ws.close(CloseCode.goingAway, "server shutting down");
        }
      }
      for (const client of wss.clients) client.close(CloseCode.goingAway, "server shutting down");
      server.closeIdleConnections();
      await rooms?.closeAll();
      await unlisten?.().catch(() => {});
      await redis?.close();
      for (const client of wss.clients) client.terminate();
      await stopped;
      log.info("stopped");
    },
  };
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
