import { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";

/** Close codes after which a fresh ticket cannot help: the client stops and reports why. */
const TERMINAL = (code: number) => code >= 4400 && code < 4500 && code !== 4401;

export interface CollabConnectOptions {
  /** The collab-server's base URL, e.g. wss://collab.example.go.kr */
  serverUrl: string;
  tenantId: string;
  documentId: string;
  doc: Y.Doc;
  /**
   * Asks the app for a fresh ticket; called before every connection, so reconnects (after a
   * restart, a network change or a permission change) present a ticket minted for them. A
   * rejection (no access any more) stops the connection and is reported through `onStop`.
   */
  fetchTicket: () => Promise<string>;
  /** Called once when the connection stops for good: a refusal's close code, or the ticket error. */
  onStop?: (reason: { code: number; reason: string } | { error: unknown }) => void;
  /** Node's `ws` for clients outside a browser. */
  WebSocketPolyfill?: unknown;
  /** Sync tabs of one browser directly; off in Node, where clients of one process must go through the server. */
  broadcastChannel?: boolean;
  /** The longest wait between reconnection attempts (ms). */
  maxBackoffMs?: number;
}

export interface CollabConnection {
  provider: WebsocketProvider;
  /** Disconnects for good and releases the provider. */
  destroy(): void;
}

/**
 * Connects a Y.Doc to Nuri's collab-server with y-websocket's provider, fetching a fresh ticket
 * for every connection. The provider's own reconnect would reuse the first ticket (they expire
 * within a minute), so reconnection is driven here: with exponential backoff, a new ticket
 * each time, and a stop on refusals that a new ticket cannot fix (read-only, limits, revoked).
 */
export function connectCollab(options: CollabConnectOptions): CollabConnection {
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  const provider = new WebsocketProvider(
    options.serverUrl,
    `${options.tenantId}/${options.documentId}`,
    options.doc,
    {
      connect: false,
      disableBc: !(options.broadcastChannel ?? false),
      // biome-ignore lint/suspicious/noExplicitAny: y-websocket types the polyfill as the DOM WebSocket
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill as any } : {}),
      params: {},
      maxBackoffTime: maxBackoffMs,
      // reconnection is ours (below); the provider must never reconnect with a stale ticket
      shouldReconnect: () => false,
    },
  );
  let wanted = true;
  let attempts = 0;
  /** Tickets refused (4401) since the last sync: after the fourth, a fresh one will not help. */
  let refusedTickets = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const stop = (reason: { code: number; reason: string } | { error: unknown }) => {
    if (!wanted) return;
    wanted = false;
    provider.disconnect();
    options.onStop?.(reason);
  };

  const open = async () => {
    timer = undefined;
    if (!wanted) return;
    let ticket: string;
    try {
      ticket = await options.fetchTicket();
    } catch (error) {
      stop({ error });
      return;
    }
    if (!wanted) return;
    provider.params = { ...provider.params, ticket };
    provider.connect();
  };

  const schedule = (delayMs: number) => {
    if (wanted && timer === undefined) timer = setTimeout(() => void open(), delayMs);
  };

  provider.on("sync", (synced: boolean) => {
    if (!synced) return;
    attempts = 0;
    refusedTickets = 0;
  });
  provider.on("connection-close", (event: { code: number; reason: string } | null) => {
    // Keep the provider's own scheduled reconnect (stale ticket) from running.
    provider.shouldConnect = false;
    if (!wanted) return;
    if (event && TERMINAL(event.code)) {
      stop({ code: event.code, reason: event.reason });
      return;
    }
    attempts++;
    // Counted apart from the other failures: after an outage (many refused connections) one
    // ticket that expired on the way, or met a skewed clock, must not stop the client.
    if (event?.code === 4401 && ++refusedTickets > 3) {
      stop({ code: event.code, reason: event.reason });
      return;
    }
    schedule(Math.min(2 ** attempts * 100, maxBackoffMs));
  });
  void open();

  return {
    provider,
    destroy() {
      wanted = false;
      if (timer !== undefined) clearTimeout(timer);
      provider.destroy();
    },
  };
}
