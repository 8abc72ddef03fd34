import { formatDateTime, formatNumber, translate } from "@nuri/i18n";
import { data, Form, Link } from "react-router";
import { requireUser } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { AppError } from "../../errors.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { resolveLocale } from "../../locale.server.ts";
import type { SearchResults, TextSegment } from "../../services/documents/search-documents.server.ts";
import {
  SEARCH_MAX_PAGE,
  SEARCH_PAGE_SIZE,
  searchDocuments,
} from "../../services/documents/search-documents.server.ts";
import { SEARCH_QUERY_MAX_LENGTH } from "../../services/documents/search-query.server.ts";
import orgStyles from "../../styles/org.css?url";
import { translateKey } from "../org/admin-context.server.ts";
import type { Route } from "./+types/search";

// 문서 검색: a GET form (the address can be bookmarked and shared), the titles and bodies of the
// documents the person may read, title matches first, then the most recently updated.

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "documents.search.title") }];
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { tenant, user } = await requireUser(request, params);
  const url = new URL(request.url);
  const q = url.searchParams.get("q");
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1;
  // the most results one can page through (the rest: refine the query)
  const base = {
    slug: tenant.slug,
    maxLength: SEARCH_QUERY_MAX_LENGTH,
    shownMax: SEARCH_MAX_PAGE * SEARCH_PAGE_SIZE,
  };
  // Nothing asked yet: the form alone.
  if (q === null) return { ...base, q: "", error: null, results: null };
  try {
    const { db } = await getAppDatabase();
    const results = await searchDocuments({ db, tenantId: tenant.id, userId: user.id }, { query: q, page });
    return { ...base, q: results.query, error: null, results };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const { locale } = resolveLocale(request);
    const message = translateKey(locale, error.messageKey, error.params);
    return data({ ...base, q, error: message, results: null }, { status: error.status });
  }
}

function Marked({ segments }: { segments: TextSegment[] }) {
  return (
    <>
      {segments.map((segment, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: segments are fixed for a render and have no ids
        segment.mark ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>,
      )}
    </>
  );
}

function Hits({ slug, results }: { slug: string; results: SearchResults }) {
  const t = useTranslator();
  const locale = useLocale();
  return (
    <ol className="docs-search__hits" aria-label={t("documents.search.results")}>
      {results.hits.map((hit) => (
        <li key={hit.id} className="docs-search__hit">
          <h2>
            <Link to={`/t/${slug}/documents/${hit.id}`}>
              {hit.title ? <Marked segments={hit.titleSegments} /> : t("documents.search.untitled")}
            </Link>
          </h2>
          {hit.snippet.length > 0 ? (
            <p>
              {hit.snippetCut.before ? "… " : null}
              <Marked segments={hit.snippet} />
              {hit.snippetCut.after ? " …" : null}
            </p>
          ) : null}
          <dl className="org-details-list">
            <div>
              <dt>{t("documents.search.owner")}</dt>
              <dd>{hit.ownerName}</dd>
            </div>
            <div>
              <dt>{t("documents.search.updated")}</dt>
              <dd>
                <time dateTime={new Date(hit.updatedAt).toISOString()}>
                  {formatDateTime(hit.updatedAt, locale)}
                </time>
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ol>
  );
}

export default function SearchDocuments({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const { slug, q, error, results, maxLength, shownMax } = loaderData;
  const pageLink = (page: number) => `?${new URLSearchParams({ q, page: String(page) })}`;
  return (
    <div className="org-page">
      <h1>{t("documents.search.title")}</h1>
      <Form method="get" role="search" aria-label={t("documents.search.form")} className="org-form">
        <div className="org-field">
          <label htmlFor="search-q">{t("documents.search.query")}</label>
          <p id="search-q-hint" className="org-field__hint">
            {t("documents.search.queryHint", { max: maxLength })}
          </p>
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={q}
            key={q}
            aria-describedby={error ? "search-q-hint search-q-error" : "search-q-hint"}
            aria-invalid={error ? true : undefined}
          />
          {error ? (
            <p id="search-q-error" className="org-field__error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="org-button">
          {t("documents.search.submit")}
        </button>
      </Form>

      {/* Announced when it changes: the count after each search. */}
      <p role="status">
        {results
          ? results.total > 0
            ? t("documents.search.count", {
                query: results.query,
                count: formatNumber(results.total, locale),
              })
            : t("documents.search.none", { query: results.query })
          : null}
      </p>

      {results && results.hits.length > 0 ? <Hits slug={slug} results={results} /> : null}

      {results && results.total > shownMax && results.page === results.pages ? (
        <p className="org-field__hint">
          {t("documents.search.capped", { shown: formatNumber(shownMax, locale) })}
        </p>
      ) : null}

      {results && results.pages > 1 ? (
        <nav aria-label={t("documents.search.paging")} className="org-paging">
          {results.page > 1 ? (
            <Link to={pageLink(results.page - 1)}>{t("documents.search.previous")}</Link>
          ) : null}
          <span>{t("documents.search.page", { page: results.page, pages: results.pages })}</span>
          {results.page < results.pages ? (
            <Link to={pageLink(results.page + 1)}>{t("documents.search.next")}</Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
