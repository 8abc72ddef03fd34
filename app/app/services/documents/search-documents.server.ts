import { type Db, sql, type TenantTx, withTenant } from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";
import { loadSearchReader, readableBySql } from "./search-access.server.ts";
import {
  containsPattern,
  parseSearchQuery,
  SEARCH_MAX_TERMS,
  SEARCH_QUERY_MAX_LENGTH,
  type SearchQueryProblem,
  type SearchTerm,
} from "./search-query.server.ts";

/** Results per page. */
export const SEARCH_PAGE_SIZE = 20;
/** The last page one may ask for: 1,000 results are more than anyone reads; refine instead. */
export const SEARCH_MAX_PAGE = 50;
/** Characters of body shown around the first match. */
const SNIPPET_LENGTH = 160;
const SNIPPET_BEFORE = 40;
/** How far into a body the snippet looks for a match (a long body is not lower-cased whole). */
const SNIPPET_SCAN = 20_000;

export interface SearchActor {
  db: Db;
  tenantId: string;
  userId: string;
}

/** A piece of a title or snippet; `mark` pieces matched a term. Plain text: render it escaped. */
export interface TextSegment {
  text: string;
  mark: boolean;
}

export interface SearchHit {
  id: string;
  title: string;
  titleSegments: TextSegment[];
  /** The body around the first match (or its beginning when only the title matched). */
  snippet: TextSegment[];
  snippetCut: { before: boolean; after: boolean };
  ownerName: string;
  updatedAt: Date;
}

export interface SearchResults {
  /** The query as understood (normalised), for the form and the announcement. */
  query: string;
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  hits: SearchHit[];
}

// The refusals of a query, with the numbers their messages name ({max}, {terms}).
const PROBLEMS: Record<SearchQueryProblem, { code: string; messageKey: MessageKey }> = {
  empty: { code: "search.query_empty", messageKey: "documents.search.error.empty" },
  tooLong: { code: "search.query_too_long", messageKey: "documents.search.error.tooLong" },
  tooManyTerms: { code: "search.too_many_terms", messageKey: "documents.search.error.tooManyTerms" },
  noLetters: { code: "search.no_letters", messageKey: "documents.search.error.noLetters" },
};

type Fragment = ReturnType<typeof sql>;

// Must be the expression of documents_search_trgm_idx (0004), literally, for the index to serve it.
const HAYSTACK = sql`(d.title || ' ' || d.content_text)`;

/** The term found in title or body as written: LIKE when case cannot matter, else ILIKE. */
function confirmSql(term: SearchTerm) {
  const pattern = containsPattern(term.text);
  return term.caseless ? sql`${HAYSTACK} like ${pattern}` : sql`${HAYSTACK} ilike ${pattern}`;
}

/** What the database says about the terms before a search. */
export interface SearchKeys {
  /** The grams the terms need, cut by document_search_keys (0005) exactly as the documents' were. */
  grams: string[];
  /** Per term: one word of one or two letters or digits, which its gram alone decides. */
  decided: boolean[];
  /**
   * Whether the GIN index can serve the search: the array operators are marked leakproof in
   * this database (db/src/provision.ts), which row-level security requires of an index path.
   */
  indexed: boolean;
}

/**
 * The grams and decisions of `terms`, looked up before the search, so that the search itself
 * carries them as constants the planner can see through to the GIN index.
 */
