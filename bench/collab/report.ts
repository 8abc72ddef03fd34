import { writePerformanceSection } from "../shared/performance-doc.ts";
import type { HistoryResult, IdleResult, PropagationResult } from "./scenarios.ts";
import type { ServerKind } from "./servers.ts";
import { median } from "./stats.ts";

// The Markdown section of docs/performance.md: what ran, one table, and a reading of it.

export interface BenchConfig {
  /** Rounds of (a), (b) and idle (absent in results written before rounds existed). */
  rounds?: number;
  maxOthersCores: number;
  quietWaitSeconds: number;
  retries: number;
  seconds: number;
  warmUpSeconds: number;
  settleMs: number;
  drainMs: number;
  a: { clients: number; writers: number; rate: number };
  b: { documents: number; clients: number; rate: number };
  idle: { connections: number; perDocument: number };
  history: { edits: number; editsPerMessage: number; warmRepeats: number; coldRepeats: number };
}

export interface BenchReport {
  /** The commit of Nuri that ran, and what was changed on top of it. */
  nuriSource: string;
  date: string;
  minutes: number;
  /** The bench's nice value (its servers and PostgreSQL inherit it). */
  niceness: number;
  quick: boolean;
  machine: string;
  database: string;
  versions: {
    yWebsocketServer: string;
    yWebsocketServerWs: string;
    hocuspocusServer: string;
    hocuspocusProvider: string;
    yWebsocket: string;
    yjs: string;
    node: string;
  };
  config: BenchConfig;
  servers: ServerKind[];
  propagationA: Record<ServerKind, PropagationResult>;
  propagationB: Record<ServerKind, PropagationResult>;
  idle: Record<ServerKind, IdleResult>;
  history: Record<ServerKind, HistoryResult>;
  notes: Record<ServerKind, string[]>;
}

const HEADING = "## Collaboration server (bench/collab)";
const PEERS = ["y-websocket", "hocuspocus"] as const;

type Better = "lower" | "higher";
interface Row {
  scenario: string;
  metric: string;
  values: Partial<Record<ServerKind, number>>;
  /** Appended to Nuri's cell. */
  extra?: string;
  digits: number;
  better: Better;
}

/** Nuri's value over the best peer's (lower or higher being better); NaN without both. */
function ratio(row: Row): number {
  const nuri = row.values.nuri;
  const peers = PEERS.map((kind) => row.values[kind]).filter(
    (v): v is number => v !== undefined && !Number.isNaN(v),
  );
  if (nuri === undefined || Number.isNaN(nuri) || peers.length === 0) return Number.NaN;
  const best = row.better === "lower" ? Math.min(...peers) : Math.max(...peers);
  return best === 0 ? Number.NaN : nuri / best;
}

function bestPeer(row: Row): ServerKind | undefined {
  let best: ServerKind | undefined;
  for (const kind of PEERS) {
    const value = row.values[kind];
    if (value === undefined || Number.isNaN(value)) continue;
    const current = best === undefined ? undefined : row.values[best];
    if (current === undefined || (row.better === "lower" ? value < current : value > current)) best = kind;
  }
  return best;
}

const MiB = (kib: number) => kib / 1024;

function nuriPick(
  results: Partial<Record<ServerKind, PropagationResult>>,
  f: (n: NonNullable<PropagationResult["nuri"]>) => number,
): Partial<Record<ServerKind, number>> {
  const nuri = results.nuri?.nuri;
  return nuri ? { nuri: f(nuri) } : {};
}

