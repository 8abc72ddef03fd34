import { type Projection, projectDocument } from "@nuri/collab";
import {
  appendUpdate,
  type CollabDocumentState,
  compactStoredState,
  saveVersion,
  writeProjection,
} from "@nuri/collab/store";
import { type Db, withTenant } from "@nuri/db";
import * as Y from "yjs";
import type { AppendBatcher } from "./append-batcher.ts";
import { describeError, type Logger } from "./log.ts";
import type { CollabMetrics } from "./metrics.ts";

/** When updates are written, compacted, projected and versioned. */
export interface PersistenceSettings {
  /** The longest an update waits in memory before it is appended (ms); the bound is 100. */
  flushDelayMs: number;
  /** Pending bytes that trigger an immediate append. */
  flushBytes: number;
  /** Tail rows, or tail bytes, after which the tail is merged into the snapshot. */
  compactRows: number;
  compactBytes: number;
  /** The projection is written this long after the last change… */
  projectionDelayMs: number;
  /** …but never later than this after the first unprojected one. */
  projectionMaxWaitMs: number;
  /** An automatic version is kept at most this often while people edit, and when the last leaves. */
  autoVersionMs: number;
  /** The wait before retrying a failed append (doubles up to 5 s). */
  retryDelayMs: number;
}

export const DEFAULT_PERSISTENCE: PersistenceSettings = {
  flushDelayMs: 50,
  flushBytes: 256 * 1024,
  compactRows: 200,
  compactBytes: 1024 * 1024,
  projectionDelayMs: 1000,
  projectionMaxWaitMs: 5000,
  autoVersionMs: 10 * 60 * 1000,
  retryDelayMs: 200,
};

/** Updates taken from a document's pending list, merged, on their way to PostgreSQL. */
export interface PendingBatch {
  updates: Uint8Array[];
  bytes: number;
  data: Uint8Array;
}

const noop = () => {};

/**
 * The persistence of one loaded document: its peers' updates are batched and appended to
 * PostgreSQL (one row per batch, within `flushDelayMs` of the first), the tail is compacted
 * into the snapshot, the text and HTML projection is written after a pause, and automatic
 * versions are kept during activity. A failed append keeps the batch and retries; close()
 * writes everything still pending.
 */
export class DocumentPersistence {
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #retries = 0;
  #tailRows: number;
  #tailBytes: number;
  #compacting = false;
  #projectionTimer: ReturnType<typeof setTimeout> | undefined;
  #unprojectedSince = 0;
  #lastVersionAt: number;
  /** Whether the document changed since the last version, and who changed it. */
  #changedSinceVersion = false;
  #contributors = new Set<string>();
  #closed = false;

  constructor(
    private readonly db: Db,
    readonly tenantId: string,
    readonly documentId: string,
    private readonly doc: Y.Doc,
    private readonly settings: PersistenceSettings,
    private readonly metrics: CollabMetrics,
    private readonly log: Logger,
    loaded: CollabDocumentState,
    private readonly batcher?: AppendBatcher,
  ) {
    this.#tailRows = loaded.tailRows;
    this.#tailBytes = loaded.tailBytes;
    // The clock starts at load: the first automatic version follows this session's first edits.
    this.#lastVersionAt = Math.max(loaded.lastVersionAt, Date.now());
  }

