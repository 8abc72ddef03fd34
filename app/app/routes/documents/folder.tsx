import { translate } from "@nuri/i18n";
import { Form, Link, redirect, useActionData } from "react-router";
import { notFound } from "../../errors.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import {
  deleteFolder,
  moveFolder,
  renameFolder,
  subtreeIds,
} from "../../services/documents/folders.server.ts";
import {
  findFolder,
  listDepartmentSpaces,
  listDocuments,
  listSpaceFolders,
} from "../../services/documents/spaces.server.ts";
import { isUuid } from "../../services/documents/spaces-context.server.ts";
import type { Route } from "./+types/folder";
import {
  ActionNotice,
  DocumentList,
  Field,
  FolderList,
  NewDocumentLink,
  NewFolderForm,
  Pagination,
  TrashedNotice,
} from "./list-ui.tsx";
import {
  field,
  handleListAction,
  notFoundError,
  orNotFound,
  pageParam,
  presentPage,
  requireSpacesContext,
  translateKey,
} from "./spaces-route.server.ts";

// A folder of the person's own space or of one of their departments' spaces: its folders and
// documents, and the folder's own actions (rename, move within the space, delete: the documents
// in it and under it go to the trash).

export function meta({ matches, loaderData }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  return [{ title: loaderData?.folder.name ?? translate(locale, "documents.spaces.folders") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale } = await requireSpacesContext(request, params, context);
  if (!isUuid(params.folderId)) throw notFound();
  const folderId = params.folderId.toLowerCase();
  const { folder, space } = await orNotFound(findFolder(ctx.db, ctx, folderId));
  const [page, folders] = await Promise.all([
    listDocuments(
      ctx.db,
      ctx,
      space.kind === "personal"
        ? { view: "mine", folderId, page: pageParam(request) }
        : { view: "department", departmentId: space.departmentId, folderId, page: pageParam(request) },
    ),
    listSpaceFolders(ctx.db, ctx, space, folderId),
  ]);
  const department =
    space.kind === "department"
      ? ((await listDepartmentSpaces(ctx.db, ctx)).find((d) => d.id === space.departmentId) ?? null)
      : null;
  // A folder cannot move under itself or under one of its own folders.
  const inside = new Set(subtreeIds(folders.all, folderId));
  return {
    slug: tenant.slug,
    folder: { id: folder.id, name: folder.name, parentId: folder.parentId },
    space: department
      ? { kind: "department" as const, id: department.id, name: department.name }
      : { kind: "personal" as const },
    path: folders.path,
    children: folders.children,
    moveTargets: folders.all.filter((other) => !inside.has(other.id)),
    page: presentPage(page, locale),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  if (!isUuid(params.folderId)) throw notFound();
  const folderId = params.folderId.toLowerCase();
  return handleListAction(request, params, context, {
    folderId,
    space: async (ctx) => (await findFolder(ctx.db, ctx, folderId)).space,
    more: async (ctx, locale, form) => {
      const intent = field(form, "intent");
      switch (intent) {
        case "renameFolder":
          await renameFolder(ctx, { folderId, name: field(form, "name") });
          return { ok: true, intent, notice: translateKey(locale, "documents.spaces.folder.renamed") };
        case "moveFolder": {
          const parent = field(form, "parentId");
          if (parent && !isUuid(parent)) throw notFoundError();
          await moveFolder(ctx, { folderId, parentId: parent ? parent.toLowerCase() : null });
          return { ok: true, intent, notice: translateKey(locale, "documents.spaces.folder.moved") };
        }
        case "deleteFolder": {
          const { folder, space } = await findFolder(ctx.db, ctx, folderId);
          await deleteFolder(ctx, { folderId });
          const base = `/t/${params.tenant}/documents`;
          if (folder.parentId) return redirect(`${base}/folders/${folder.parentId}`);
          return redirect(space.kind === "personal" ? base : `${base}/departments/${space.departmentId}`);
        }
      }
      return null;
    },
  });
}

export default function FolderPage({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const { slug, folder, space, path, children, moveTargets, page } = loaderData;
  const base = `/t/${slug}/documents`;
  const spaceName = space.kind === "department" ? space.name : t("documents.spaces.view.mine");
  const spaceLink = space.kind === "department" ? `${base}/departments/${space.id}` : base;
  const here = space.kind === "department" ? `department:${space.id}:${folder.id}` : `personal:${folder.id}`;
  const mine = (intent: string) => (result && !result.ok && result.intent === intent ? result : undefined);
  return (
    <div className="org-page">
      <nav aria-label={t("documents.spaces.breadcrumb")} className="org-breadcrumb">
        <ol>
          <li>
            <Link to={spaceLink}>{spaceName}</Link>
          </li>
          {path.slice(0, -1).map((step) => (
            <li key={step.id}>
              <Link to={`${base}/folders/${step.id}`}>{step.name}</Link>
            </li>
          ))}
          <li aria-current="page">{folder.name}</li>
        </ol>
      </nav>
      <h1>{folder.name}</h1>
      <div className="org-actions">
        <NewDocumentLink slug={slug} to={here} />
      </div>
      <ActionNotice result={result} />
      <TrashedNotice />
      <NewFolderForm result={result} />
      <details className="org-details" open={Boolean(mine("renameFolder") || mine("moveFolder"))}>
        <summary>{t("documents.spaces.folder.manage", { name: folder.name })}</summary>
        <Form method="post" className="org-form">
          <input type="hidden" name="intent" value="renameFolder" />
          <h2 className="org-subheading">{t("documents.spaces.folder.rename")}</h2>
          <Field
            id="folder-name"
            label={t("documents.spaces.folder.name")}
            error={mine("renameFolder")?.fieldErrors.name}
          >
            {(describedBy, invalid) => (
              <input
                id="folder-name"
                name="name"
                required
                maxLength={100}
                defaultValue={mine("renameFolder")?.values.name ?? folder.name}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <button type="submit" className="org-button">
            {t("documents.spaces.save")}
          </button>
        </Form>
        <Form method="post" className="org-form">
          <input type="hidden" name="intent" value="moveFolder" />
          <h2 className="org-subheading">{t("documents.spaces.folder.move")}</h2>
          <Field id="folder-parent" label={t("documents.spaces.folder.parent")}>
            {(describedBy) => (
              <select
                id="folder-parent"
                name="parentId"
                defaultValue={folder.parentId ?? ""}
                aria-describedby={describedBy}
              >
                <option value="">{t("documents.spaces.folder.root", { space: spaceName })}</option>
                {moveTargets.map((target) => (
                  <option key={target.id} value={target.id}>
                    {target.path}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="org-button org-button--secondary">
            {t("documents.spaces.folder.moveSubmit")}
          </button>
        </Form>
        <Form method="post" className="org-form">
          <input type="hidden" name="intent" value="deleteFolder" />
          <h2 className="org-subheading">{t("documents.spaces.folder.delete")}</h2>
          <p className="org-field__hint">{t("documents.spaces.folder.deleteHint")}</p>
          <button type="submit" className="org-button org-button--danger">
            {t("documents.spaces.folder.deleteSubmit", { name: folder.name })}
          </button>
        </Form>
      </details>
      <FolderList slug={slug} folders={children} />
      <DocumentList
        slug={slug}
        rows={page.rows}
        label={folder.name}
        empty={t("documents.spaces.emptyFolder")}
      />
      {page.total > 0 ? <Pagination page={page.page} pageCount={page.pageCount} total={page.total} /> : null}
    </div>
  );
}