function propagationRows(
  scenario: string,
  results: Record<ServerKind, PropagationResult>,
  kinds: ServerKind[],
) {
  const pick = (f: (r: PropagationResult) => number) =>
    Object.fromEntries(kinds.filter((k) => results[k]).map((k) => [k, f(results[k])]));
  const offered = Object.values(results)[0]?.offeredPerSecond ?? 0;
  const rows: Row[] = [
    { scenario, metric: "latency p50, ms", values: pick((r) => r.p50), digits: 1, better: "lower" },
    { scenario, metric: "latency p95, ms", values: pick((r) => r.p95), digits: 1, better: "lower" },
    { scenario, metric: "latency p99, ms", values: pick((r) => r.p99), digits: 1, better: "lower" },
    {
      scenario,
      metric: `deliveries/s (offered ${offered})`,
      values: pick((r) => r.deliveredPerSecond),
      digits: 0,
      better: "higher",
    },
    {
      scenario,
      metric: "delivered of expected, %",
      values: pick((r) => (r.expected === 0 ? Number.NaN : (100 * r.delivered) / r.expected)),
      digits: 1,
      better: "higher",
    },
    { scenario, metric: "server CPU, s", values: pick((r) => r.serverCpu), digits: 2, better: "lower" },
    {
      scenario,
      metric: "… plus its PostgreSQL's CPU, s",
      values: Object.fromEntries(
        kinds
          .filter((k) => results[k]?.postgresCpu !== null && results[k]?.postgresCpu !== undefined)
          .map((k) => [k, results[k].postgresCpu!]),
      ),
      digits: 2,
      better: "lower",
    },
    {
      scenario,
      metric: "server peak RSS, MiB",
      values: pick((r) => MiB(r.peakRssKiB)),
      digits: 1,
      better: "lower",
    },
    {
      scenario,
      metric: "Nuri: batches appended to PostgreSQL",
      values: nuriPick(results, (n) => n.appends),
      digits: 0,
      better: "lower",
    },
    {
      scenario,
      metric: "Nuri: mean time of an append, ms",
      values: nuriPick(results, (n) => n.appendMeanMs),
      digits: 1,
      better: "lower",
    },
    {
      scenario,
      metric: "Nuri: its event loop's delay p99 / max, ms",
      values: nuriPick(results, (n) => n.loopP99Ms),
      extra: results.nuri?.nuri ? ` / ${results.nuri.nuri.loopMaxMs.toFixed(0)}` : "",
      digits: 0,
      better: "lower",
    },
  ];
  return rows;
}

function buildRows(report: BenchReport): Row[] {
  const { config, servers } = report;
  const a = `(a) 1 doc × ${config.a.clients}`;
  const b = `(b) ${config.b.documents} docs × ${config.b.clients}`;
  const idle = `idle ${config.idle.connections}`;
  const history = `history ${config.history.edits}`;
  const pick = <T>(results: Record<ServerKind, T>, f: (r: T) => number) =>
    Object.fromEntries(servers.filter((k) => results[k]).map((k) => [k, f(results[k])]));
  const nuriOnly = (values: number[]) => (values.length > 0 ? { nuri: median(values) } : {});
  return [
    ...propagationRows(a, report.propagationA, servers),
    ...propagationRows(b, report.propagationB, servers),
    {
      scenario: idle,
      metric: "RSS per idle connection, KiB",
      values: pick(report.idle, (r) => r.perConnectionKiB),
      digits: 1,
      better: "lower",
    },
    {
      scenario: idle,
      metric: `RSS with ${config.idle.connections} connections, MiB`,
      values: pick(report.idle, (r) => MiB(r.rssAfterKiB)),
      digits: 1,
      better: "lower",
    },
    {
      scenario: idle,
      metric: `connect and sync all ${config.idle.connections}, s`,
      values: pick(report.idle, (r) => r.connectSeconds),
      digits: 1,
      better: "lower",
    },
    {
      scenario: history,
      metric: `new client synced, warm, ms (median of ${config.history.warmRepeats})`,
      values: pick(report.history, (r) => median(r.warmMs)),
      digits: 1,
      better: "lower",
    },
    {
      scenario: history,
      metric: `… cold, after unload, ms (median of ${config.history.coldRepeats})`,
      values: report.history.nuri ? nuriOnly(report.history.nuri.coldUnloadMs) : {},
      digits: 1,
      better: "lower",
    },
    {
      scenario: history,
      metric: `… cold, after restart, ms (median of ${config.history.coldRepeats})`,
      values: report.history.nuri ? nuriOnly(report.history.nuri.coldRestartMs) : {},
      digits: 1,
      better: "lower",
    },
  ];
}

function formatNumber(value: number | undefined, digits: number): string {
  if (value === undefined) return "—";
  if (Number.isNaN(value)) return "n/a";
  return value.toFixed(digits);
}

