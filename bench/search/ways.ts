import { type Db, sql, withTenant } from "@nuri/db";
import { documentRoleSql } from "../../app/app/services/documents/access.server.ts";
import {
  matchingDocumentsSql,
  SEARCH_PAGE_SIZE,
  searchDocuments,
  searchKeys,
} from "../../app/app/services/documents/search-documents.server.ts";
import {
  containsPattern,
  parseSearchQuery,
  type SearchTerm,
} from "../../app/app/services/documents/search-query.server.ts";
import type { Searcher } from "./dataset.ts";

// The ways one query is answered, all through the app role inside withTenant() (RLS on), all
// returning the first page of 20 and the total, ranked alike:
//   nuri       — searchDocuments(): the person's department chain and shares looked up, the
//                access rule, then the grams, ranking, count, snippets: what the page pays
//   text only  — the same text conditions and ranking without any access filter: the floor
//   role sql   — the text conditions with documentRoleSql() (access.server.ts) as the filter,
//                the per-row correlated subquery of the document pages
//   seq scan   — ILIKE on title and body for every term, index scans turned off: no grams

export type WayName = "nuri" | "text only" | "role sql" | "seq scan";
export const WAYS: readonly WayName[] = ["nuri", "text only", "role sql", "seq scan"];

export interface WayResult {
  total: number;
}

function termsOf(query: string): SearchTerm[] {
  const parsed = parseSearchQuery(query);
  if (!parsed.ok) throw new Error(`bench query refused: ${query} (${parsed.reason})`);
  return parsed.terms;
}

type Fragment = ReturnType<typeof sql>;

/** The first page and the total, title matches first, as searchDocuments ranks them. */
async function firstPage(
  db: Db,
  tenantId: string,
  terms: SearchTerm[],
  matching: (keys: Awaited<ReturnType<typeof searchKeys>>) => Fragment,
  setup?: Fragment,
) {
  const titlePatterns = sql.join(
    terms.map((t) => sql`${containsPattern(t.text)}::text`),
    sql`, `,
  );
  return withTenant(db, tenantId, async (tx) => {
    if (setup) await tx.execute(setup);
    const keys = await searchKeys(tx, terms);
    const rows = await tx.execute<{ id: string; total: string }>(sql`
      select m.id, m.title, m.updated_at, count(*) over () as total
      from ${matching(keys)} m
      order by m.title ilike all (array[${titlePatterns}]) desc, m.updated_at desc, m.id
      limit ${SEARCH_PAGE_SIZE}`);
    return { total: Number(rows[0]?.total ?? 0) };
  });
}

export function wayRunner(
  db: Db,
  searcher: Searcher,
): Record<WayName, (query: string) => Promise<WayResult>> {
  const { tenantId, userId } = searcher;
  return {
    nuri: async (query) => {
      const result = await searchDocuments({ db, tenantId, userId }, { query });
      return { total: result.total };
    },
    "text only": (query) => {
      const terms = termsOf(query);
      return firstPage(db, tenantId, terms, (keys) =>
        matchingDocumentsSql(tenantId, terms, keys, sql`d.deleted_at is null`),
      );
    },
    "role sql": (query) => {
      const terms = termsOf(query);
      // documentRoleSql correlates on the table name `documents`: alias it back for the subquery
      return firstPage(db, tenantId, terms, (keys) =>
        matchingDocumentsSql(
          tenantId,
          terms,
          keys,
          sql`d.deleted_at is null
            and (select ${documentRoleSql(userId)} from documents where documents.tenant_id = d.tenant_id and documents.id = d.id) is not null`,
        ),
      );
    },
    "seq scan": (query) => {
      const terms = termsOf(query);
      const ilike = terms.map(
        (t) => sql`(d.title || ' ' || d.content_text) ilike ${containsPattern(t.text)}`,
      );
      return firstPage(
        db,
        tenantId,
        terms,
        () => sql`(select d.id, d.title, d.updated_at from documents d
          where d.tenant_id = ${tenantId} and d.deleted_at is null and ${sql.join(ilike, sql` and `)})`,
        sql`set local enable_bitmapscan = off; set local enable_indexscan = off`,
      );
    },
  };
}

/** The plan of Nuri's query for `query` (costs off), for the report: which indexes it combined. */
export async function planOf(db: Db, searcher: Searcher, query: string): Promise<string[]> {
  // searchDocuments' own SQL is not exported; its text and access conditions are, and they make
  // the plan: the same WHERE clause, ranked and counted the same way.
  const { loadSearchReader, readableBySql } = await import(
    "../../app/app/services/documents/search-access.server.ts"
  );
  return withTenant(db, searcher.tenantId, async (tx) => {
    const reader = await loadSearchReader(tx, searcher.tenantId, searcher.userId);
    if (!reader) throw new Error("the searcher is not an active person of the tenant");
    const terms = termsOf(query);
    const keys = await searchKeys(tx, terms);
    const rows = await tx.execute<{ "QUERY PLAN": string }>(sql`
      explain (costs off)
      select m.id, count(*) over () from ${matchingDocumentsSql(searcher.tenantId, terms, keys, readableBySql(reader))} m
      order by m.updated_at desc limit ${SEARCH_PAGE_SIZE}`);
    return rows.map((row) => row["QUERY PLAN"]);
  });
}
