import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { seededRandom } from "../shared/stats.ts";
import { documentGenerator } from "./corpus.ts";

// The benchmark's data: one large agency and a few smaller ones beside it on the same tables,
// with departments, people, department spaces, shares, agency links and a trash, shaped like a
// ministry's document store. Loaded as the superuser (a disposable database) with COPY, the
// search-grams trigger of migration 0005 running on every row, in parallel streams.

export interface DatasetConfig {
  documents: number;
  otherTenants: number;
  documentsPerOtherTenant: number;
  /** Parallel COPY streams (the grams trigger is CPU-bound; one per core). */
  streams: number;
}

export interface Searcher {
  tenantId: string;
  userId: string;
  departmentId: string;
}

export interface LoadedDataset {
  searcher: Searcher;
  /** Documents the searcher may read (owner, department chain, shares, agency links), not trashed. */
  readable: number;
  /** Everyone's documents in the large tenant, trashed included. */
  documents: number;
  averageBodyLength: number;
  totalDocuments: number;
  timings: { copySeconds: number; indexSeconds: number; analyzeSeconds: number };
  sizes: { table: string; trigramIndex: string; gramsIndex: string };
}

const BUREAUS = ["기획조정실", "디지털정부국", "정보보호국", "행정서비스국", "공공데이터국", "운영지원국"];
const DIVISIONS = ["정책과", "기획과", "운영과", "협력과", "서비스과"];

interface Org {
  tenantId: string;
  bureaus: string[];
  divisions: { id: string; bureau: string }[];
  people: { id: string; division: string }[];
}

async function createTenant(sql: postgres.Sql, slug: string, name: string, peoplePerDivision: number) {
  const [tenant] = await sql<{ id: string }[]>`
    insert into tenants (slug, name, kind, status) values (${slug}, ${name}, 'agency', 'active') returning id`;
  const tenantId = tenant!.id;
  const org: Org = { tenantId, bureaus: [], divisions: [], people: [] };
  const departmentRows: { tenant_id: string; id: string; parent_id: string | null; name: string }[] = [];
  for (const bureau of BUREAUS) {
    const id = randomUUID();
    org.bureaus.push(id);
    departmentRows.push({ tenant_id: tenantId, id, parent_id: null, name: bureau });
    for (const division of DIVISIONS) {
      const divisionId = randomUUID();
      org.divisions.push({ id: divisionId, bureau: id });
      departmentRows.push({
        tenant_id: tenantId,
        id: divisionId,
        parent_id: id,
        name: `${bureau.slice(0, 2)}${division}`,
      });
    }
  }
  await sql`insert into departments ${sql(departmentRows, "tenant_id", "id", "parent_id", "name")}`;
  const people: {
    tenant_id: string;
    id: string;
    login_id: string;
    display_name: string;
    department_id: string;
  }[] = [];
  for (const division of org.divisions) {
    for (let i = 0; i < peoplePerDivision; i++) {
      const id = randomUUID();
      org.people.push({ id, division: division.id });
      people.push({
        tenant_id: tenantId,
        id,
        login_id: `p${people.length.toString().padStart(5, "0")}`,
        display_name: `직원${people.length}`,
        department_id: division.id,
      });
    }
  }
  for (let i = 0; i < people.length; i += 1000) {
    await sql`insert into users ${sql(people.slice(i, i + 1000), "tenant_id", "id", "login_id", "display_name", "department_id")}`;
  }
  return org;
}

// COPY's text format: backslash, tab, newline and carriage return escaped; \N is null.
const copyValue = (value: string | null) =>
  value === null
    ? "\\N"
    : value.replaceAll("\\", "\\\\").replaceAll("\t", "\\t").replaceAll("\n", "\\n").replaceAll("\r", "\\r");

interface DocumentPlan {
  id: string;
  ownerId: string;
  departmentId: string | null;
  linkAccess: "off" | "agency" | "public";
  deleted: boolean;
  updatedAt: Date;
}

