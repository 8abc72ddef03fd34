import { type CollabConnection, connectCollab } from "@nuri/collab/client";
import type { DocumentRole } from "@nuri/db";
import * as Y from "yjs";
import { SignedOutError, type StopKind, stopKindOf, TicketRefusedError } from "./stop-reasons.ts";

/**
 * connecting: before the first sync; connected: in sync with the server; reconnecting: the
 * connection dropped and is being made again; offline: the browser says it has no network;
 * stopped: the server (or the app) refused for good, see `stop`.
 */
export type ConnectionPhase = "connecting" | "connected" | "reconnecting" | "offline" | "stopped";

export interface SessionState {
  phase: ConnectionPhase;
  /** The provider exists (the first ticket came): the editor can be built. */
  ready: boolean;
  /** Synced with the server at least once: the editor shows the real text. */
  loaded: boolean;
  /** The role the latest ticket carried (a share may have changed since the page loaded). */
  role: DocumentRole;
  stop: StopKind | null;
  /** Changes made while disconnected, not yet merged. */
  unsent: boolean;
  /** How many times changes made while disconnected were merged on reconnecting. */
  merges: number;
}

export interface SessionOptions {
  tenantId: string;
  tenantSlug: string;
  documentId: string;
  /** The role the page was loaded with. */
  role: DocumentRole;
  /**
   * Where to ask for tickets (POST); the document's own ticket route by default. An approval's
   * body is a document the documents side never issues tickets for: its page asks its own.
   */
  ticketUrl?: string;
}

interface TicketResponse {
  ticket: string;
  url: string;
  role: DocumentRole;
}

const ROLES = new Set<unknown>(["reader", "commenter", "editor", "owner"]);
const MAX_BACKOFF_MS = 5000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One person's live session on a document in this browser window: the Y.Doc, its connection
 * to the collab-server (packages/collab's connectCollab, a fresh ticket from the app before
 * every connection) and the state the page shows. React reads it through subscribe and
 * getSnapshot (useSyncExternalStore).
 *
 * Going offline: browsers (and test browsers) often keep a WebSocket open after the network
 * is gone, so on the window's `offline` event the connection is closed here; tickets are not
 * requested until the browser is online again. Edits made meanwhile stay in the Y.Doc and
 * are merged by the sync that follows the reconnection.
 */
export class CollabSession {
  readonly doc = new Y.Doc();
  connection: CollabConnection | null = null;
  #state: SessionState;
  readonly #listeners = new Set<() => void>();
  #destroyed = false;
  #prefetched: TicketResponse | null = null;

  constructor(readonly options: SessionOptions) {
    this.#state = {
      phase: navigator.onLine ? "connecting" : "offline",
      ready: false,
      loaded: false,
      role: options.role,
      stop: null,
      unsent: false,
      merges: 0,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): SessionState => this.#state;

  #set(change: Partial<SessionState>): void {
    if (this.#destroyed) return;
    this.#state = { ...this.#state, ...change };
    for (const listener of this.#listeners) listener();
  }

  /** Gets the first ticket (which names the server), then connects. */
  async start(): Promise<void> {
    window.addEventListener("offline", this.#onOffline);
    window.addEventListener("online", this.#onOnline);
    let first: TicketResponse;
    try {
      first = await this.#requestTicket();
    } catch (error) {
      this.#stop({ error });
      return;
    }
    if (this.#destroyed) return;
    this.#prefetched = first;
    const connection = connectCollab({
      serverUrl: first.url,
      tenantId: this.options.tenantId,
      documentId: this.options.documentId,
      doc: this.doc,
      maxBackoffMs: MAX_BACKOFF_MS,
      fetchTicket: async () => {
        const ticket = this.#prefetched ?? (await this.#requestTicket());
        this.#prefetched = null;
        return ticket.ticket;
      },
      onStop: (reason) => this.#stop(reason),
    });
    this.connection = connection;
    const { provider } = connection;
    provider.on("status", ({ status }: { status: "connected" | "connecting" | "disconnected" }) => {
      if (status === "disconnected" && this.#state.phase === "connected")
        this.#set({ phase: "reconnecting" });
    });
    provider.on("sync", (synced: boolean) => {
      if (!synced || this.#state.phase === "stopped") return;
      const merged = this.#state.unsent;
      this.#set({
        phase: "connected",
        loaded: true,
        unsent: false,
        merges: merged ? this.#state.merges + 1 : this.#state.merges,
      });
    });
    this.doc.on("update", (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) return;
      if (!(provider.wsconnected && provider.synced) && !this.#state.unsent) this.#set({ unsent: true });
    });
    if (!navigator.onLine) this.#onOffline();
    this.#set({ ready: true });
  }

  /** Asks the app for a ticket, waiting for the network and retrying while the app cannot answer. */
  async #requestTicket(): Promise<TicketResponse> {
    const { tenantSlug, documentId, ticketUrl } = this.options;
    const url =
      ticketUrl ?? `/t/${encodeURIComponent(tenantSlug)}/documents/${encodeURIComponent(documentId)}/ticket`;
    for (let attempt = 0; ; attempt++) {
      await this.#untilOnline();
      if (this.#destroyed) throw new Error("the session was closed");
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          // an empty body still declares its length, which the server requires of every POST
          body: "",
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          cache: "no-store",
          // a redirect goes to the sign-in page: the session has ended
          redirect: "manual",
        });
      } catch {
        // the network failed (or the browser went offline on the way): try again
        await delay(Math.min(2 ** attempt * 200, MAX_BACKOFF_MS));
        continue;
      }
      if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
        throw new SignedOutError();
      }
      if (response.status === 403 || response.status === 404) throw new TicketRefusedError(response.status);
      if (!response.ok) {
        await delay(Math.min(2 ** attempt * 200, MAX_BACKOFF_MS));
        continue;
      }
      const body = (await response.json()) as Partial<TicketResponse>;
      if (typeof body.ticket !== "string" || typeof body.url !== "string" || !ROLES.has(body.role)) {
        throw new TicketRefusedError(response.status);
      }
      const ticket = body as TicketResponse;
      if (ticket.role !== this.#state.role) this.#set({ role: ticket.role });
      return ticket;
    }
  }

  #untilOnline(): Promise<void> {
    if (navigator.onLine || this.#destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        window.removeEventListener("online", done);
        resolve();
      };
      window.addEventListener("online", done);
    });
  }

  #onOffline = () => {
    if (this.#state.phase === "stopped") return;
    this.#set({ phase: "offline" });
    // connectCollab reconnects after this close, and its ticket request waits for the network.
    this.connection?.provider.disconnect();
  };

  #onOnline = () => {
    if (this.#state.phase === "offline")
      this.#set({ phase: this.#state.loaded ? "reconnecting" : "connecting" });
  };

  #stop(reason: { code: number; reason: string } | { error: unknown }): void {
    if (this.#destroyed) return;
    const kind = stopKindOf(reason);
    console.warn("nuri editor: the live connection stopped", { documentId: this.options.documentId, reason });
    this.#set({ phase: "stopped", stop: kind });
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    window.removeEventListener("offline", this.#onOffline);
    window.removeEventListener("online", this.#onOnline);
    this.connection?.destroy();
    this.doc.destroy();
    this.#listeners.clear();
  }
}
