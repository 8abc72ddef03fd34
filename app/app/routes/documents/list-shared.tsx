import { translate } from "@nuri/i18n";
import { useActionData } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { listDocuments } from "../../services/documents/spaces.server.ts";
import type { Route } from "./+types/list-shared";
import { ActionNotice, DocumentList, Pagination } from "./list-ui.tsx";
import { handleListAction, pageParam, presentPage, requireSpacesContext } from "./spaces-route.server.ts";

// 공유 문서함: documents others own that are shared with the person, the person's department (or one above it) or the whole agency.

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "documents.spaces.view.shared") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale } = await requireSpacesContext(request, params, context);
  const page = await listDocuments(ctx.db, ctx, { view: "shared", page: pageParam(request) });
  return { slug: tenant.slug, page: presentPage(page, locale) };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  return handleListAction(request, params, context);
}

export default function SharedDocuments({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const { slug, page } = loaderData;
  return (
    <div className="org-page">
      <h1>{t("documents.spaces.view.shared")}</h1>
      <p className="docs-lead">{t("documents.spaces.sharedLead")}</p>
      <ActionNotice result={result} />
      <DocumentList
        slug={slug}
        rows={page.rows}
        label={t("documents.spaces.view.shared")}
        empty={t("documents.spaces.emptyShared")}
      />
      {page.total > 0 ? <Pagination page={page.page} pageCount={page.pageCount} total={page.total} /> : null}
    </div>
  );
}