  /** An update from one of this instance's peers: to be appended. */
  local(update: Uint8Array, userId: string): void {
    this.#pending.push(update);
    this.#pendingBytes += update.byteLength;
    this.#contributors.add(userId);
    this.changed();
    if (this.#pendingBytes >= this.settings.flushBytes) this.#scheduleFlush(0);
    else this.#scheduleFlush(this.settings.flushDelayMs);
  }

  /** Any change (local, another instance's, a restore): the projection and versions follow. */
  changed(): void {
    this.#changedSinceVersion = true;
    if (this.#closed) return;
    const now = Date.now();
    if (this.#unprojectedSince === 0) this.#unprojectedSince = now;
    const wait = Math.min(
      this.settings.projectionDelayMs,
      Math.max(0, this.#unprojectedSince + this.settings.projectionMaxWaitMs - now),
    );
    if (this.#projectionTimer) clearTimeout(this.#projectionTimer);
    this.#projectionTimer = setTimeout(() => void this.#projectionDue(), wait);
  }

  /** Appends what is pending now (and waits for any append in flight). */
  flush(): Promise<void> {
    if (this.#flushTimer) {
      clearTimeout(this.#flushTimer);
      this.#flushTimer = undefined;
    }
    this.#flushing = this.#flushing.then(() => this.#append());
    return this.#flushing;
  }

  /** Writes everything pending, the projection, and a version if people edited: the last leave. */
  async close(): Promise<void> {
    this.#closed = true;
    this.batcher?.forget(this);
    if (this.#projectionTimer) clearTimeout(this.#projectionTimer);
    // Keep trying a failing database for a while: what is pending exists nowhere else.
    for (let attempt = 0; ; attempt++) {
      await this.flush();
      if (this.#pending.length === 0) break;
      if (attempt >= 5) {
        this.log.error(
          "gave up writing pending updates at unload",
          this.#fields({ updates: this.#pending.length }),
        );
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, this.settings.retryDelayMs * 2 ** attempt));
    }
    if (this.#unprojectedSince !== 0) await this.#project();
    if (this.#contributors.size > 0 && this.#changedSinceVersion) await this.#saveAutoVersion();
  }

  #scheduleFlush(delayMs: number, retry = false): void {
    // The usual case: the batcher appends this document with every other one that has
    // something pending, one transaction per tenant, within its delay of the first of them.
    if (delayMs > 0 && !retry && this.batcher) {
      this.batcher.schedule(this);
      return;
    }
    if (this.#flushTimer !== undefined) {
      if (delayMs > 0) return; // the batch's first update already set the deadline
      clearTimeout(this.#flushTimer);
    }
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined;
      void this.flush();
    }, delayMs);
  }

  /**
   * Takes what is pending, merged into one update, for the batcher or for #append; null when
   * nothing is. The caller must hand it back with appended() or failed().
   */
  takeBatch(): PendingBatch | null {
    if (this.#pending.length === 0) return null;
    const updates = this.#pending;
    const bytes = this.#pendingBytes;
    this.#pending = [];
    this.#pendingBytes = 0;
    if (this.#flushTimer) {
      clearTimeout(this.#flushTimer);
      this.#flushTimer = undefined;
    }
    return { updates, bytes, data: updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates) };
  }

  /** Makes flush() and close() wait for an append the batcher has in flight for this document. */
  track(write: Promise<unknown>): void {
    this.#flushing = this.#flushing.then(() => write.then(noop, noop));
  }

  /** The batch is in PostgreSQL: compaction and automatic versions follow. */
  async appended(batch: PendingBatch): Promise<void> {
    this.#retries = 0;
    this.#tailRows++;
    this.#tailBytes += batch.data.byteLength;
    if (Date.now() - this.#lastVersionAt >= this.settings.autoVersionMs && this.#contributors.size > 0) {
      await this.#saveAutoVersion();
    }
    if (
      !this.#compacting &&
      (this.#tailRows >= this.settings.compactRows || this.#tailBytes >= this.settings.compactBytes)
    ) {
      await this.#compact();
    }
  }

  /** The append failed: the batch goes back in front of anything newer, and is retried later. */
  failed(batch: PendingBatch, error: unknown): void {
    this.#pending = [...batch.updates, ...this.#pending];
    this.#pendingBytes += batch.bytes;
    this.metrics.persistenceErrors.inc();
    this.log.error("appending updates failed; retrying", this.#fields({ error: describeError(error) }));
    if (!this.#closed) {
      this.#retries++;
      this.#scheduleFlush(Math.min(this.settings.retryDelayMs * 2 ** (this.#retries - 1), 5000), true);
    }
  }

  async #append(): Promise<void> {
    const batch = this.takeBatch();
    if (!batch) return;
    const stop = this.metrics.flushSeconds.startTimer();
    try {
      await withTenant(this.db, this.tenantId, (tx) =>
        appendUpdate(tx, this.tenantId, this.documentId, batch.data),
      );
      stop();
    } catch (error) {
      this.failed(batch, error);
      return;
    }
    await this.appended(batch);
  }

  async #compact(): Promise<void> {
    this.#compacting = true;
    try {
      const merged = await withTenant(this.db, this.tenantId, (tx) =>
        compactStoredState(tx, this.documentId),
      );
      this.#tailRows = Math.max(0, this.#tailRows - merged);
      this.#tailBytes = this.#tailRows === 0 ? 0 : this.#tailBytes;
    } catch (error) {
      this.metrics.persistenceErrors.inc();
      this.log.error("compaction failed", this.#fields({ error: describeError(error) }));
    } finally {
      this.#compacting = false;
    }
  }

  /** The projection is due: with the batcher, it is written in its next transaction. */
  async #projectionDue(): Promise<void> {
    this.#projectionTimer = undefined;
    // Computed now, when this document's own timer fires, so that the projections of many
    // documents are spread over time; only the writes are gathered into the batcher's tick.
    if (this.batcher && !this.#closed) this.batcher.scheduleProjection(this, this.takeProjection());
    else await this.#project();
  }

  /** The text and HTML of the document now, for the batcher or for #project. */
  takeProjection(): Projection {
    if (this.#projectionTimer) clearTimeout(this.#projectionTimer);
    this.#projectionTimer = undefined;
    this.#unprojectedSince = 0;
    return projectDocument(this.doc);
  }

  /** Writing the projection failed: it is tried again after the next pause. */
  projectionFailed(error: unknown): void {
    this.metrics.persistenceErrors.inc();
    this.log.error("writing the projection failed", this.#fields({ error: describeError(error) }));
    if (!this.#closed) this.changed();
  }

  async #project(): Promise<void> {
    try {
      const projection = this.takeProjection();
      await withTenant(this.db, this.tenantId, (tx) => writeProjection(tx, this.documentId, projection));
    } catch (error) {
      this.projectionFailed(error);
    }
  }

  async #saveAutoVersion(): Promise<void> {
    const contributors = [...this.#contributors];
    this.#contributors.clear();
    this.#changedSinceVersion = false;
    this.#lastVersionAt = Date.now();
    try {
      await withTenant(this.db, this.tenantId, (tx) =>
        saveVersion(tx, {
          tenantId: this.tenantId,
          documentId: this.documentId,
          kind: "auto",
          state: Y.encodeStateAsUpdate(this.doc),
          contributors,
        }),
      );
    } catch (error) {
      for (const id of contributors) this.#contributors.add(id);
      this.#changedSinceVersion = true;
      this.metrics.persistenceErrors.inc();
      this.log.error("saving an automatic version failed", this.#fields({ error: describeError(error) }));
    }
  }

  #fields(extra: Record<string, string | number>) {
    return { tenantId: this.tenantId, documentId: this.documentId, ...extra };
  }
}
