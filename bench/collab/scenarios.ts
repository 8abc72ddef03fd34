import { monitorEventLoopDelay } from "node:perf_hooks";
import * as Y from "yjs";
import { type BenchClient, ConnectionLog, connectClient, connectMany, type Room, within } from "./clients.ts";
import { cpuSeconds, machineBusySeconds, memoryKiB, postgresCpuSeconds } from "./processes.ts";
import { nuriMetric, type RunningServer, type ServerKind } from "./servers.ts";
import { median, Pacer, quantile, seededRandom, sleep } from "./stats.ts";

/** What every scenario needs: how to start a server, and Nuri's extras. */
export interface ScenarioContext {
  start(): Promise<RunningServer>;
  ticketKey: Uint8Array;
  /** The embedded PostgreSQL's postmaster, to count its CPU during Nuri's runs. */
  postmaster: number | null;
  /** A pause for things to settle (awareness after joins, memory after connects). */
  settleMs: number;
  /** Something a server did that a reader should know about (crashes, refusals, slow stops). */
  note(kind: ServerKind, text: string): void;
}

// ---------------------------------------------------------------- propagation

export interface PropagationOptions {
  rooms: Room[];
  clientsPerDocument: number;
  /** Writers among a document's clients. */
  writersOf(documentIndex: number): number;
  editsPerSecond: number;
  /** Edits before the measured window (not counted): connections and JIT warm up. */
  warmUpSeconds: number;
  seconds: number;
  drainMs: number;
}

/** Nuri's own view of a run, from its /metrics. */
export interface NuriDiagnostics {
  /** Batches appended to PostgreSQL during the window and drain, and their mean duration. */
  appends: number;
  appendMeanMs: number;
  /** Its event loop's p99 and max delay (prom-client), over the window and drain. */
  loopP99Ms: number;
  loopMaxMs: number;
}

export interface PropagationResult {
  clients: number;
  writers: number;
  /** Deliveries a second the writers offered (edits × other clients in the document). */
  offeredPerSecond: number;
  sent: number;
  expected: number;
  delivered: number;
  /** Deliveries that arrived within the measured window, per second of it. */
  deliveredPerSecond: number;
  /** Milliseconds from insert at the writer to the change event at a receiver. */
  p50: number;
  p95: number;
  p99: number;
  /** Server CPU seconds from the window's start to the last delivery (or the drain's end). */
  serverCpu: number;
  measuredSeconds: number;
  postgresCpu: number | null;
  peakRssKiB: number;
  /** The bench process (all clients): CPU seconds and its event loop's p99 delay. */
  clientCpu: number;
  clientLoopP99Ms: number;
  /** Cores' worth of CPU that other processes on the machine used during the measurement. */
  othersCores: number;
  nuri: NuriDiagnostics | null;
}

const TOKEN = /<(\d+\.\d{3})>/g;

/**
 * Node's event-loop delay monitor (ours, and prom-client's in Nuri, whose default precision is
 * the same) times a timer of this interval, and records the whole interval: an idle loop reads
 * about 10 ms. The delay is what exceeds it.
 */
const LOOP_RESOLUTION_MS = 10;
const loopDelay = (recordedMs: number) => Math.max(0, recordedMs - LOOP_RESOLUTION_MS);

/**
 * Each writer inserts a token `<send time>` into the document's Y.Text at a steady rate; every
 * other client of the document notes, on the change event, now minus the send time. All
 * clients share one clock (performance.now()). Only edits sent within the measured window,
 * after the warm-up, count.
 */
