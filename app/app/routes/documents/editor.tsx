import type { DocumentRole } from "@nuri/db";
import { formatDateTime, type MessageKey, translate } from "@nuri/i18n";
import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from "react";
import { data, Link, useFetcher } from "react-router";
import { auditActor, clientIp } from "../../auth/guards.server.ts";
import { CommentsPanel } from "../../components/comments/comments-panel.tsx";
import type { EditorAnchors } from "../../components/comments/contract.ts";
import { colorIndexFor } from "../../components/editor/colors.ts";
import editorStyles from "../../components/editor/editor.css?url";
import { checkDocumentTitle } from "../../components/editor/title.ts";
import { getAppDatabase } from "../../db.server.ts";
import { AppError } from "../../errors.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { resolveLocale } from "../../locale.server.ts";
import { recordDocumentVisit } from "../../services/documents/editor-record-visit.server.ts";
import { renameDocument } from "../../services/documents/editor-rename.server.ts";
import { requireDocument } from "../../services/documents/require-document.server.ts";
import type { Route } from "./+types/editor";

// The document page, /t/:tenant/documents/:documentId: the title (renamed in place by
// editors), links to the document's other pages, the live editor and the comments beside it.
// The editor (ProseMirror) runs only in the browser: until it has the live text, the page
// shows the body as the collab-server last projected it (sanitized HTML).

const CollabEditor = lazy(() => import("../../components/editor/collab-editor.tsx"));

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: editorStyles }];

export function meta({ loaderData, matches }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  const title = loaderData?.document.title || translate(locale, "documents.editor.untitled");
  return [{ title: translate(locale, "documents.editor.metaTitle", { title }) }];
}

export function headers() {
  return { "Cache-Control": "private, no-store" };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { tenant, user, document, role } = await requireDocument(request, params);
  const { db } = await getAppDatabase();
  await recordDocumentVisit({ db, tenantId: tenant.id, userId: user.id, documentId: document.id });
  const base = `/t/${tenant.slug}/documents/${document.id}`;
  return {
    tenant: { id: tenant.id, slug: tenant.slug },
    document: {
      id: document.id,
      title: document.title,
      contentHtml: document.contentHtml,
      updatedAt: document.updatedAt.toISOString(),
    },
    role,
    me: { id: user.id, name: user.displayName, colorIndex: colorIndexFor(user.id) },
    links: {
      share: `${base}/share`,
      history: `${base}/history`,
      properties: `${base}/properties`,
      exports: (["pdf", "docx", "md", "html"] as const).map((format) => ({
        format,
        href: `${base}/export/${format}`,
      })),
    },
  };
}

type RenameResult = { ok: true; title: string; notice: string } | { ok: false; error: string; value: string };