export async function searchKeys(tx: TenantTx, terms: SearchTerm[]): Promise<SearchKeys> {
  const keys = sql.join(
    terms.map((t) => sql`document_search_keys(${t.text}::text)`),
    sql` || `,
  );
  const decided = sql.join(
    terms.map((t) => sql`${t.text}::text ~ '^[[:alnum:]]{1,2}$'`),
    sql`, `,
  );
  const [row] = await tx.execute<{ grams: string[]; decided: boolean[]; indexed: boolean }>(sql`
    select array(select distinct k from unnest(${keys}) as k order by k) as grams,
      array[${decided}] as decided,
      (select coalesce(bool_and(proleakproof), false) from pg_catalog.pg_proc
        where oid in ('pg_catalog.arraycontains(anyarray,anyarray)'::regprocedure,
          'pg_catalog.arrayoverlap(anyarray,anyarray)'::regprocedure)) as indexed`);
  return {
    grams: row?.grams ?? [],
    decided: row?.decided ?? terms.map(() => false),
    indexed: row?.indexed ?? false,
  };
}

export const textArray = (values: readonly string[]) =>
  sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`}::text[]`;

/**
 * The documents `d` of the tenant that `access` lets through and that match every term, as a
 * table of rows (id, title, updated_at). A document must hold every gram the terms need, and
 * every term not decided by its gram alone ("디지털", "C#", "정부 계획") is confirmed with LIKE;
 * a document too long to be cut into grams whole (marked 'x:partial', see 0005) is confirmed
 * with LIKE for every term. Two shapes, by `keys.indexed`:
 *
 * - indexed: the grams and the access tokens of `access` (search-access.server.ts) in one GIN
 *   index scan, so that only documents holding the grams and readable by the person are read;
 *   the long documents in a second part of a UNION ALL, since under an OR PostgreSQL would
 *   test the grams of every row found again, decompressing each row's array;
 * - without the index (the operators are not leakproof, see db/src/provision.ts): row-level
 *   security keeps the GIN index out, so the access rule comes first, inside a CASE, and only
 *   the documents the person may read have their grams decompressed and tested.
 *
 * Exported for bench/search's baselines. docs/decisions/0010 tells the measurements.
 */
export function matchingDocumentsSql(
  tenantId: string,
  terms: SearchTerm[],
  keys: SearchKeys,
  access: Fragment,
): Fragment {
  const grams = textArray(keys.grams);
  const confirmed = terms.filter((_, i) => !keys.decided[i]).map(confirmSql);
  const rest = confirmed.length === 0 ? sql`true` : sql.join(confirmed, sql` and `);
  const all = sql.join(terms.map(confirmSql), sql` and `);
  if (keys.indexed) {
    return sql`(
      select d.id, d.title, d.updated_at from documents d
      where d.tenant_id = ${tenantId} and d.search_grams @> ${grams} and ${access} and ${rest}
      union all
      select d.id, d.title, d.updated_at from documents d
      where d.tenant_id = ${tenantId} and d.search_grams @> '{x:partial}'::text[] and ${access}
        and not (d.search_grams @> ${grams}) and ${all}
    )`;
  }
  return sql`(
    select d.id, d.title, d.updated_at from documents d
    where d.tenant_id = ${tenantId}
      and case when ${access} then (
        case when d.search_grams @> ${grams} then ${rest}
          when d.search_grams @> '{x:partial}'::text[] then ${all}
          else false end
      ) else false end
  )`;
}

/**
 * Searches the titles and bodies of the documents `actor` may read (see readableBySql) for
 * every term of `query`. Title matches come first, then the most recently updated. Throws an
 * AppError (400) for an empty or too long query, too many terms, or a term without letters.
 */