export async function runPropagation(
  context: ScenarioContext,
  options: PropagationOptions,
): Promise<PropagationResult> {
  const server = await context.start();
  const log = new ConnectionLog();
  let clients: BenchClient[] = [];
  try {
    const layout = options.rooms.flatMap((room) =>
      Array.from({ length: options.clientsPerDocument }, () => room),
    );
    clients = await connectMany(server, layout, context.ticketKey, log);
    // Every client renews its awareness 15–18 s after its last change, and all of them joined
    // within a few seconds: renew them together now, so that the next wave of renewals falls
    // after a window of up to ~11 s rather than inside it, for every server alike.
    for (const client of clients) client.renewAwareness();
    await sleep(context.settleMs); // the awareness of everyone who joined settles

    const start = performance.now();
    const windowStart = start + options.warmUpSeconds * 1000;
    const windowEnd = windowStart + options.seconds * 1000;
    const latencies: number[] = [];
    const timeline: [number, number][] = [];
    let delivered = 0;
    let deliveredInWindow = 0;
    for (const client of clients) {
      client.text.observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const op of event.delta) {
          if (typeof op.insert !== "string") continue;
          for (const match of op.insert.matchAll(TOKEN)) {
            const sentAt = Number(match[1]);
            if (sentAt < windowStart) continue;
            latencies.push(now - sentAt);
            if (debug) timeline.push([sentAt - windowStart, now - sentAt]);
            delivered++;
            if (now <= windowEnd) deliveredInWindow++;
          }
        }
      });
    }

    const writers: Y.Text[] = [];
    options.rooms.forEach((_, index) => {
      const first = index * options.clientsPerDocument;
      for (let w = 0; w < options.writersOf(index); w++) writers.push(clients[first + w]!.text);
    });
    const period = 1000 / options.editsPerSecond;
    let sent = 0;
    const writing = Promise.all(
      writers.map(async (text, index) => {
        // writers spread evenly over the period, so the load is steady
        let next = start + (index / writers.length) * period;
        while (next < windowEnd) {
          await sleep(Math.max(0, next - performance.now()));
          const now = performance.now();
          text.insert(text.length, `<${now.toFixed(3)}> `);
          if (now >= windowStart) sent++;
          next += period;
        }
      }),
    );
    await sleep(Math.max(0, windowStart - performance.now()));
    const cpuBefore = cpuSeconds(server.process.pid);
    // PostgreSQL is counted for every server (it idles during the peers' runs), so that only
    // other people's work on the machine is left over
    const postgresBefore = context.postmaster ? postgresCpuSeconds(context.postmaster) : null;
    const machineBefore = machineBusySeconds();
    const metricsBefore = server.kind === "nuri" ? await nuriMetrics(server) : null;
    const clientBefore = process.cpuUsage();
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    const measuredFrom = performance.now();
    await writing;
    const expected = sent * (options.clientsPerDocument - 1);
    const drainDeadline = performance.now() + options.drainMs;
    while (delivered < expected && performance.now() < drainDeadline) await sleep(20);
    const end = performance.now();
    loop.disable();
    const clientUsage = process.cpuUsage(clientBefore);
    const serverCpu = cpuSeconds(server.process.pid) - cpuBefore;
    const postgresUsed =
      postgresBefore !== null && context.postmaster
        ? postgresCpuSeconds(context.postmaster) - postgresBefore
        : 0;
    const othersCores =
      (machineBusySeconds() -
        machineBefore -
        serverCpu -
        postgresUsed -
        (clientUsage.user + clientUsage.system) / 1e6) /
      ((end - measuredFrom) / 1000);
    const postgresCpu = server.kind === "nuri" && postgresBefore !== null ? postgresUsed : null;
    const peakRssKiB = memoryKiB(server.process.pid, "VmHWM");
    let nuri: NuriDiagnostics | null = null;
    if (metricsBefore) {
      const after = await nuriMetrics(server);
      const appends = after.flushCount - metricsBefore.flushCount;
      nuri = {
        appends,
        appendMeanMs: appends > 0 ? ((after.flushSum - metricsBefore.flushSum) / appends) * 1000 : Number.NaN,
        loopP99Ms: loopDelay(after.loopP99 * 1000),
        loopMaxMs: loopDelay(after.loopMax * 1000),
      };
    }
    if (debug) printTimeline(server.kind, timeline);
    if (delivered < expected) {
      context.note(
        server.kind,
        `${options.rooms.length} document(s): ${expected - delivered} of ${expected} deliveries had not arrived ` +
          `${options.drainMs} ms after the last edit`,
      );
    }
    if (log.closes.size > 0) {
      context.note(
        server.kind,
        `${options.rooms.length} document(s): connections closed during the run: ${log.describe()}`,
      );
    }
    latencies.sort((x, y) => x - y);
    return {
      clients: clients.length,
      writers: writers.length,
      offeredPerSecond: options.editsPerSecond * writers.length * (options.clientsPerDocument - 1),
      sent,
      expected,
      delivered,
      deliveredPerSecond: deliveredInWindow / options.seconds,
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      serverCpu,
      measuredSeconds: (end - measuredFrom) / 1000,
      postgresCpu,
      peakRssKiB,
      clientCpu: (clientUsage.user + clientUsage.system) / 1e6,
      clientLoopP99Ms: loopDelay(loop.percentile(99) / 1e6),
      othersCores,
      nuri,
    };
  } finally {
    for (const client of clients) client.destroy();
    await stopAndCheck(context, server);
  }
}