/** A Markdown table with padded columns (as the formatter would leave it). */
function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length), 3));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (rightAligned[i] ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

const label = (report: BenchReport, kind: ServerKind) =>
  kind === "nuri"
    ? "Nuri"
    : kind === "y-websocket"
      ? `y-websocket-server ${report.versions.yWebsocketServer}`
      : `Hocuspocus ${report.versions.hocuspocusServer}`;

const times = (value: number) => (Number.isNaN(value) ? "n/a" : `${value.toFixed(2)}×`);

/** The whole section, from its heading to its last line. */
export function renderSection(report: BenchReport): string {
  const { config, versions, servers } = report;
  const rows = buildRows(report);
  const header = ["scenario", "metric", ...servers.map((kind) => label(report, kind)), "Nuri ÷ best peer"];
  const body = rows.map((row) => [
    row.scenario,
    row.metric,
    ...servers.map(
      (kind) => formatNumber(row.values[kind], row.digits) + (kind === "nuri" && row.extra ? row.extra : ""),
    ),
    times(ratio(row)),
  ]);
  const mainTable = table(
    header,
    body,
    header.map((_, i) => i >= 2),
  );
  const clientHeader = ["scenario", ...servers.map((kind) => label(report, kind))];
  const clientRow = (name: string, results: Record<ServerKind, PropagationResult>) => [
    name,
    ...servers.map((kind) =>
      results[kind]
        ? `${results[kind].clientCpu.toFixed(1)} s CPU in ${results[kind].measuredSeconds.toFixed(1)} s, ` +
          `loop p99 ${results[kind].clientLoopP99Ms.toFixed(0)} ms; others ${results[kind].othersCores.toFixed(2)} cores`
        : "—",
    ),
  ];
  const clientTable = table(
    clientHeader,
    [clientRow("(a)", report.propagationA), clientRow("(b)", report.propagationB)],
    clientHeader.map(() => false),
  );
  const history = report.history.nuri ?? Object.values(report.history)[0];
  const notes = servers.flatMap((kind) =>
    report.notes[kind].map((text) => `- ${label(report, kind)}: ${indent(text)}`),
  );

  const database =
    report.database === "embedded" ? "the embedded PostgreSQL 17" : `PostgreSQL at ${report.database}`;
  const documentOfHistory = history
    ? `${history.characters} characters and ${history.stateBytes} bytes of Yjs state`
    : "—";
  return [
    HEADING,
    "",
    paragraph(
      "`pnpm bench:collab` (the same as `pnpm --filter @nuri/bench collab`; `BENCH_QUICK=1` runs tiny " +
        "sizes in under a minute; `BENCH_SECONDS`, `BENCH_B_RATE`, `BENCH_IDLE_CONNECTIONS`, " +
        "`BENCH_HISTORY_EDITS` and the others at the top of `bench/collab/main.ts` change the sizes; " +
        "`TEST_DATABASE_URL=…` for another PostgreSQL). " +
        `Measured ${report.date} on the project's machine, ${report.machine}` +
        (report.niceness !== 0
          ? `, run as \`nice -n ${report.niceness} pnpm bench:collab\` (the servers and PostgreSQL inherit it)`
          : "") +
        "; the whole run took " +
        `${report.minutes.toFixed(1)} minutes. Loopback only. ` +
        ((report.config.rounds ?? 1) > 1
          ? `(a), (b) and idle ran ${report.config.rounds} rounds and every number there is the median of its rounds ` +
            "(single runs differed by up to a third in CPU seconds); history ran once, with its own repeats. " +
            "Read the p99s and small differences with care."
          : "One run: read the p99s and small differences with care."),
    ),
    "",
    paragraph(
      "Three servers, each in its own process, started fresh for every scenario; within a scenario the " +
        "servers run one after another, each scenario starting from a different one:",
    ),
    "",
    bullet(
      "**Nuri**: `node collab-server/dist/main.mjs`, the bundle `scripts/launch.ts` builds and runs in " +
        "production (tickets, limits, every " +
        `update appended to PostgreSQL within 50 ms, compaction, projection), on ${database}, ` +
        `at ${report.nuriSource}. Its PostgreSQL's CPU has a row of its own.`,
    ),
    bullet(
      `**y-websocket-server ${versions.yWebsocketServer}** (\`@y/websocket-server\`, its \`src/server.js\`, ` +
        `with the ws ${versions.yWebsocketServerWs} it declares): documents in memory, no authentication.`,
    ),
    bullet(
      `**Hocuspocus ${versions.hocuspocusServer}** (\`@hocuspocus/server\`, no extensions, started by ` +
        "node from a plain JavaScript launcher): documents in memory, no authentication; its clients " +
        `use \`@hocuspocus/provider\` ${versions.hocuspocusProvider}.`,
    ),
    "",
    paragraph(
      `The clients all run in the bench process (one clock for the latencies): y-websocket ${versions.yWebsocket}'s ` +
        "`WebsocketProvider` with `disableBc: true` for Nuri and the reference server, Hocuspocus' provider " +
        `for Hocuspocus, Yjs ${versions.yjs}, Node ${versions.node}, one WebSocket per client. For Nuri every ` +
        "connection has a person of its own and a fresh ticket, and every document is a row.",
    ),
    "",
    bullet(
      `**(a)** one document, ${config.a.clients} clients, ${config.a.writers} of them writing: each writer ` +
        `inserts a timestamped token into a \`Y.Text\` ${config.a.rate} times a second for ${config.seconds} s. ` +
        "Latency is the time from the insert at the writer to the change event at each other client; " +
        "deliveries/s counts the tokens that reached a client within the writing window, per second of it.",
    ),
    bullet(
      `**(b)** ${config.b.documents} documents × ${config.b.clients} clients, one writer in half of them and ` +
        `two in the other half, ${config.b.rate} edits a second each, for ${config.seconds} s; measured as (a).`,
    ),
    bullet(
      `**idle**: RSS of the server after ${config.idle.connections} synced idle clients ` +
        `(${config.idle.perDocument} a document, so ${config.idle.connections / config.idle.perDocument} ` +
        "documents, as Nuri allows 100 connections a document) minus its RSS before them, after a " +
        "warm-up; per connection this includes a tenth of a small document.",
    ),
    bullet(
      `**history**: one client makes ${config.history.edits} small edits (inserts of 1–4 characters and ` +
        `deletions of 1–3 at random places, ${config.history.editsPerMessage} to a transaction, paced ` +
        `under Nuri's 60 messages a second), which gives ${documentOfHistory}; then a fresh client is ` +
        "timed from construction to `synced` while the builder stays connected (warm). For Nuri also " +
        "cold: after the last client left and Nuri unloaded the document, and after a restart of the " +
        "server, so that the sync includes loading the document from PostgreSQL. The peers keep " +
        "nothing once the last client leaves, so they have no cold case.",
    ),
    "",
    paragraph(
      "Server CPU is utime + stime from `/proc/<pid>/stat`, from the first edit to the last delivery; " +
        "peak RSS is `VmHWM`. Event-loop delays (Nuri's, and the clients' below) are what Node's monitor " +
        "recorded beyond its 10 ms sampling interval, which it counts in (an idle loop reads 10 ms). " +
        "The last column divides Nuri's value by the best peer's (for deliveries, " +
        "the highest): above 1.00× Nuri takes more, or for deliveries delivers more.",
    ),
    "",
    ...caveat(report),
    mainTable,
    "",
    paragraph(
      "The clients' side (the bench process), to judge whether it rather than the server limited a run, " +
        "and the CPU that other processes on the machine used meanwhile, in cores (a run with more than " +
        `${report.config.maxOthersCores} is run again, up to ${report.config.retries} times, keeping the quietest; ` +
        `before each run the bench waits for a quiet second, up to ${report.config.quietWaitSeconds} s in all):`,
    ),
    "",
    clientTable,
    "",
    "What it says:",
    "",
    ...reading(report, rows).map((line) => bullet(line)),
    "",
    ...(notes.length > 0
      ? ["What the servers did that the numbers do not show:", "", ...notes, ""]
      : ["No server crashed, refused a connection or closed one, and no update was lost.", ""]),
  ].join("\n");
}

/** A warning above the table when other processes took CPU from the measurements. */
function caveat(report: BenchReport): string[] {
  const others = [
    ...Object.values(report.propagationA),
    ...Object.values(report.propagationB),
    ...Object.values(report.history),
  ].map((result) => result.othersCores);
  if (others.length === 0 || Math.max(...others) <= report.config.maxOthersCores) return [];
  return [
    paragraph(
      `**Caveat: the machine was not quiet.** Other processes (other people's builds and browser tests) ` +
        `used ${Math.min(...others).toFixed(1)}–${Math.max(...others).toFixed(1)} of the 2 cores while ` +
        "the latencies and sync times below were measured, and the bench found no quiet moment to wait " +
        "for. Every server ran under the same kind of load, one after another, so the comparison holds " +
        "roughly, but the absolute latencies are far above what an idle machine gives, and a server " +
        "that needs more CPU (Nuri, with its PostgreSQL) suffers more than in proportion. Run it again " +
        "on a quiet machine before drawing conclusions from the milliseconds.",
    ),
    "",
  ];
}

const WIDTH = 100;

/** Wraps prose at WIDTH columns, each line after the first starting with `indent`. */
function paragraph(text: string, first = "", indent = ""): string {
  const lines: string[] = [];
  let line = first;
  for (const word of words(text)) {
    const prefix = lines.length === 0 ? first : indent;
    if (line.length > prefix.length && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line.length > prefix.length ? `${line} ${word}` : `${prefix}${word}`;
    }
  }
  lines.push(line);
  return lines.join("\n");
}

/** The words of `text`, a code span with spaces counting as one (it stays on one line). */
function words(text: string): string[] {
  const result: string[] = [];
  let current = "";
  for (const piece of text.match(/`[^`]*`|\s+|[^\s`]+/g) ?? []) {
    if (/^\s+$/.test(piece)) {
      if (current) result.push(current);
      current = "";
    } else current += piece;
  }
  if (current) result.push(current);
  return result;
}

