import type { Projection } from "@nuri/collab";
import { writeCollabBatch } from "@nuri/collab/store";
import type { Sql } from "@nuri/db";
import { describeError, type Logger } from "./log.ts";
import type { CollabMetrics } from "./metrics.ts";
import type { DocumentPersistence, PendingBatch } from "./persistence.ts";

// Appending each document's batch in its own transaction costs four round trips to
// PostgreSQL (BEGIN, set_config, INSERT, COMMIT) per document every 50 ms, and each
// projection four more: with a hundred busy documents that was most of the collab-server's
// CPU, spent writing to the database's socket (bench/collab, scenario b; docs/performance.md).
// One clock for all documents instead: the first pending update (or due projection) of any
// document starts it, and when it fires every document with something pending is written,
// one statement per tenant (collab_write_batch, migration 0008: one round trip, its own
// transaction, row-level security as in withTenant) for all its documents' updates and
// projections. No update waits longer than the delay, as before; the number of statements
// grows with neither the number of documents nor the number of clients.

/** Documents per statement, to keep one statement's size and duration moderate. */
const MAX_DOCUMENTS_PER_TRANSACTION = 500;

interface Work {
  persistence: DocumentPersistence;
  batch: PendingBatch | null;
  projection: Projection | null;
}

/** Writes the pending updates and due projections of all loaded documents together, per tenant. */
export class AppendBatcher {
  #appends = new Set<DocumentPersistence>();
  #projections = new Map<DocumentPersistence, Projection>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: Sql,
    private readonly delayMs: number,
    private readonly metrics: CollabMetrics,
    private readonly log: Logger,
  ) {}

  /** The document has updates pending: they are appended at the next tick at the latest. */
  schedule(persistence: DocumentPersistence): void {
    this.#appends.add(persistence);
    this.#start();
  }

  /** The document's projection, computed when it fell due: it is written at the next tick. */
  scheduleProjection(persistence: DocumentPersistence, projection: Projection): void {
    this.#projections.set(persistence, projection);
    this.#start();
  }

  /** The document writes on its own from now on (it is being unloaded). */
  forget(persistence: DocumentPersistence): void {
    this.#appends.delete(persistence);
    this.#projections.delete(persistence);
  }

  /** Writes everything due now; resolves when every write has finished. */
  async drain(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const byTenant = new Map<string, Set<DocumentPersistence>>();
    for (const persistence of [...this.#appends, ...this.#projections.keys()]) {
      const set = byTenant.get(persistence.tenantId) ?? new Set();
      set.add(persistence);
      byTenant.set(persistence.tenantId, set);
    }
    const appends = this.#appends;
    const projections = this.#projections;
    this.#appends = new Set();
    this.#projections = new Map();
    const writes: Promise<void>[] = [];
    for (const [tenantId, set] of byTenant) {
      const documents = [...set];
      for (let i = 0; i < documents.length; i += MAX_DOCUMENTS_PER_TRANSACTION) {
        const work = documents.slice(i, i + MAX_DOCUMENTS_PER_TRANSACTION).map(
          (persistence): Work => ({
            persistence,
            batch: appends.has(persistence) ? persistence.takeBatch() : null,
            projection: projections.get(persistence) ?? null,
          }),
        );
        writes.push(this.#write(tenantId, work));
      }
    }
    await Promise.all(writes);
  }

  #start(): void {
    this.#timer ??= setTimeout(() => void this.drain(), this.delayMs);
  }

  async #write(tenantId: string, work: Work[]): Promise<void> {
    const batches = work.filter((item) => item.batch !== null);
    const projected = work.filter((item) => item.projection !== null);
    if (batches.length === 0 && projected.length === 0) return;
    const stop = batches.length > 0 ? this.metrics.flushSeconds.startTimer() : undefined;
    const write = writeCollabBatch(this.client, tenantId, {
      updates: batches.map((item) => ({ documentId: item.persistence.documentId, data: item.batch!.data })),
      projections: projected.map((item) => ({
        documentId: item.persistence.documentId,
        projection: item.projection!,
      })),
    });
    for (const item of work) item.persistence.track(write);
    try {
      await write;
      stop?.();
    } catch (error) {
      this.log.error("writing a batch of documents failed", {
        tenantId,
        documents: work.length,
        error: describeError(error),
      });
      for (const item of batches) item.persistence.failed(item.batch!, error);
      for (const item of projected) item.persistence.projectionFailed(error);
      return;
    }
    await Promise.all(batches.map((item) => item.persistence.appended(item.batch!)));
  }
}