const debug = process.env.BENCH_DEBUG === "1";

/** BENCH_DEBUG=1: latency by second of the window, to see stalls and trends. */
function printTimeline(kind: ServerKind, timeline: [number, number][]): void {
  const seconds = new Map<number, number[]>();
  for (const [at, latency] of timeline) {
    const second = Math.floor(at / 1000);
    seconds.set(second, [...(seconds.get(second) ?? []), latency]);
  }
  for (const [second, latencies] of [...seconds].sort((x, y) => x[0] - y[0])) {
    latencies.sort((x, y) => x - y);
    console.log(
      `  ${kind} second ${second}: ${latencies.length} deliveries, p50 ${quantile(latencies, 0.5).toFixed(1)} ms, ` +
        `p99 ${quantile(latencies, 0.99).toFixed(1)} ms`,
    );
  }
}

/** The few numbers of Nuri's /metrics the bench reports (reading them resets the loop delay). */
async function nuriMetrics(server: RunningServer) {
  const text = await (await fetch(`${server.http}/metrics`)).text();
  const value = (name: string) => {
    const match = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
    return match ? Number(match[1]) : Number.NaN;
  };
  return {
    flushSum: value("nuri_collab_flush_seconds_sum"),
    flushCount: value("nuri_collab_flush_seconds_count"),
    loopP99: value("nuri_collab_nodejs_eventloop_lag_p99_seconds"),
    loopMax: value("nuri_collab_nodejs_eventloop_lag_max_seconds"),
  };
}

// ---------------------------------------------------------------- idle memory

export interface IdleResult {
  connections: number;
  documents: number;
  rssBeforeKiB: number;
  rssAfterKiB: number;
  perConnectionKiB: number;
  /** Wall time to connect and sync them all, 50 at a time. */
  connectSeconds: number;
}

/** RSS of the server with `rooms.length` synced idle clients, minus its RSS before them. */
export async function runIdle(context: ScenarioContext, rooms: Room[], warmUp: Room): Promise<IdleResult> {
  const { settleMs } = context;
  const server = await context.start();
  const log = new ConnectionLog();
  let clients: BenchClient[] = [];
  try {
    // exercise every code path once, so lazily loaded code is not counted as connections
    const warm = await connectMany(
      server,
      Array.from({ length: 10 }, () => warmUp),
      context.ticketKey,
      log,
    );
    for (const client of warm) client.destroy();
    await sleep(settleMs);
    const rssBeforeKiB = await settledRss(server.process.pid, settleMs);
    const started = performance.now();
    clients = await connectMany(server, rooms, context.ticketKey, log);
    const connectSeconds = (performance.now() - started) / 1000;
    await sleep(settleMs);
    const rssAfterKiB = await settledRss(server.process.pid, settleMs);
    if (log.closes.size > 0) {
      context.note(server.kind, `idle connections: closes seen: ${log.describe()}`);
    }
    for (const client of clients) client.destroy();
    clients = [];
    if (server.kind === "nuri") await checkNuriEmpties(context, server);
    return {
      connections: rooms.length,
      documents: new Set(rooms.map((room) => room.documentId)).size,
      rssBeforeKiB,
      rssAfterKiB,
      perConnectionKiB: (rssAfterKiB - rssBeforeKiB) / rooms.length,
      connectSeconds,
    };
  } finally {
    for (const client of clients) client.destroy();
    await stopAndCheck(context, server);
  }
}

