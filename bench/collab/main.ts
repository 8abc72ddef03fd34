import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, getPriority } from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@nuri/db";
import { buildDocument, buildTenant, buildUser, createTestDatabase } from "@nuri/db/testing";
import type { Room } from "./clients.ts";
import { findPostmaster, killAllChildren, machineBusySeconds, postgresCpuSeconds } from "./processes.ts";
import { type BenchReport, renderSection, writeSection } from "./report.ts";
import {
  type HistoryResult,
  type IdleResult,
  type PropagationResult,
  runHistory,
  runIdle,
  runPropagation,
  type ScenarioContext,
} from "./scenarios.ts";
import { newTicketSecret, peerVersions, SERVER_KINDS, type ServerKind, startServer } from "./servers.ts";
import { median, sleep } from "./stats.ts";

// Nuri's collab-server beside two Yjs WebSocket servers, on loopback, one scenario at a time,
// each server started fresh in its own process and the servers alternating within a scenario.
// Clients run in this process. See docs/performance.md for what each number means.
// Run: pnpm bench:collab   (BENCH_QUICK=1 for tiny sizes; TEST_DATABASE_URL for another PostgreSQL)

const RESULTS = fileURLToPath(new URL("../../.data/bench-collab/results.json", import.meta.url));

// `--render`: rewrite the section from the last run's results, without running anything
if (process.argv.includes("--render")) {
  const report = JSON.parse(await readFile(RESULTS, "utf8")) as BenchReport;
  const section = renderSection(report);
  console.log(section);
  if (!report.quick) await writeSection(section);
  process.exit(0);
}

const env = process.env;
const quick = env.BENCH_QUICK === "1";
const number = (name: string, full: number, small: number) => {
  const value = env[name];
  return value === undefined || value === "" ? (quick ? small : full) : Number(value);
};
const config = {
  seconds: number("BENCH_SECONDS", 10, 2),
  warmUpSeconds: number("BENCH_WARMUP_SECONDS", 2, 0.5),
  /** Pauses for the servers' memory to settle in the idle scenario. */
  settleMs: number("BENCH_SETTLE_MS", 2000, 500),
  drainMs: number("BENCH_DRAIN_MS", 10_000, 3000),
  a: {
    clients: number("BENCH_A_CLIENTS", 50, 10),
    writers: number("BENCH_A_WRITERS", 5, 2),
    rate: number("BENCH_A_RATE", 10, 10),
  },
  b: {
    documents: number("BENCH_B_DOCUMENTS", 100, 10),
    clients: number("BENCH_B_CLIENTS", 10, 5),
    // 1,000 clients in one process on 2 cores: at 5 edits/s the clients' own event loop lags by
    // 0.25–1 s with every server, and measures itself rather than the server
    rate: number("BENCH_B_RATE", 2, 2),
  },
  idle: {
    connections: number("BENCH_IDLE_CONNECTIONS", 2000, 200),
    perDocument: 10,
  },
  history: {
    edits: number("BENCH_HISTORY_EDITS", 20_000, 2000),
    editsPerMessage: 50,
    warmRepeats: number("BENCH_HISTORY_REPEATS", 9, 2),
    coldRepeats: number("BENCH_HISTORY_COLD_REPEATS", 3, 1),
  },
  /** A run during which other processes used more than this many cores is run again… */
  /**
   * Rounds of (a), (b) and idle: each round runs every server, and every number reported is
   * the median of the rounds (one run of each was too noisy to compare: CPU seconds varied by
   * a third between identical runs).
   */
  rounds: number("BENCH_ROUNDS", 3, 1),
  maxOthersCores: number("BENCH_MAX_OTHERS_CORES", 0.2, 0.2),
  /** …up to this many more times, keeping the quietest, while the run is younger than… */
  retries: number("BENCH_RETRIES", 2, 0),
  /** …these minutes, so that the whole bench stays within about 8. */
  retryMinutes: number("BENCH_RETRY_MINUTES", 4.5, 0),
  /** Before each run, wait up to this long in all for the machine to be quiet. */
  quietWaitSeconds: number("BENCH_QUIET_WAIT_SECONDS", 60, 0),
  servers: (env.BENCH_SERVERS ? env.BENCH_SERVERS.split(",") : [...SERVER_KINDS]) as ServerKind[],
};
for (const kind of config.servers) {
  if (!SERVER_KINDS.includes(kind)) throw new Error(`BENCH_SERVERS: unknown server ${kind}`);
}
const SCENARIOS = ["a", "b", "idle", "history"];
const only = env.BENCH_ONLY ? env.BENCH_ONLY.split(",") : SCENARIOS;
for (const name of only) {
  if (!SCENARIOS.includes(name))
    throw new Error(`BENCH_ONLY: unknown scenario ${name} (${SCENARIOS.join(", ")})`);
}
const writeDocs =
  !quick &&
  env.BENCH_WRITE !== "0" &&
  config.servers.length === SERVER_KINDS.length &&
  only.length === SCENARIOS.length;