const bullet = (text: string) => paragraph(text, "- ", "  ");

function indent(text: string): string {
  return text.replace(/\n/g, "\n  ");
}

/** Sentences generated from the numbers: where Nuri stands against the best peer, and why. */
function reading(report: BenchReport, rows: Row[]): string[] {
  const find = (scenarioPrefix: string, metricPrefix: string) =>
    rows.find((row) => row.scenario.startsWith(scenarioPrefix) && row.metric.startsWith(metricPrefix))!;
  const compare = (row: Row, unit: string) => {
    const peer = bestPeer(row);
    const nuri = row.values.nuri;
    if (!peer || nuri === undefined) return "n/a";
    const r = ratio(row);
    const verdict = Number.isNaN(r)
      ? ""
      : r > 1.1
        ? `, ${times(r)}: Nuri behind`
        : r < 0.9
          ? `, ${times(r)}: Nuri ahead`
          : `, ${times(r)}: even`;
    return `${nuri.toFixed(row.digits)} ${unit} against ${row.values[peer]!.toFixed(row.digits)} ${unit} for ${label(report, peer)}${verdict}`;
  };
  const nuriValue = (row: Row, unit: string) =>
    row.values.nuri === undefined ? "not measured" : `${row.values.nuri.toFixed(row.digits)} ${unit}`;
  const deliveredA = find("(a)", "delivered of expected");
  const deliveredB = find("(b)", "delivered of expected");
  const lost = [deliveredA, deliveredB].flatMap((row) =>
    report.servers
      .filter((kind) => row.values[kind] !== undefined && row.values[kind]! < 100)
      .map(
        (kind) => `${label(report, kind)} in ${row.scenario.slice(0, 3)} (${row.values[kind]!.toFixed(1)} %)`,
      ),
  );
  const latencyRows = [
    ["(a) p50", find("(a)", "latency p50")],
    ["(a) p99", find("(a)", "latency p99")],
    ["(b) p50", find("(b)", "latency p50")],
    ["(b) p99", find("(b)", "latency p99")],
  ] as const;
  const behind = latencyRows.filter(([, row]) => ratio(row) > 1.1).map(([name]) => name);
  const appendsB = find("(b)", "Nuri: batches appended");
  const appendMsB = find("(b)", "Nuri: mean time of an append");
  const perUpdate =
    "per update Nuri also checks the sender's rate, decodes the update in full before applying it (so " +
    "that a malformed one changes nothing) and hands it to the persistence, which re-arms the " +
    "document's projection timer and, from the same process, appends a batch to PostgreSQL within 50 ms " +
    `(${nuriValue(appendsB, "statements")} of ${nuriValue(appendMsB, "ms")} on average in (b)), ` +
    "compacts every 200 rows and rewrites the text projection every 1–5 s; the peers apply and broadcast";
  return [
    `**Latency** (Nuri against the best peer). (a) p50 ${compare(find("(a)", "latency p50"), "ms")}; ` +
      `p99 ${compare(find("(a)", "latency p99"), "ms")}. (b) p50 ${compare(find("(b)", "latency p50"), "ms")}; ` +
      `p99 ${compare(find("(b)", "latency p99"), "ms")}. ` +
      (behind.length === 0
        ? `Nuri keeps pace although ${perUpdate}.`
        : `Nuri is behind in ${behind.join(", ")}. The likely cause: ${perUpdate}. On two cores its ` +
          "PostgreSQL's backends compete with the server and the clients for CPU, which shows in the " +
          "tail first."),
    `**CPU.** (a) ${compare(find("(a)", "server CPU"), "s")}; (b) ${compare(find("(b)", "server CPU"), "s")}. ` +
      `On top of that Nuri's PostgreSQL used ${nuriValue(find("(a)", "… plus its PostgreSQL"), "s")} in (a) ` +
      `and ${nuriValue(find("(b)", "… plus its PostgreSQL"), "s")} in (b). This is the price of ` +
      "durability, which the peers as run here do not pay: a restart loses their documents. Each tick " +
      "of the batcher is one statement per tenant (`collab_write_batch`, one round trip, where a " +
      "transaction through drizzle took four). In a CPU profile of (b), receiving, applying and " +
      "broadcasting cost Nuri about what they cost the peers; what remains is the persistence's own " +
      "work (merging each document's updates, the projections, the driver) and the runtime's " +
      "(garbage collection, compiling) for a larger program (ADR 0012).",
    `**Memory.** Peak RSS (a) ${compare(find("(a)", "server peak RSS"), "MiB")}; ` +
      `(b) ${compare(find("(b)", "server peak RSS"), "MiB")}. Per idle connection ` +
      `${compare(find("idle", "RSS per idle"), "KiB")}. Nuri's baseline holds drizzle with the whole ` +
      "schema, postgres.js and prom-client; per document it keeps a persistence object with its timers " +
      "beside the Yjs document and awareness that every server keeps. The idle rows are RSS differences, " +
      "and most of Nuri's is V8's young generation growing during the burst of 2,000 connections " +
      "(tickets checked, 200 documents loaded from PostgreSQL), not memory each connection keeps: " +
      "with `--max-semi-space-size=4` the same run measured about 13 KiB a connection.",
    `**Sync of a long history.** Warm ${compare(find("history", "new client synced, warm"), "ms")}. ` +
      `Cold, Nuri takes ${nuriValue(find("history", "… cold, after unload"), "ms")} after an unload ` +
      `and ${nuriValue(find("history", "… cold, after restart"), "ms")} after a restart: it reads the ` +
      "snapshot and tail from PostgreSQL under the tenant's row-level security and applies them before " +
      "the first sync step, in one statement (`collab_read_document`); after a restart Yjs' decoding " +
      "also runs unoptimised in a fresh process.",
    lost.length === 0
      ? "Every server delivered every edit to every other client in (a) and (b)."
      : `Not every edit arrived within ${report.config.drainMs / 1000} s of the last one: ${lost.join(", ")}.`,
  ];
}

/** Replaces the section in docs/performance.md (or appends it), keeping the rest of the file. */
export function writeSection(section: string): Promise<void> {
  return writePerformanceSection(HEADING, section);
}
