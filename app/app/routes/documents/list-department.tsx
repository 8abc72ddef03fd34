import { translate } from "@nuri/i18n";
import { useActionData } from "react-router";
import { notFound } from "../../errors.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import {
  listDepartmentSpaces,
  listDocuments,
  listSpaceFolders,
} from "../../services/documents/spaces.server.ts";
import { isUuid } from "../../services/documents/spaces-context.server.ts";
import type { Route } from "./+types/list-department";
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

// One department's space, at its root: its folders and the documents in no folder. Only people
// of the department (or of a department under it) see it; anyone else gets a 404.

export function meta({ matches, loaderData }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  const view = translate(locale, "documents.spaces.view.department");
  return [{ title: loaderData ? `${loaderData.department.name} — ${view}` : view }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale } = await requireSpacesContext(request, params, context);
  if (!isUuid(params.departmentId)) throw notFound();
  const department = (await listDepartmentSpaces(ctx.db, ctx)).find(
    (space) => space.id === params.departmentId,
  );
  if (!department) throw notFound();
  const space = { kind: "department", departmentId: department.id } as const;
  const [page, folders] = await Promise.all([
    listDocuments(ctx.db, ctx, {
      view: "department",
      departmentId: department.id,
      folderId: null,
      page: pageParam(request),
    }),
    listSpaceFolders(ctx.db, ctx, space, null),
  ]);
  return { slug: tenant.slug, department, page: presentPage(page, locale), folders: folders.children };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  if (!isUuid(params.departmentId)) throw notFound();
  return handleListAction(request, params, context, {
    space: { kind: "department", departmentId: params.departmentId.toLowerCase() },
    folderId: null,
  });
}

export default function DepartmentSpace({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const { slug, department, page, folders } = loaderData;
  return (
    <div className="org-page">
      <h1>{department.name}</h1>
      <p className="docs-lead">{t("documents.spaces.departmentSpaceLead", { name: department.name })}</p>
      <div className="org-actions">
        <NewDocumentLink slug={slug} to={`department:${department.id}`} />
      </div>
      <ActionNotice result={result} />
      <TrashedNotice />
      <NewFolderForm result={result} />
      <FolderList slug={slug} folders={folders} />
      <DocumentList
        slug={slug}
        rows={page.rows}
        label={department.name}
        empty={t(folders.length > 0 ? "documents.spaces.emptyFolder" : "documents.spaces.emptyDepartment")}
      />
      {page.total > 0 ? <Pagination page={page.page} pageCount={page.pageCount} total={page.total} /> : null}
    </div>
  );
}