process.on("exit", killAllChildren);
// y-websocket's provider adds a process "exit" listener per client: thousands here, on purpose
process.setMaxListeners(0);
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // the finally below disposes of the database; the children go now
    interrupted = true;
    killAllChildren();
    console.error(`\n${signal}: stopped the servers`);
    setTimeout(() => process.exit(130), 5000).unref();
  });
}

const started = Date.now();
// others may be changing the collab-server while this runs: say which code was started
const nuriSource = describeSource();
const database = await createTestDatabase();
const postmaster =
  database.server === "embedded" ? findPostmaster(Number(new URL(database.superuserUrl).port)) : null;
let disposed = false;
process.on("exit", () => {
  // the process is ending without dispose() (a crash): at least stop the embedded PostgreSQL
  if (!disposed && postmaster) {
    try {
      process.kill(postmaster, "SIGINT");
    } catch {
      // already gone
    }
  }
});
const app = openDatabase(database.appUrl, { max: 2 });
try {
  const ticketSecret = newTicketSecret();
  const ticketKey = Buffer.from(ticketSecret);
  const tenant = await buildTenant(app.db);
  const owner = await buildUser(app.db, tenant.id);
  const makeRooms = async (count: number): Promise<Room[]> => {
    const rooms: Room[] = [];
    for (let i = 0; i < count; i++) {
      const document = await buildDocument(app.db, tenant.id, owner.id);
      rooms.push({ tenantId: tenant.id, documentId: document.id });
    }
    return rooms;
  };

  const notes: Record<ServerKind, string[]> = { nuri: [], "y-websocket": [], hocuspocus: [] };
  const contextFor = (kind: ServerKind): ScenarioContext => ({
    start: () => startServer(kind, { databaseUrl: database.appUrl, ticketSecret }),
    ticketKey,
    postmaster,
    settleMs: config.settleMs,
    note: (server, text) => {
      notes[server].push(text);
      console.log(`  note (${server}): ${text}`);
    },
  });
  // The machine may be shared: before each run, wait a little (within a budget for the whole
  // bench) until other processes leave the cores alone.
  let quietBudgetMs = config.quietWaitSeconds * 1000;
  const waitForQuiet = async () => {
    const ours = () =>
      (process.cpuUsage().user + process.cpuUsage().system) / 1e6 +
      (postmaster ? postgresCpuSeconds(postmaster) : 0);
    if (quietBudgetMs <= 0) return;
    const began = Date.now();
    for (;;) {
      const before = { machine: machineBusySeconds(), ours: ours() };
      await sleep(1000);
      const others = machineBusySeconds() - before.machine - (ours() - before.ours);
      if (others <= config.maxOthersCores || Date.now() - began >= quietBudgetMs) break;
    }
    quietBudgetMs -= Date.now() - began;
  };
  // alternate: each scenario runs every server, starting from a different one each time
  let rotation = 0;
  /** `config.rounds` rounds of every server; for each server the median of every number. */
  const rounds = async <T>(label: string, run: (kind: ServerKind) => Promise<T>) => {
    const all: Partial<Record<ServerKind, T[]>> = {};
    for (let round = 1; round <= config.rounds; round++) {
      const results = await eachServer(config.rounds > 1 ? `${label}, round ${round}` : label, run);
      for (const [kind, result] of Object.entries(results) as [ServerKind, T][]) {
        all[kind] = [...(all[kind] ?? []), result];
      }
    }
    const medians: Partial<Record<ServerKind, T>> = {};
    for (const [kind, results] of Object.entries(all) as [ServerKind, T[]][])
      medians[kind] = medianOfEach(results);
    return medians;
  };
  const eachServer = async <T>(label: string, run: (kind: ServerKind) => Promise<T>) => {
    const results: Partial<Record<ServerKind, T>> = {};
    const order = config.servers.map((_, i) => config.servers[(i + rotation) % config.servers.length]!);
    rotation++;
    for (const kind of order) {
      if (interrupted) throw new Error("interrupted");
      await waitForQuiet();
      const t = Date.now();
      console.log(`${label}: ${kind}…`);
      results[kind] = await run(kind);
      console.log(`  ${kind} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    return results;
  };

  console.log(
    `PostgreSQL: ${database.server}${postmaster ? ` (postmaster ${postmaster})` : ""}; ${quick ? "QUICK mode" : "full run"}`,
  );
  // The machine may be shared: a propagation run during which others took CPU is run again.
  const quietest = async (kind: ServerKind, scenario: string, run: () => Promise<PropagationResult>) => {
    let best: PropagationResult | undefined;
    for (let attempt = 0; attempt <= config.retries; attempt++) {
      if (attempt > 0) await waitForQuiet();
      const result = await run();
      if (!best || result.othersCores < best.othersCores) best = result;
      if (result.othersCores <= config.maxOthersCores) break;
      // a machine that never went quiet while we waited will not be quiet for a retry either
      if (Date.now() - started > config.retryMinutes * 60_000 || quietBudgetMs <= 0) break;
      console.log(`  other processes used ${result.othersCores.toFixed(2)} cores meanwhile`);
    }
    if (best!.othersCores > config.maxOthersCores) {
      console.log(
        `  ${kind} ${scenario}: kept a run during which others used ${best!.othersCores.toFixed(2)} cores`,
      );
    }
    return best!;
  };
  const oneDocument = await makeRooms(1);
  const skip = async <T>(name: string, run: () => Promise<Partial<Record<ServerKind, T>>>) =>
    only.includes(name) ? run() : {};
  const propagationA = await skip("a", () =>
    rounds("(a) one document", (kind) =>
      quietest(kind, "(a)", () =>
        runPropagation(contextFor(kind), {
          rooms: oneDocument,
          clientsPerDocument: config.a.clients,
          writersOf: () => config.a.writers,
          editsPerSecond: config.a.rate,
          warmUpSeconds: config.warmUpSeconds,
          seconds: config.seconds,
          drainMs: config.drainMs,
        }),
      ),
    ));
  const manyDocuments = await makeRooms(config.b.documents);
  const propagationB = await skip("b", () =>
    rounds("(b) many documents", (kind) =>
      quietest(kind, "(b)", () =>
        runPropagation(contextFor(kind), {
          rooms: manyDocuments,
          clientsPerDocument: config.b.clients,
          // one writer in even documents, two in odd ones
          writersOf: (index) => 1 + (index % 2),
          editsPerSecond: config.b.rate,
          warmUpSeconds: config.warmUpSeconds,
          seconds: config.seconds,
          drainMs: config.drainMs,
        }),
      ),
    ));
  const idleRooms = await makeRooms(config.idle.connections / config.idle.perDocument);
  const [warmUpRoom] = await makeRooms(1);
  const idleLayout = idleRooms.flatMap((room) => Array.from({ length: config.idle.perDocument }, () => room));
  const idle = await skip("idle", () =>
    rounds("idle connections", (kind) => runIdle(contextFor(kind), idleLayout, warmUpRoom!)));
  const historyRooms = await makeRooms(config.servers.length);
  const history = await skip("history", () =>
    eachServer("history", (kind) =>
      runHistory(contextFor(kind), {
        room: historyRooms[config.servers.indexOf(kind)]!,
        edits: config.history.edits,
        editsPerMessage: config.history.editsPerMessage,
        warmRepeats: config.history.warmRepeats,
        coldRepeats: config.history.coldRepeats,
      }),
    ));

  const report: BenchReport = {
    nuriSource,
    date: new Date().toISOString().slice(0, 10),
    minutes: (Date.now() - started) / 60_000,
    quick,
    machine: `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"})`,
    niceness: getPriority(),
    database: database.server,
    versions: peerVersions(),
    config,
    servers: config.servers,
    propagationA: propagationA as Record<ServerKind, PropagationResult>,
    propagationB: propagationB as Record<ServerKind, PropagationResult>,
    idle: idle as Record<ServerKind, IdleResult>,
    history: history as Record<ServerKind, HistoryResult>,
    notes,
  };
  await mkdir(dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, JSON.stringify(report, null, 2));
  const section = renderSection(report);
  console.log(`\n${section}`);
  if (writeDocs) {
    await writeSection(section);
    console.log("written to docs/performance.md");
  } else {
    console.log(
      "(not written to docs/performance.md: quick mode, a subset of servers or scenarios, or BENCH_WRITE=0)",
    );
  }
} finally {
  killAllChildren();
  await app.close();
  await database.dispose();
  disposed = true;
}

/** Which Nuri ran: the commit, and the collab files changed on top of it (others work here too). */
function describeSource(): string {
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      encoding: "utf8",
    }).trimEnd();
  try {
    const commit = git("rev-parse", "--short", "HEAD").trim();
    const changed = git(
      "status",
      "--porcelain",
      "--",
      "collab-server/src",
      "packages/collab/src",
      "packages/auth/src",
    )
      .split("\n")
      .filter((line) => line.startsWith(" M") || line.startsWith("M"))
      .map((line) => line.slice(3));
    return changed.length === 0
      ? `commit ${commit}`
      : `commit ${commit} with uncommitted changes to ${changed.join(", ")}`;
  } catch {
    return "an unknown commit";
  }
}

/**
 * The results of several rounds as one: every number the median of its rounds (nested objects
 * likewise), anything else the first round's.
 */
function medianOfEach<T>(results: T[]): T {
  const first = results[0];
  if (typeof first === "number") return median(results as number[]) as T;
  if (first === null || typeof first !== "object" || Array.isArray(first)) return first as T;
  const combined: Record<string, unknown> = {};
  for (const key of Object.keys(first)) {
    combined[key] = medianOfEach(results.map((result) => (result as Record<string, unknown>)[key]));
  }
  return combined as T;
}
