import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@nuri/db";
import { createTestDatabase } from "@nuri/db/testing";
import postgres from "postgres";
import { QUERY_TERMS, type QueryKind } from "./corpus.ts";
import { loadDataset } from "./dataset.ts";
import { type BenchReport, renderSection, writeSection } from "./report.ts";
import { summarise } from "./stats.ts";
import { planOf, WAYS, type WayName, wayRunner } from "./ways.ts";

// Document search over a 100,000-document agency (and smaller agencies beside it on the same
// tables), for one person whose access covers a realistic part of it: Nuri's search beside
// the same text conditions without access control, beside the per-row role subquery of the
// document pages, and beside a sequential scan, query for query, interleaved. See the
// "Document search" section of docs/performance.md for what the numbers mean.
// Run: pnpm bench:search   (BENCH_QUICK=1: 10,000 documents and few queries, docs left alone;
// BENCH_DATABASE_URL: a superuser URL of another, disposable server instead of the embedded one)

const RESULTS = fileURLToPath(new URL("../../.data/bench-search/results.json", import.meta.url));

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
  documents: number("BENCH_DOCUMENTS", 100_000, 10_000),
  otherTenants: number("BENCH_OTHER_TENANTS", 3, 1),
  documentsPerOtherTenant: number("BENCH_OTHER_DOCUMENTS", 10_000, 2_000),
  streams: number("BENCH_STREAMS", Math.max(1, Math.min(4, availableParallelism())), 2),
  /** Queries per kind of term for the indexed ways. */
  rounds: number("BENCH_ROUNDS", 200, 20),
  /** Every n-th pass through a kind's terms also runs the two slow baselines (role sql, seq scan). */
  slowEvery: number("BENCH_SLOW_EVERY", 10, 5),
  warmUp: number("BENCH_WARMUP", 20, 5),
};

const started = Date.now();
const database = await createTestDatabase(
  env.BENCH_DATABASE_URL
    ? { ...env, TEST_DATABASE_URL: env.BENCH_DATABASE_URL }
    : { ...env, TEST_DATABASE_URL: "" },
);
const superuser = postgres(database.superuserUrl.replace(/\/[^/?]*(\?|$)/, `/${database.database}$1`), {
  max: Math.max(2, config.streams),
  onnotice: () => {},
});
const app = openDatabase(database.appUrl, { max: 1, applicationName: "nuri-bench-search" });
try {
  const [{ version }] = (await superuser`select current_setting('server_version') as version`) as unknown as [
    { version: string },
  ];
  console.log(`PostgreSQL ${version} (${database.server}); loading…`);
  const dataset = await loadDataset(superuser, config, (line) => console.log(line));
  console.log(
    `${dataset.totalDocuments} documents (${dataset.documents} in the searched agency, ${dataset.readable} readable by the searcher); ` +
      `COPY ${dataset.timings.copySeconds.toFixed(0)} s, indexes ${dataset.timings.indexSeconds.toFixed(0)} s`,
  );

  const run = wayRunner(app.db, dataset.searcher);
  const kinds = Object.keys(QUERY_TERMS) as QueryKind[];
  const plans: Record<string, string[]> = {};
  for (const kind of kinds) {
    plans[kind] = await planOf(app.db, dataset.searcher, QUERY_TERMS[kind][1]!);
    console.log(`plan for "${QUERY_TERMS[kind][1]}":\n${plans[kind]!.join("\n")}`);
  }

  // warm the caches the same way for every way, then measure, interleaving the ways query by
  // query so that a busy moment on a shared machine falls on all of them alike
  const loadBefore = loadavg()[0]!;
  const measureStarted = Date.now();
  const results: Record<string, Record<WayName, ReturnType<typeof summarise>>> = {};
  for (const kind of kinds) {
    const terms = QUERY_TERMS[kind];
    for (let i = 0; i < config.warmUp; i++) {
      for (const way of ["nuri", "text only"] as const) await run[way](terms[i % terms.length]!);
    }
    const times: Record<WayName, number[]> = { nuri: [], "text only": [], "role sql": [], "seq scan": [] };
    const totals: Record<WayName, number[]> = { nuri: [], "text only": [], "role sql": [], "seq scan": [] };
    for (let i = 0; i < config.rounds; i++) {
      const query = terms[i % terms.length]!;
      // the slow ways run on every slowEvery-th pass through the terms: on each term alike
      const slow = Math.floor(i / terms.length) % config.slowEvery === 0;
      const ways = slow ? WAYS : (["nuri", "text only"] as const);
      const order = i % 2 === 0 ? ways : [...ways].reverse();
      const answers: Partial<Record<WayName, number>> = {};
      for (const way of order) {
        const t = performance.now();
        const { total } = await run[way](query);
        times[way].push(performance.now() - t);
        totals[way].push(total);
        answers[way] = total;
      }
      // the two access rules must agree on what the person may find
      if (answers["role sql"] !== undefined && answers["role sql"] !== answers.nuri) {
        throw new Error(`"${query}": nuri found ${answers.nuri}, documentRoleSql ${answers["role sql"]}`);
      }
      // and the indexes must find what reading every document finds
      if (answers["seq scan"] !== undefined && answers["seq scan"] !== answers["text only"]) {
        throw new Error(
          `"${query}": the indexes found ${answers["text only"]}, a full scan ${answers["seq scan"]}`,
        );
      }
    }
    results[kind] = Object.fromEntries(
      WAYS.map((way) => [way, summarise(times[way], totals[way])]),
    ) as Record<WayName, ReturnType<typeof summarise>>;
    const r = results[kind]!;
    console.log(
      `${kind}: nuri p50 ${r.nuri.p50.toFixed(1)} ms, text only ${r["text only"].p50.toFixed(1)} ms, ` +
        `role sql ${r["role sql"].p50.toFixed(1)} ms, seq scan ${r["seq scan"].p50.toFixed(1)} ms`,
    );
  }
  const loadAfter = loadavg()[0]!;

  const report: BenchReport = {
    date: new Date().toISOString().slice(0, 10),
    quick,
    minutes: (Date.now() - started) / 60_000,
    measureMinutes: (Date.now() - measureStarted) / 60_000,
    machine: `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), Node ${process.version}`,
    loadAverage: { before: loadBefore, after: loadAfter },
    database: `PostgreSQL ${version} (${database.server === "embedded" ? "embedded" : database.server})`,
    config,
    dataset,
    results: results as BenchReport["results"],
    plans,
    queries: QUERY_TERMS,
  };
  await mkdir(fileURLToPath(new URL("../../.data/bench-search/", import.meta.url)), { recursive: true });
  await writeFile(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  const section = renderSection(report);
  console.log(`\n${section}`);
  if (!quick && env.BENCH_WRITE !== "0") {
    await writeSection(section);
    console.log("written to docs/performance.md");
  }
} finally {
  await superuser.end();
  await app.close();
  await database.dispose();
}
