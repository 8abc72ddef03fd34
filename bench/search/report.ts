import { writePerformanceSection } from "../shared/performance-doc.ts";
import type { QueryKind } from "./corpus.ts";
import type { LoadedDataset } from "./dataset.ts";
import type { Summary } from "./stats.ts";
import type { WayName } from "./ways.ts";

// The "Document search" section of docs/performance.md: what ran, one table, and a reading.

export interface BenchReport {
  date: string;
  quick: boolean;
  minutes: number;
  measureMinutes: number;
  machine: string;
  loadAverage: { before: number; after: number };
  database: string;
  config: {
    documents: number;
    otherTenants: number;
    documentsPerOtherTenant: number;
    streams: number;
    rounds: number;
    slowEvery: number;
    warmUp: number;
  };
  dataset: LoadedDataset;
  results: Record<QueryKind, Record<WayName, Summary>>;
  plans: Record<string, string[]>;
  queries: Record<QueryKind, readonly string[]>;
}

const HEADING = "## Document search (bench/search)";

const WAY_LABELS: Record<WayName, string> = {
  nuri: "**Nuri** (access filter, indexes)",
  "text only": "text only, no access filter",
  "role sql": "documentRoleSql() as the filter",
  "seq scan": "sequential scan, ILIKE",
};

const KIND_LABELS: Record<QueryKind, string> = {
  "1 character": "1 character",
  "2 characters": "2 characters",
  "3+ characters": "3+ characters",
  "several words": "several words",
};

const ms = (value: number) => (Number.isNaN(value) ? "–" : value < 10 ? value.toFixed(1) : value.toFixed(0));
const ratio = (value: number, base: number) =>
  Number.isNaN(value) || Number.isNaN(base) || base === 0 ? "–" : `${(value / base).toFixed(2)}×`;
const count = (value: number) => (Number.isNaN(value) ? "–" : Math.round(value).toLocaleString("en-US"));

/** Which indexes a plan combined, in words: "BitmapAnd(grams, BitmapOr(owner, department, link, pkey))". */
export function planShape(lines: readonly string[]): string {
  const names = lines
    .map((line) => /(Bitmap Index Scan|Index Scan|Index Only Scan) (?:using |on )(\w+)/.exec(line)?.[2])
    .filter((name): name is string => Boolean(name))
    .map((name) => name.replace(/^documents_/, "").replace(/_idx$|_key$/, ""));
  const shape = lines.some((l) => l.includes("BitmapAnd"))
    ? "BitmapAnd"
    : lines.some((l) => l.includes("BitmapOr"))
      ? "BitmapOr"
      : lines.some((l) => l.includes("Seq Scan on documents"))
        ? "Seq Scan"
        : "index";
  return `${shape}: ${[...new Set(names)].join(", ")}`;
}