export async function searchDocuments(
  actor: SearchActor,
  input: { query: string; page?: number },
): Promise<SearchResults> {
  const parsed = parseSearchQuery(input.query);
  if (!parsed.ok) {
    const { code, messageKey } = PROBLEMS[parsed.reason];
    throw new AppError(code, messageKey, 400, { max: SEARCH_QUERY_MAX_LENGTH, terms: SEARCH_MAX_TERMS });
  }
  const { terms } = parsed;
  const page = Math.min(Math.max(1, Math.trunc(input.page ?? 1) || 1), SEARCH_MAX_PAGE);
  const empty = { query: parsed.text, total: 0, page, pages: 0, pageSize: SEARCH_PAGE_SIZE, hits: [] };

  return withTenant(actor.db, actor.tenantId, async (tx) => {
    const reader = await loadSearchReader(tx, actor.tenantId, actor.userId);
    if (!reader) return empty;
    const keys = await searchKeys(tx, terms);
    const matching = matchingDocumentsSql(actor.tenantId, terms, keys, readableBySql(reader));
    const titlePatterns = sql.join(
      terms.map((t) => sql`${containsPattern(t.text)}::text`),
      sql`, `,
    );
    const folded = sql.join(
      terms.map((t) => sql`strpos(f.folded, lower(${t.text}::text))`),
      sql`, `,
    );
    const rows = await tx.execute<{
      id: string;
      title: string;
      updated_at: string | Date;
      owner_name: string | null;
      total: string | number;
      snippet: string;
      cut_before: boolean;
      cut_after: boolean;
    }>(sql`
      select hit.id, d.title, d.updated_at, u.display_name as owner_name, hit.total,
        substr(d.content_text, s.start, ${SNIPPET_LENGTH}) as snippet,
        s.start > 1 as cut_before,
        char_length(d.content_text) >= s.start + ${SNIPPET_LENGTH} as cut_after
      from (
        select m.id, m.title ilike all (array[${titlePatterns}]) as title_match, m.updated_at,
          count(*) over () as total
        from ${matching} m
        order by title_match desc, m.updated_at desc, m.id
        limit ${SEARCH_PAGE_SIZE} offset ${(page - 1) * SEARCH_PAGE_SIZE}
      ) hit
      join documents d on d.tenant_id = ${actor.tenantId} and d.id = hit.id
      left join users u on u.tenant_id = ${actor.tenantId} and u.id = d.owner_id
      cross join lateral (select lower(left(d.content_text, ${SNIPPET_SCAN})) as folded) f
      cross join lateral (
        select greatest(1, coalesce(min(p), 1) - ${SNIPPET_BEFORE}) as start
        from unnest(array[${folded}]) as p where p > 0
      ) s
      order by hit.title_match desc, hit.updated_at desc, hit.id`);

    let total = Number(rows[0]?.total ?? 0);
    if (rows.length === 0 && page > 1) {
      // past the last page: the window count came back with no row to carry it
      const [counted] = await tx.execute<{ total: string | number }>(sql`
        select count(*) as total from ${matching} m`);
      total = Number(counted?.total ?? 0);
    }
    const marker = markerFor(terms);
    return {
      query: parsed.text,
      total,
      page,
      pages: Math.min(Math.ceil(total / SEARCH_PAGE_SIZE), SEARCH_MAX_PAGE),
      pageSize: SEARCH_PAGE_SIZE,
      hits: rows.map((row) => ({
        id: row.id,
        title: row.title,
        titleSegments: marker(row.title),
        snippet: marker(row.snippet.replace(/\s+/g, " ")),
        snippetCut: { before: row.cut_before, after: row.cut_after },
        ownerName: row.owner_name ?? "",
        updatedAt: new Date(row.updated_at),
      })),
    };
  });
}

/** Splits text into plain and marked pieces, marking every occurrence of any term (any case). */
export function markerFor(terms: readonly SearchTerm[]): (text: string) => TextSegment[] {
  // longest first, so that "디지털정부" is marked whole rather than as "디지털" + "정부"
  const alternatives = [...terms]
    .map((t) => t.text)
    .sort((a, b) => b.length - a.length)
    .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(alternatives.join("|"), "giu");
  return (text) => {
    const segments: TextSegment[] = [];
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      if (match[0] === "") continue;
      const at = match.index ?? 0;
      if (at > last) segments.push({ text: text.slice(last, at), mark: false });
      segments.push({ text: match[0], mark: true });
      last = at + match[0].length;
    }
    if (last < text.length) segments.push({ text: text.slice(last), mark: false });
    return segments;
  };
}