/** After every client left, Nuri should hold no connection and no document: else a leak. */
async function checkNuriEmpties(context: ScenarioContext, server: RunningServer): Promise<void> {
  const deadline = performance.now() + 30_000;
  let connections = Number.NaN;
  let documents = Number.NaN;
  while (performance.now() < deadline) {
    connections = await nuriMetric(server, "nuri_collab_connections");
    documents = await nuriMetric(server, "nuri_collab_documents_loaded");
    if (connections === 0 && documents === 0) return;
    await sleep(250);
  }
  context.note(
    server.kind,
    `30 s after all idle clients left, /metrics still counted ${connections} connections and ${documents} loaded documents`,
  );
}

/** The median of VmRSS sampled ten times over `ms`. */
async function settledRss(pid: number, ms: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    samples.push(memoryKiB(pid, "VmRSS"));
    await sleep(ms / 10);
  }
  return median(samples);
}

// ---------------------------------------------------------------- history

export interface HistoryOptions {
  room: Room;
  edits: number;
  editsPerMessage: number;
  warmRepeats: number;
  coldRepeats: number;
}

export interface HistoryResult {
  edits: number;
  messages: number;
  buildSeconds: number;
  /** The document's full state (Y.encodeStateAsUpdate), bytes. */
  stateBytes: number;
  characters: number;
  /** Construct → synced of a fresh client while the document is in the server's memory. */
  warmMs: number[];
  /** Nuri: after the document was unloaded (its last client left), loaded from PostgreSQL. */
  coldUnloadMs: number[];
  /** Nuri: after a server restart, loaded from PostgreSQL by a fresh process. */
  coldRestartMs: number[];
  /** Cores' worth of CPU other processes on the machine used during the warm syncs. */
  othersCores: number;
}

/**
 * One client makes `edits` small edits (inserts of 1–4 characters and deletions of 1–3 at
 * random places, the same sequence for every server), `editsPerMessage` per transaction,
 * paced under Nuri's message limit; then fresh clients are timed from construction to synced.
 */