/** Who owns what, which space, links and trash: decided up front, the text streamed later. */
function planDocuments(org: Org, count: number, seed: number): DocumentPlan[] {
  const random = seededRandom(seed);
  const divisionOf = new Map(org.divisions.map((d) => [d.id, d]));
  const now = Date.UTC(2026, 10, 24);
  const plans: DocumentPlan[] = [];
  for (let i = 0; i < count; i++) {
    const owner = org.people[Math.floor(random() * org.people.length)]!;
    const space = random();
    // 55% in the owner's 과 space, 5% in the 국 space, the rest in the owner's own space
    const departmentId =
      space < 0.55 ? owner.division : space < 0.6 ? divisionOf.get(owner.division)!.bureau : null;
    const link = random();
    plans.push({
      id: randomUUID(),
      ownerId: owner.id,
      departmentId,
      linkAccess: link < 0.03 ? "agency" : link < 0.032 ? "public" : "off",
      deleted: random() < 0.02,
      updatedAt: new Date(now - Math.floor(random() * 3 * 365 * 86_400_000)),
    });
  }
  return plans;
}

async function copyDocuments(
  sql: postgres.Sql,
  tenantId: string,
  plans: DocumentPlan[],
  seed: number,
  streams: number,
) {
  const chunk = Math.ceil(plans.length / streams);
  await Promise.all(
    Array.from({ length: streams }, async (_, s) => {
      const part = plans.slice(s * chunk, (s + 1) * chunk);
      const next = documentGenerator(seed * 100 + s);
      await sql.begin(async (tx) => {
        const stream = await tx`
          copy documents (tenant_id, id, title, owner_id, created_at, updated_at, content_text,
                          department_id, link_access, deleted_at, deleted_by)
          from stdin`.writable();
        const finished = new Promise<void>((resolve, reject) => {
          stream.on("finish", resolve);
          stream.on("error", reject);
        });
        for (const plan of part) {
          const { title, body } = next();
          const updated = plan.updatedAt.toISOString();
          const line = [
            tenantId,
            plan.id,
            copyValue(title),
            plan.ownerId,
            updated,
            updated,
            copyValue(body),
            plan.departmentId ?? "\\N",
            plan.linkAccess,
            plan.deleted ? updated : "\\N",
            plan.deleted ? plan.ownerId : "\\N",
          ].join("\t");
          if (!stream.write(`${line}\n`)) await new Promise((resolve) => stream.once("drain", resolve));
        }
        stream.end();
        await finished;
      });
    }),
  );
}

async function copyShares(sql: postgres.Sql, org: Org, plans: DocumentPlan[], seed: number) {
  const random = seededRandom(seed);
  const lines: string[] = [];
  for (const plan of plans) {
    if (random() >= 0.08) continue;
    const grantees = new Set<string>();
    const n = 1 + Math.floor(random() * 3);
    for (let i = 0; i < n; i++) {
      const kind = random();
      const role = ["reader", "commenter", "editor"][Math.floor(random() * 3)]!;
      let grantee: [string, string];
      if (kind < 0.6) grantee = ["user", org.people[Math.floor(random() * org.people.length)]!.id];
      else if (kind < 0.9) {
        const all = [...org.bureaus, ...org.divisions.map((d) => d.id)];
        grantee = ["department", all[Math.floor(random() * all.length)]!];
      } else grantee = ["tenant", "\\N"];
      const key = grantee.join(":");
      if (grantees.has(key)) continue;
      grantees.add(key);
      lines.push(
        [org.tenantId, plan.id, randomUUID(), grantee[0], grantee[1], role, plan.ownerId].join("\t"),
      );
    }
  }
  const stream = await sql`
    copy document_shares (tenant_id, document_id, id, grantee_kind, grantee_id, role, created_by)
    from stdin`.writable();
  const finished = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  for (let i = 0; i < lines.length; i += 1000) stream.write(`${lines.slice(i, i + 1000).join("\n")}\n`);
  stream.end();
  await finished;
}

// The text indexes are dropped for the load and built afterwards, as a bulk import would:
// one sort per index instead of 100,000 GIN insertions.
const TEXT_INDEXES = ["documents_search_trgm_idx", "documents_search_grams_idx"];