export function renderSection(report: BenchReport): string {
  const { config, dataset } = report;
  const lines: string[] = [];
  lines.push(HEADING, "");
  lines.push(
    `\`pnpm bench:search\` (${report.database}; \`BENCH_DATABASE_URL=…\` for another, disposable server). ` +
      `One agency with ${dataset.documents.toLocaleString("en-US")} generated Korean documents ` +
      `(titles like “2026년 디지털정부 추진 계획”, bodies of 300–3,000 characters, ${Math.round(dataset.averageBodyLength).toLocaleString("en-US")} on average: ` +
      `common administrative words in every document, a handful of topical words per document drawn ` +
      `Zipf-like, compounds written joined or spaced, people's names, places, dates) and ${config.otherTenants} ` +
      `agencies of ${config.documentsPerOtherTenant.toLocaleString("en-US")} beside it, same words, same tables: ` +
      `${dataset.totalDocuments.toLocaleString("en-US")} documents, 600 people in 36 departments in the large ` +
      `agency, 55% of the documents in a 과 space and 5% in a 국 space, 8% shared (with people, departments ` +
      `or the agency), 3.2% with an agency or public link, 2% in the trash. The searcher, a 주무관 of one 과, ` +
      `may read ${dataset.readable.toLocaleString("en-US")} of them (own, 과 and 국 spaces, shares, links).`,
  );
  lines.push("");
  lines.push(
    `Loading: COPY in ${config.streams} streams with the search-grams trigger of migration 0005 on every row ` +
      `${Math.round(dataset.timings.copySeconds)} s, then the two text indexes built ` +
      `${Math.round(dataset.timings.indexSeconds)} s (trigram ${dataset.sizes.trigramIndex}, grams ` +
      `${dataset.sizes.gramsIndex}; table with TOAST and indexes ${dataset.sizes.table}), analyze ` +
      `${Math.round(dataset.timings.analyzeSeconds)} s. ${report.machine}; measured ${report.date}, ` +
      `load average ${report.loadAverage.before.toFixed(1)} before and ${report.loadAverage.after.toFixed(1)} ` +
      `after the measurements (other work ran on the machine; compare ratios more than milliseconds).`,
  );
  lines.push("");
  lines.push(
    `Each kind of query cycles through 10 terms (below); ${config.rounds} queries per kind for Nuri and the ` +
      `text-only floor, every ${config.slowEvery}th also for the two slow ways, the ways interleaved ` +
      `query by query after ${config.warmUp} warm-up queries. Every query returns the first page of 20 ` +
      `and the total, title matches first, through the app role inside withTenant() (row-level security on). ` +
      `“matches” is the median total: documents the searcher may read (Nuri, documentRoleSql) or all the ` +
      `agency's (text only, sequential scan).`,
  );
  lines.push("");
  lines.push("| terms | way | queries | matches | p50 ms | p95 ms | p99 ms | p50 ratio to text only |");
  lines.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const [kind, ways] of Object.entries(report.results) as [QueryKind, Record<WayName, Summary>][]) {
    const base = ways["text only"].p50;
    for (const way of ["nuri", "text only", "role sql", "seq scan"] as const) {
      const s = ways[way];
      lines.push(
        `| ${KIND_LABELS[kind]} | ${WAY_LABELS[way]} | ${s.count} | ${count(s.medianTotal)} | ${ms(s.p50)} | ` +
          `${ms(s.p95)} | ${ms(s.p99)} | ${ratio(s.p50, base)} |`,
      );
    }
  }
  lines.push("");
  lines.push(
    "The terms, and the indexes PostgreSQL combined for Nuri's query on the second term of each kind:",
  );
  lines.push("");
  for (const [kind, terms] of Object.entries(report.queries) as [QueryKind, readonly string[]][]) {
    const plan = report.plans[kind];
    lines.push(`- ${KIND_LABELS[kind]}: ${terms.join(", ")}${plan ? ` — ${planShape(plan)}` : ""}`);
  }
  lines.push("");
  const kinds = Object.values(report.results);
  const worst = Math.max(...kinds.map((ways) => ways.nuri.p95));
  const overFloor = kinds.map((ways) => ways.nuri.p50 / ways["text only"].p50);
  const underScan = kinds.map((ways) => ways["seq scan"].p50 / ways.nuri.p50);
  lines.push(
    `What it says: Nuri's p95 stays under ${ms(worst)} ms for every kind of term at this size. It takes ` +
      `${Math.min(...overFloor).toFixed(2)}–${Math.max(...overFloor).toFixed(2)}× the median time of the same ` +
      "text conditions without an access rule, and reading every body (sequential scan) is " +
      `${Math.min(...underScan).toFixed(1)}–${Math.max(...underScan).toFixed(1)}× slower than Nuri. Under ` +
      "row-level security PostgreSQL lets only leakproof operators drive an index scan; provisioning " +
      "marks the array operators `@>` and `&&` leakproof (db/src/provision.ts, docs/decisions/0010), so " +
      "one GIN scan on search_grams intersects the terms' grams with the person's access tokens. Before " +
      "that, the same search read every row of the agency and took 1.3–2.5 s a query; where no " +
      "superuser can mark them, search puts the access rule first and takes about 0.4 s here.",
  );
  lines.push("");
  return lines.join("\n");
}

/** Replaces this benchmark's section of docs/performance.md (or appends it), leaving the rest. */
export function writeSection(section: string): Promise<void> {
  return writePerformanceSection(HEADING, section);
}