export async function action({ request, params, context }: Route.ActionArgs) {
  // Readers get as far as the service, which refuses them in words; other agencies get a 404.
  const { tenant, user, document } = await requireDocument(request, params);
  const { locale } = resolveLocale(request);
  const form = await request.formData();
  if (form.get("intent") !== "rename") throw new Response("Bad Request", { status: 400 });
  const value = String(form.get("title") ?? "");
  const { db } = await getAppDatabase();
  try {
    const { title } = await renameDocument({
      db,
      tenantId: tenant.id,
      userId: user.id,
      actor: auditActor(user),
      ip: clientIp(context),
      documentId: document.id,
      title: value,
    });
    return data<RenameResult>({
      ok: true,
      title,
      notice: translate(locale, "documents.editor.rename.saved", { title }),
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // Messages of AppErrors have no placeholders here.
    const message = translate(locale, error.messageKey as "documents.editor.rename.forbidden");
    return data<RenameResult>({ ok: false, error: message, value }, { status: error.status });
  }
}

const ROLE_LABELS = {
  reader: "documents.editor.role.reader",
  commenter: "documents.editor.role.commenter",
  editor: "documents.editor.role.editor",
  owner: "documents.editor.role.owner",
} as const satisfies Record<DocumentRole, MessageKey>;

const EXPORT_LABELS = {
  pdf: "documents.editor.export.pdf",
  docx: "documents.editor.export.docx",
  md: "documents.editor.export.md",
  html: "documents.editor.export.html",
} as const;

export default function DocumentEditorPage({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const { tenant, document, role, me, links } = loaderData;
  const [anchors, setAnchors] = useState<EditorAnchors | null>(null);
  const onAnchors = useCallback((next: EditorAnchors | null) => setAnchors(next), []);
  // ProseMirror needs a browser: the editor mounts after hydration, never on the server.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const canRename = role === "editor" || role === "owner";
  // the sharing page is for editors and owners (share.tsx); others would meet a 403
  const canShare = canRename;

  const fallback = (
    <div className="doc-fallback">
      <p className="doc-fallback__note">{t("documents.editor.loading")}</p>
      {document.contentHtml ? (
        <div
          className="doc-prose doc-fallback__body"
          // Written by the collab-server's projection: escaped text and allow-listed elements only.
          // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by packages/collab/src/projection.ts
          dangerouslySetInnerHTML={{ __html: document.contentHtml }}
        />
      ) : (
        <p className="doc-fallback__empty">{t("documents.editor.empty")}</p>
      )}
    </div>
  );

  return (
    <article className="doc-page" aria-labelledby="doc-title">
      <header className="doc-header">
        <div className="doc-header__main">
          <h1 id="doc-title" className="doc-title">
            {document.title || t("documents.editor.untitled")}
          </h1>
          <p className="doc-meta">
            <span className="doc-role" data-role={role}>
              {t(ROLE_LABELS[role])}
            </span>
            <span>
              {t("documents.editor.updatedAt", { date: formatDateTime(document.updatedAt, locale) })}
            </span>
          </p>
          {canRename ? <RenameForm title={document.title} /> : null}
        </div>
        <nav className="doc-menu" aria-label={t("documents.editor.menu")}>
          <ul className="doc-menu__list">
            {canShare ? (
              <li>
                <Link className="doc-menu__link" to={links.share}>
                  {t("documents.editor.share")}
                </Link>
              </li>
            ) : null}
            <li>
              <Link className="doc-menu__link" to={links.history}>
                {t("documents.editor.history")}
              </Link>
            </li>
            <li>
              <Link className="doc-menu__link" to={links.properties}>
                {t("documents.editor.properties")}
              </Link>
            </li>
            <li>
              <details className="doc-export">
                <summary>{t("documents.editor.export")}</summary>
                <ul className="doc-export__list">
                  {links.exports.map((item) => (
                    <li key={item.format}>
                      {/* a file download, not a page of the app */}
                      <a href={item.href} download>
                        {t(EXPORT_LABELS[item.format])}
                      </a>
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          </ul>
        </nav>
      </header>
      <div className="doc-layout">
        <div className="doc-main">
          {hydrated ? (
            <Suspense fallback={fallback}>
              <CollabEditor
                tenantId={tenant.id}
                tenantSlug={tenant.slug}
                documentId={document.id}
                role={role}
                me={me}
                fallback={fallback}
                onAnchors={onAnchors}
              />
            </Suspense>
          ) : (
            fallback
          )}
        </div>
        <div className="doc-side">
          <CommentsPanel
            tenantSlug={tenant.slug}
            documentId={document.id}
            role={role}
            me={{ id: me.id, name: me.name }}
            anchors={anchors}
          />
        </div>
      </div>
    </article>
  );
}

/** "제목 바꾸기": a small form under the title, checked in the browser as the service checks it. */
function RenameForm({ title }: { title: string }) {
  const t = useTranslator();
  const id = useId();
  const fetcher = useFetcher<typeof action>();
  const details = useRef<HTMLDetailsElement>(null);
  const [clientError, setClientError] = useState<string | null>(null);
  const result = fetcher.data as RenameResult | undefined;
  const error = clientError ?? (result && !result.ok ? result.error : null);

  useEffect(() => {
    if (result?.ok && details.current) details.current.open = false;
  }, [result]);

  return (
    <>
      <details className="doc-rename" ref={details}>
        <summary>{t("documents.editor.rename.toggle")}</summary>
        <fetcher.Form
          method="post"
          className="doc-rename__form"
          noValidate
          onSubmit={(event) => {
            const form = event.currentTarget;
            const checked = checkDocumentTitle(new FormData(form).get("title"));
            if (!checked.ok) {
              event.preventDefault();
              setClientError(t(checked.messageKey as "documents.editor.rename.required"));
              form.querySelector<HTMLInputElement>("input[name=title]")?.focus();
              return;
            }
            setClientError(null);
          }}
        >
          <input type="hidden" name="intent" value="rename" />
          <label htmlFor={`${id}-title`}>{t("documents.editor.rename.label")}</label>
          <p id={`${id}-hint`} className="doc-field__hint">
            {t("documents.editor.rename.hint")}
          </p>
          <div className="doc-rename__row">
            <input
              id={`${id}-title`}
              name="title"
              required
              defaultValue={result && !result.ok ? result.value : title}
              key={result?.ok ? result.title : "edit"}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
            />
            <button type="submit" className="doc-button" disabled={fetcher.state !== "idle"}>
              {t("documents.editor.rename.submit")}
            </button>
          </div>
          {error ? (
            <p id={`${id}-error`} className="doc-field__error" role="alert">
              {error}
            </p>
          ) : null}
        </fetcher.Form>
      </details>
      {result?.ok ? (
        <p className="doc-notice doc-notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
    </>
  );
}