export async function runHistory(context: ScenarioContext, options: HistoryOptions): Promise<HistoryResult> {
  let server = await context.start();
  let running = true;
  const log = new ConnectionLog();
  const open: BenchClient[] = [];
  try {
    const builder = connectClient(server, options.room, context.ticketKey, log);
    open.push(builder);
    await within(builder.synced, 30_000, () => `${server.kind}: the history builder did not sync`);
    const random = seededRandom(20_000);
    const pacer = new Pacer(50, 250);
    const alphabet = "가나다라마바사아자차카타파하abcdefghijklmnopqrstuvwxyz ";
    const text = builder.text;
    const started = performance.now();
    let messages = 0;
    for (let done = 0; done < options.edits; ) {
      await pacer.take();
      const count = Math.min(options.editsPerMessage, options.edits - done);
      builder.doc.transact(() => {
        for (let i = 0; i < count; i++) {
          const length = text.length;
          if (length > 10 && random() < 0.2) {
            const at = Math.floor(random() * (length - 3));
            text.delete(at, 1 + Math.floor(random() * 3));
          } else {
            let insert = "";
            for (let c = 1 + Math.floor(random() * 4); c > 0; c--) {
              insert += alphabet[Math.floor(random() * alphabet.length)];
            }
            text.insert(Math.floor(random() * (length + 1)), insert);
          }
        }
      });
      done += count;
      messages++;
    }
    const buildSeconds = (performance.now() - started) / 1000;
    const expected = text.toString();
    const stateBytes = Y.encodeStateAsUpdate(builder.doc).byteLength;
    await sleep(context.settleMs); // the last messages reach the server (and Nuri's append)

    const timeSync = async (label: string): Promise<number> => {
      const t = performance.now();
      const client = connectClient(server, options.room, context.ticketKey, log);
      open.push(client);
      await within(client.synced, 60_000, () => `${server.kind}: a fresh client did not sync (${label})`);
      const ms = performance.now() - t;
      if (client.text.toString() !== expected) {
        context.note(
          server.kind,
          `history (${label}): the fresh client synced ${client.text.length} characters, expected ${expected.length}`,
        );
      }
      client.destroy();
      open.splice(open.indexOf(client), 1);
      return ms;
    };

    const warmMs: number[] = [];
    const ours = () =>
      cpuSeconds(server.process.pid) +
      (context.postmaster ? postgresCpuSeconds(context.postmaster) : 0) +
      process.cpuUsage().user / 1e6 +
      process.cpuUsage().system / 1e6;
    const before = { machine: machineBusySeconds(), ours: ours(), at: performance.now() };
    for (let i = 0; i < options.warmRepeats; i++) warmMs.push(await timeSync("warm"));
    const othersCores =
      (machineBusySeconds() - before.machine - (ours() - before.ours)) /
      ((performance.now() - before.at) / 1000);

    const coldUnloadMs: number[] = [];
    const coldRestartMs: number[] = [];
    if (server.kind === "nuri") {
      let unloads = 0;
      const stopCounting = server.process.onLine((line) => {
        if (line.includes(options.room.documentId) && line.includes('"document unloaded"')) unloads++;
      });
      const unloaded = (count: number) =>
        within(
          (async () => {
            while (unloads < count) await sleep(10);
          })(),
          30_000,
          () => `nuri: the document was not unloaded within 30 s of its last client leaving`,
        );
      builder.destroy();
      open.splice(open.indexOf(builder), 1);
      for (let i = 0; i < options.coldRepeats; i++) {
        // the last client left: wait until Nuri has written the document out and dropped it
        await unloaded(i + 1);
        coldUnloadMs.push(await timeSync("cold, after unload"));
      }
      await unloaded(options.coldRepeats + 1);
      stopCounting();
      for (let i = 0; i < options.coldRepeats; i++) {
        running = false;
        await stopAndCheck(context, server);
        server = await context.start();
        running = true;
        coldRestartMs.push(await timeSync("cold, after restart"));
      }
    }
    if (log.closes.size > 0) context.note(server.kind, `history: closes seen: ${log.describe()}`);
    return {
      edits: options.edits,
      messages,
      buildSeconds,
      stateBytes,
      characters: expected.length,
      warmMs,
      coldUnloadMs,
      coldRestartMs,
      othersCores,
    };
  } finally {
    for (const client of open) client.destroy();
    if (running) await stopAndCheck(context, server);
  }
}

/** Stops the server and notes a crash, a kill or a slow stop. */
async function stopAndCheck(context: ScenarioContext, server: RunningServer): Promise<void> {
  const stopped = await server.stop();
  if (stopped.alreadyExited) {
    context.note(
      server.kind,
      `the process had exited (code ${stopped.exitCode}) before the bench stopped it:\n${server.process.tail.slice(-20).join("\n")}`,
    );
  } else if (stopped.killed) {
    context.note(server.kind, `did not stop within 15 s of SIGTERM and was killed`);
  } else if (stopped.ms > 5000) {
    context.note(server.kind, `took ${(stopped.ms / 1000).toFixed(1)} s to stop after SIGTERM`);
  }
}
