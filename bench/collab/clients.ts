import { randomUUID } from "node:crypto";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { issueCollabTicket } from "@nuri/auth";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { RunningServer } from "./servers.ts";

// The clients, all in the bench process: y-websocket's WebsocketProvider for Nuri and the
// reference server, Hocuspocus' own provider for Hocuspocus. One WebSocket per client.

type Awareness = WebsocketProvider["awareness"];

/** A document's room: a tenant and a document (rows in Nuri's database; any uuids elsewhere). */
export interface Room {
  tenantId: string;
  documentId: string;
}

export interface BenchClient {
  doc: Y.Doc;
  text: Y.Text;
  /** Resolves at the provider's first `synced`. */
  synced: Promise<void>;
  isSynced(): boolean;
  /**
   * Re-sends this client's awareness state now. Providers renew it every 15 s by themselves;
   * clients connected together would otherwise all renew in the same second.
   */
  renewAwareness(): void;
  destroy(): void;
}

/** What went wrong with connections during one scenario: close codes seen, by code. */
export class ConnectionLog {
  readonly closes = new Map<string, number>();

  record(code: number | string): void {
    const key = String(code);
    this.closes.set(key, (this.closes.get(key) ?? 0) + 1);
  }

  describe(): string {
    return [...this.closes].map(([code, count]) => `${count}× close ${code}`).join(", ");
  }
}

/** Connects one client to `room` on `server`; for Nuri with a fresh ticket of its own person. */
export function connectClient(
  server: RunningServer,
  room: Room,
  ticketKey: Uint8Array,
  log: ConnectionLog,
): BenchClient {
  const doc = new Y.Doc();
  const name = `${room.tenantId}/${room.documentId}`;
  let synced = false;
  // closes after destroy() are ours, not the server's
  let destroyed = false;
  const recordClose = (code: number | string) => {
    if (!destroyed) log.record(code);
  };
  let resolveSynced: () => void = () => {};
  const syncedPromise = new Promise<void>((resolve) => {
    resolveSynced = resolve;
  });
  const onSynced = () => {
    if (synced) return;
    synced = true;
    resolveSynced();
  };

  let destroy: () => void;
  let awareness: Awareness | null;
  if (server.kind === "hocuspocus") {
    const socket = new HocuspocusProviderWebsocket({ url: server.url, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc });
    provider.on("synced", onSynced);
    provider.on("close", ({ event }: { event: { code: number } }) => recordClose(event.code));
    provider.attach();
    awareness = provider.awareness;
    destroy = () => {
      provider.destroy();
      socket.destroy();
    };
  } else {
    const params: Record<string, string> =
      server.kind === "nuri"
        ? {
            // every connection its own person: Nuri allows 30 connections and 20 documents a person
            ticket: issueCollabTicket(
              ticketKey,
              {
                tenantId: room.tenantId,
                documentId: room.documentId,
                userId: randomUUID(),
                permission: "edit",
              },
              new Date(),
            ),
          }
        : {};
    const provider = new WebsocketProvider(server.url, name, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      // clients in one process would otherwise sync over BroadcastChannel, bypassing the server
      disableBc: true,
      params,
    });
    provider.on("sync", (isSynced: boolean) => {
      if (isSynced) onSynced();
    });
    provider.on("connection-close", (event: { code: number } | null) => recordClose(event?.code ?? "?"));
    awareness = provider.awareness;
    destroy = () => provider.destroy();
  }
  return {
    doc,
    text: doc.getText("body"),
    synced: syncedPromise,
    isSynced: () => synced,
    renewAwareness: () => awareness?.setLocalState(awareness.getLocalState()),
    destroy: () => {
      destroyed = true;
      destroy();
      doc.destroy();
    },
  };
}

/**
 * Connects `rooms.length` clients, `concurrency` at a time, each counted once it is synced;
 * throws with the close codes seen when a batch does not sync within `timeoutMs`.
 */
export async function connectMany(
  server: RunningServer,
  rooms: Room[],
  ticketKey: Uint8Array,
  log: ConnectionLog,
  { concurrency = 50, timeoutMs = 30_000 } = {},
): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  try {
    for (let start = 0; start < rooms.length; start += concurrency) {
      const batch = rooms
        .slice(start, start + concurrency)
        .map((room) => connectClient(server, room, ticketKey, log));
      clients.push(...batch);
      await within(
        Promise.all(batch.map((client) => client.synced)),
        timeoutMs,
        () =>
          `${server.kind}: ${batch.filter((client) => !client.isSynced()).length} of ${batch.length} clients ` +
          `(from client ${start}) not synced after ${timeoutMs} ms; ${log.describe() || "no closes seen"}`,
      );
    }
    return clients;
  } catch (error) {
    for (const client of clients) client.destroy();
    throw error;
  }
}

/** `promise`, or an error with `message()` after `timeoutMs`. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, message: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