/** Loads the dataset into a freshly migrated, empty database. */
export async function loadDataset(
  sql: postgres.Sql,
  config: DatasetConfig,
  log: (line: string) => void,
): Promise<LoadedDataset> {
  const definitions = await sql<{ indexname: string; indexdef: string }[]>`
    select indexname, indexdef from pg_indexes where tablename = 'documents' and indexname in ${sql(TEXT_INDEXES)}`;
  if (definitions.length !== TEXT_INDEXES.length) throw new Error("the search indexes of 0004 are missing");
  for (const { indexname } of definitions) await sql.unsafe(`drop index ${indexname}`);

  const started = performance.now();
  const main = await createTenant(sql, "bench-search", "검색벤치부", 20);
  const mainPlans = planDocuments(main, config.documents, 1);
  log(`loading ${config.documents} documents into the large tenant (${config.streams} COPY streams)…`);
  await copyDocuments(sql, main.tenantId, mainPlans, 1, config.streams);
  await copyShares(sql, main, mainPlans, 2);
  for (let t = 0; t < config.otherTenants; t++) {
    const org = await createTenant(sql, `bench-other-${t}`, `이웃기관${t}`, 2);
    const plans = planDocuments(org, config.documentsPerOtherTenant, 10 + t);
    await copyDocuments(sql, org.tenantId, plans, 10 + t, config.streams);
    await copyShares(sql, org, plans, 20 + t);
  }
  const copySeconds = (performance.now() - started) / 1000;
  log(`loaded in ${copySeconds.toFixed(0)} s; building the text indexes…`);

  // the two builds side by side (each is one process: GIN builds are not parallel before 18)
  const indexStarted = performance.now();
  await Promise.all(
    definitions.map(({ indexdef }) =>
      sql.begin(async (tx) => {
        await tx`set local maintenance_work_mem = '512MB'`;
        await tx.unsafe(indexdef);
      }),
    ),
  );
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  const analyzeStarted = performance.now();
  await sql`vacuum analyze documents`;
  await sql`vacuum analyze document_shares`;
  await sql`analyze users`;
  await sql`analyze departments`;
  const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;

  // The searcher: a person of a 과 whose 국 has a space of its own.
  const searcherPerson = main.people[7]!;
  const searcher: Searcher = {
    tenantId: main.tenantId,
    userId: searcherPerson.id,
    departmentId: searcherPerson.division,
  };
  const chain = [
    searcherPerson.division,
    main.divisions.find((d) => d.id === searcherPerson.division)!.bureau,
  ];
  const [readable] = await sql<{ count: number }[]>`
    select count(*)::int as count from documents d
    where d.tenant_id = ${main.tenantId} and d.deleted_at is null
      and (d.owner_id = ${searcher.userId} or d.department_id = any(${chain}::uuid[]) or d.link_access <> 'off'
        or exists (select 1 from document_shares s where s.tenant_id = d.tenant_id and s.document_id = d.id
          and (s.grantee_kind = 'tenant' or (s.grantee_kind = 'user' and s.grantee_id = ${searcher.userId})
            or (s.grantee_kind = 'department' and s.grantee_id = any(${chain}::uuid[])))))`;
  const [sizes] = await sql<
    { table: string; trigram_index: string; grams_index: string; total: number; average: number }[]
  >`
    select pg_size_pretty(pg_total_relation_size('documents')) as table,
           pg_size_pretty(pg_relation_size('documents_search_trgm_idx')) as trigram_index,
           pg_size_pretty(pg_relation_size('documents_search_grams_idx')) as grams_index,
           (select count(*)::int from documents) as total,
           (select avg(char_length(content_text))::float8 from documents) as average`;
  return {
    searcher,
    readable: readable!.count,
    documents: config.documents,
    averageBodyLength: sizes!.average,
    totalDocuments: sizes!.total,
    timings: { copySeconds, indexSeconds, analyzeSeconds },
    sizes: { table: sizes!.table, trigramIndex: sizes!.trigram_index, gramsIndex: sizes!.grams_index },
  };
}
