import { formatDate, translate } from "@nuri/i18n";
import { Form, useActionData } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { listDocuments } from "../../services/documents/spaces.server.ts";
import { isUuid } from "../../services/documents/spaces-context.server.ts";
import {
  purgeDate,
  purgeDocument,
  restoreDocument,
  TRASH_RETENTION_DAYS,
} from "../../services/documents/trash.server.ts";
import type { Route } from "./+types/trash";
import { ActionNotice, DocumentList, displayTitle, ListTime, Pagination } from "./list-ui.tsx";
import {
  field,
  handleListAction,
  notFoundError,
  pageParam,
  presentPage,
  requireSpacesContext,
  translateKey,
} from "./spaces-route.server.ts";

// 휴지통: the documents the person owns that went to the trash (by them, by an editor, or with
// a folder). The owner restores them within 30 days or deletes them for good; after 30 days
// purgeExpiredTrash deletes them.

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "documents.spaces.view.trash") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale } = await requireSpacesContext(request, params, context);
  const page = await listDocuments(ctx.db, ctx, { view: "trash", page: pageParam(request) });
  const purgeOn = new Map(page.rows.map((row) => [row.id, formatDate(purgeDate(row.deletedAt!), locale)]));
  const presented = presentPage(page, locale);
  return {
    slug: tenant.slug,
    days: TRASH_RETENTION_DAYS,
    page: {
      ...presented,
      rows: presented.rows.map((row) => ({ ...row, purgeOn: purgeOn.get(row.id) ?? "" })),
    },
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  return handleListAction(request, params, context, {
    more: async (ctx, locale, form) => {
      const intent = field(form, "intent");
      if (intent !== "restore" && intent !== "purge") return null;
      const documentId = field(form, "documentId");
      if (!isUuid(documentId)) throw notFoundError();
      if (intent === "restore") {
        await restoreDocument(ctx, { documentId: documentId.toLowerCase() });
        return {
          ok: true,
          intent,
          target: documentId,
          notice: translateKey(locale, "documents.spaces.trash.restored"),
        };
      }
      await purgeDocument(ctx, { documentId: documentId.toLowerCase() });
      return {
        ok: true,
        intent,
        target: documentId,
        notice: translateKey(locale, "documents.spaces.trash.purged"),
      };
    },
  });
}

export default function Trash({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const { slug, page, days } = loaderData;
  const purgeOn = new Map(page.rows.map((row) => [row.id, row.purgeOn]));
  return (
    <div className="org-page">
      <h1>{t("documents.spaces.view.trash")}</h1>
      <p className="docs-lead">{t("documents.spaces.trashLead", { days })}</p>
      <ActionNotice result={result} />
      <DocumentList
        slug={slug}
        rows={page.rows}
        label={t("documents.spaces.view.trash")}
        empty={t("documents.spaces.emptyTrash")}
        extra={(row) => (
          <>
            <div>
              <dt>{t("documents.spaces.trash.deletedAt")}</dt>
              <dd>{row.deleted ? <ListTime date={row.deleted} /> : null}</dd>
            </div>
            <div>
              <dt>{t("documents.spaces.trash.purgeOn")}</dt>
              <dd>{purgeOn.get(row.id)}</dd>
            </div>
          </>
        )}
        actions={(row) => (
          <>
            <Form method="post" className="docs-inline-form">
              <input type="hidden" name="intent" value="restore" />
              <input type="hidden" name="documentId" value={row.id} />
              <button
                type="submit"
                className="org-button org-button--secondary"
                aria-label={t("documents.spaces.trash.restoreOf", { title: displayTitle(t, row.title) })}
              >
                {t("documents.spaces.trash.restore")}
              </button>
            </Form>
            <Form method="post" className="docs-inline-form">
              <input type="hidden" name="intent" value="purge" />
              <input type="hidden" name="documentId" value={row.id} />
              <button
                type="submit"
                className="org-button org-button--danger"
                aria-label={t("documents.spaces.trash.purgeOf", { title: displayTitle(t, row.title) })}
              >
                {t("documents.spaces.trash.purge")}
              </button>
            </Form>
          </>
        )}
      />
      {page.total > 0 ? <Pagination page={page.page} pageCount={page.pageCount} total={page.total} /> : null}
    </div>
  );
}
