/**
 * The collab-server's limits. Every one is explicit, has a default that a civil servant's
 * normal day stays far below, and is tested. Counts are per instance: with document-affinity
 * routing (docs/decisions/0009) one document's connections meet on one instance.
 */
export interface CollabLimits {
  /** The largest frame a client may send (bytes); ws closes a larger one with 1009. */
  maxMessageBytes: number;
  /**
   * The largest a document may grow (bytes of its Yjs state, history of deletions included):
   * a change that would take it past this is refused. 1,000,000 Korean characters of text,
   * Google Docs' limit, take about 3 MiB with their formatting; images are stored apart.
   */
  maxDocumentBytes: number;
  /** Connections to one document. */
  maxConnectionsPerDocument: number;
  /** Connections of one person, across documents and tabs. */
  maxConnectionsPerPerson: number;
  /** Distinct documents one person has open. */
  maxDocumentsPerPerson: number;
  /** Connections of one tenant. */
  maxConnectionsPerTenant: number;
  /** Distinct documents of one tenant loaded at once. */
  maxDocumentsPerTenant: number;
  /** Messages per second one connection may send, sustained… */
  messagesPerSecond: number;
  /** …and in a burst (a paste, a reconnect's catch-up). */
  messageBurst: number;
  /** Frames a connection may send while its document is still loading. */
  maxQueuedFrames: number;
}

export const DEFAULT_LIMITS: CollabLimits = {
  maxMessageBytes: 1024 * 1024,
  maxDocumentBytes: 16 * 1024 * 1024,
  maxConnectionsPerDocument: 100,
  maxConnectionsPerPerson: 30,
  maxDocumentsPerPerson: 20,
  maxConnectionsPerTenant: 5000,
  maxDocumentsPerTenant: 2000,
  messagesPerSecond: 60,
  messageBurst: 300,
  maxQueuedFrames: 64,
};

/** A token bucket: `rate` tokens a second up to `burst`; take() is false when empty. */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#tokens = burst;
    this.#last = now();
  }

  take(): boolean {
    const now = this.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.rate);
    this.#last = now;
    // A sender at exactly the rate must not lose to rounding (1000/60 ms × 60/s is 0.999…).
    if (this.#tokens < 1 - 1e-9) return false;
    this.#tokens = Math.max(0, this.#tokens - 1);
    return true;
  }
}

/** Counts by key, for the per-person and per-tenant limits. */
export class Counter<K> {
  readonly #counts = new Map<K, number>();

  get(key: K): number {
    return this.#counts.get(key) ?? 0;
  }

  add(key: K, delta: number): void {
    const next = this.get(key) + delta;
    if (next <= 0) this.#counts.delete(key);
    else this.#counts.set(key, next);
  }
}
