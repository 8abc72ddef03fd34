import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** The collab-server's Prometheus metrics, on their own registry (one per server). */
export class CollabMetrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({
    name: "nuri_collab_connections",
    help: "Open WebSocket connections that passed the ticket check.",
    registers: [this.registry],
  });
  readonly documents = new Gauge({
    name: "nuri_collab_documents_loaded",
    help: "Documents held in memory.",
    registers: [this.registry],
  });
  readonly updates = new Counter({
    name: "nuri_collab_updates_total",
    help: "Document updates applied from this instance's clients.",
    registers: [this.registry],
  });
  readonly updatesPerSecond: Gauge = new Gauge({
    name: "nuri_collab_updates_per_second",
    help: "Updates applied from this instance's clients per second, over the last 10 seconds.",
    registers: [this.registry],
    collect: (): void => this.updatesPerSecond.set(this.#rate()),
  });
  readonly flushSeconds = new Histogram({
    name: "nuri_collab_flush_seconds",
    help: "Time to append one batch of updates to PostgreSQL.",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly persistenceErrors = new Counter({
    name: "nuri_collab_persistence_errors_total",
    help: "Failed reads or writes of document state (each is retried or the connection refused).",
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: "nuri_collab_refusals_total",
    help: "Connections closed by the server, by reason.",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly #window: number[] = new Array(10).fill(0);
  #windowSecond = Math.floor(Date.now() / 1000);

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: "nuri_collab_" });
  }

  /** Counts one applied update (for the total and the per-second rate). */
  countUpdate(): void {
    this.updates.inc();
    this.#advance();
    this.#window[this.#windowSecond % 10]! += 1;
  }

  #advance(): void {
    const second = Math.floor(Date.now() / 1000);
    for (let s = Math.max(this.#windowSecond + 1, second - 9); s <= second; s++) this.#window[s % 10] = 0;
    this.#windowSecond = Math.max(this.#windowSecond, second);
  }

  #rate(): number {
    this.#advance();
    return this.#window.reduce((sum, n) => sum + n, 0) / 10;
  }
}
