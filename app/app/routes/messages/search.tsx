import { formatDateTime, formatNumber, translate } from "@nuri/i18n";
import { data, Form, Link, useParams } from "react-router";
import { AppError } from "../../errors.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { resolveLocale } from "../../locale.server.ts";
import { type MessageHit, searchMessages } from "../../services/messaging/search-messages.server.ts";
import type { Route } from "./+types/search";
import { requireMessagingActor, translateParams } from "./messaging-route.server.ts";

// /t/:tenant/messages/search?q=: messages that contain every word of the query, newest first,
// in the channels and conversations the person belongs to.

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "messaging.search.metaTitle") }];
}

export function headers() {
  return { "Cache-Control": "private, no-store" };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireMessagingActor(request, params);
  const { locale } = resolveLocale(request);
  const query = new URL(request.url).searchParams.get("q") ?? "";
  if (query.trim() === "") return { query, hits: null, error: null };
  try {
    return { query, hits: await searchMessages(actor, query), error: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return data(
      { query, hits: null, error: translateParams(locale, error.messageKey, error.params) },
      { status: error.status },
    );
  }
}

export default function SearchMessages({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const { tenant } = useParams();
  const { query, hits, error } = loaderData;
  return (
    <div className="messenger-search">
      <h1>{t("messaging.search.heading")}</h1>
      <Form method="get" role="search" className="org-inline-form">
        <label htmlFor="message-search-page">{t("messaging.search.label")}</label>{" "}
        <input id="message-search-page" name="q" type="search" defaultValue={query} maxLength={100} />{" "}
        <button type="submit" className="org-button">
          {t("messaging.search.submit")}
        </button>
      </Form>
      {error ? (
        <p className="org-notice org-notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {hits ? (
        <>
          <p role="status">
            {hits.length === 0
              ? t("messaging.search.none", { query })
              : t("messaging.search.count", { query, count: formatNumber(hits.length, locale) })}
          </p>
          <ol className="message-list">
            {hits.map((hit) => (
              <li key={hit.id} className="message">
                <p className="message__header">
                  <Link to={hitPath(`/t/${tenant}/messages`, hit)}>
                    {hit.channelKind === "direct" || hit.channelKind === "group" ? "" : "# "}
                    {hit.channelTitle}
                  </Link>
                  <strong className="message__author">{hit.authorName}</strong>
                  <time dateTime={new Date(hit.createdAt).toISOString()} className="message__time">
                    {formatDateTime(hit.createdAt, locale)}
                  </time>
                </p>
                <p className="message-search__excerpt">{excerpt(hit.body)}</p>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}

function hitPath(base: string, hit: MessageHit): string {
  return hit.threadRootId
    ? `${base}/${hit.channelId}/threads/${hit.threadRootId}`
    : `${base}/${hit.channelId}#message-${hit.seq}`;
}

/** The first 200 characters of a message, on one line. */
function excerpt(body: string): string {
  const line = body.replace(/\s+/g, " ").trim();
  return [...line].length > 200 ? `${[...line].slice(0, 200).join("")}…` : line;
}
