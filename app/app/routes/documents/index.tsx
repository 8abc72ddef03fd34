import { translate } from "@nuri/i18n";
import { useActionData } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { listDocuments, listSpaceFolders } from "../../services/documents/spaces.server.ts";
import type { Route } from "./+types/index";
import {
  ActionNotice,
  DocumentList,
  FolderList,
  NewDocumentLink,
  NewFolderForm,
  Pagination,
  TrashedNotice,
} from "./list-ui.tsx";
import { handleListAction, pageParam, presentPage, requireSpacesContext } from "./spaces-route.server.ts";

// 내 문서: the root of the person's own space — its folders, and the documents they own that
// are in no department's space and in no folder.

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "documents.spaces.view.mine") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale } = await requireSpacesContext(request, params, context);
  const [page, folders] = await Promise.all([
    listDocuments(ctx.db, ctx, { view: "mine", folderId: null, page: pageParam(request) }),
    listSpaceFolders(ctx.db, ctx, { kind: "personal", ownerId: ctx.userId }, null),
  ]);
  return { slug: tenant.slug, page: presentPage(page, locale), folders: folders.children };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  return handleListAction(request, params, context, {
    space: (ctx) => ({ kind: "personal", ownerId: ctx.userId }),
    folderId: null,
  });
}

export default function MyDocuments({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const { slug, page, folders } = loaderData;
  return (
    <div className="org-page">
      <h1>{t("documents.spaces.view.mine")}</h1>
      <p className="docs-lead">{t("documents.spaces.mineLead")}</p>
      <div className="org-actions">
        <NewDocumentLink slug={slug} to="personal" />
      </div>
      <ActionNotice result={result} />
      <TrashedNotice />
      <NewFolderForm result={result} />
      <FolderList slug={slug} folders={folders} />
      <DocumentList
        slug={slug}
        rows={page.rows}
        label={t("documents.spaces.view.mine")}
        empty={t(folders.length > 0 ? "documents.spaces.emptyFolder" : "documents.spaces.emptyMine")}
      />
      {page.total > 0 ? <Pagination page={page.page} pageCount={page.pageCount} total={page.total} /> : null}
    </div>
  );
}
