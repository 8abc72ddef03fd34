import { translate } from "@nuri/i18n";
import { useActionData } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { listDocuments } from "../../services/documents/spaces.server.ts";
import type { Route } from "./+types/list-recent";
import { ActionNotice, DocumentList, ListTime, Pagination } from "./list-ui.tsx";
import { handleListAction, pageParam, presentPage, requireSpacesContext } from "./spaces-route.server.ts";

// 최근 문서: the documents the person opened last, most recent first (only those they may still read).

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "documents.spaces.view.recent") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale } = await requireSpacesContext(request, params, context);
  const page = await listDocuments(ctx.db, ctx, { view: "recent", page: pageParam(request) });
  return { slug: tenant.slug, page: presentPage(page, locale) };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  return handleListAction(request, params, context);
}

export default function RecentDocuments({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const { slug, page } = loaderData;
  return (
    <div className="org-page">
      <h1>{t("documents.spaces.view.recent")}</h1>
      <p className="docs-lead">{t("documents.spaces.recentLead")}</p>
      <ActionNotice result={result} />
      <DocumentList
        slug={slug}
        rows={page.rows}
        label={t("documents.spaces.view.recent")}
        empty={t("documents.spaces.emptyRecent")}
        extra={(row) =>
          row.visited ? (
            <div>
              <dt>{t("documents.spaces.column.visited")}</dt>
              <dd>
                <ListTime date={row.visited} />
              </dd>
            </div>
          ) : null
        }
      />
      {page.total > 0 ? <Pagination page={page.page} pageCount={page.pageCount} total={page.total} /> : null}
    </div>
  );
}
