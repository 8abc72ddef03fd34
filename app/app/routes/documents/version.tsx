import { translate } from "@nuri/i18n";
import { Form, Link, redirect } from "react-router";
import { AppError } from "../../errors.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { atLeast } from "../../services/documents/access.server.ts";
import {
  compareWithCurrent,
  readVersion,
  restoreDocumentVersion,
} from "../../services/documents/history.server.ts";
import type { DiffPart } from "../../services/documents/history-diff.server.ts";
import type { Route } from "./+types/version";
import historyStyles from "./history.css?url";
import { requireDocumentActor, requireUuid } from "./history-context.server.ts";
import { type SerializedVersion, serializeVersion, useVersionLabel, VersionDetails } from "./history-ui.tsx";

// /t/:tenant/documents/:documentId/history/:versionId: one version, previewed (its HTML
// projection) or compared with the current text (?view=compare), and, for editors, restored
// after a confirmation.

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: historyStyles }];

export function meta({ loaderData, matches }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  const title = loaderData?.title || translate(locale, "documents.history.untitled");
  const version = loaderData?.version.name ?? translate(locale, "documents.history.title");
  return [{ title: translate(locale, "documents.history.metaTitle", { title: `${version} · ${title}` }) }];
}

export function headers() {
  return { "Cache-Control": "private, no-store" };
}

type View =
  | { kind: "preview"; html: string }
  | { kind: "compare"; diff: { parts: DiffPart[]; added: number; removed: number } | null };

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, document, role } = await requireDocumentActor(request, params, context);
  const versionId = requireUuid(params.versionId);
  const compare = new URL(request.url).searchParams.get("view") === "compare";
  const input = { documentId: document.id, versionId };
  try {
    let version: SerializedVersion;
    let view: View;
    if (compare) {
      const comparison = await compareWithCurrent(ctx, input);
      version = serializeVersion(comparison.version);
      view = { kind: "compare", diff: comparison.diff };
    } else {
      const preview = await readVersion(ctx, input);
      version = serializeVersion(preview);
      view = { kind: "preview", html: preview.html };
    }
    return {
      base: `/t/${tenant.slug}/documents/${document.id}`,
      title: document.title,
      canEdit: atLeast(role, "editor"),
      version,
      view,
    };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw new Response("Not Found", { status: 404 });
    throw error;
  }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, tenant, document } = await requireDocumentActor(request, params, context, "editor");
  const versionId = requireUuid(params.versionId);
  const form = await request.formData();
  if (form.get("intent") !== "restore") throw new Response("Bad Request", { status: 400 });
  try {
    await restoreDocumentVersion(ctx, { documentId: document.id, versionId });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.code, { status: error.status });
    throw error;
  }
  return redirect(`/t/${tenant.slug}/documents/${document.id}/history?restored=1`);
}

export default function Version({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const { base, title, canEdit, version, view } = loaderData;
  const label = useVersionLabel(version);
  const here = `${base}/history/${version.id}`;
  return (
    <div className="history-page">
      <nav aria-label={t("documents.history.breadcrumb")} className="history-breadcrumb">
        <ol>
          <li>
            <Link to={base}>{title || t("documents.history.untitled")}</Link>
          </li>
          <li>
            <Link to={`${base}/history`}>{t("documents.history.title")}</Link>
          </li>
          <li aria-current="page">{label}</li>
        </ol>
      </nav>
      <h1>
        <span className="history-kind">{t(`documents.history.kind.${version.kind}`)}</span> {label}
      </h1>
      <section aria-labelledby="details-heading">
        <h2 id="details-heading" className="visually-hidden">
          {t("documents.history.version.details")}
        </h2>
        <VersionDetails version={version} />
      </section>
      <nav aria-label={t("documents.history.version.nav")}>
        <ul className="history-views">
          <li>
            <Link to={here} aria-current={view.kind === "preview" ? "page" : undefined}>
              {t("documents.history.preview")}
            </Link>
          </li>
          <li>
            <Link to={`${here}?view=compare`} aria-current={view.kind === "compare" ? "page" : undefined}>
              {t("documents.history.compare")}
            </Link>
          </li>
        </ul>
      </nav>
      {view.kind === "preview" ? <Preview html={view.html} /> : <Comparison diff={view.diff} />}
      {canEdit ? <Restore /> : null}
      <p>
        <Link to={`${base}/history`}>{t("documents.history.version.backToHistory")}</Link>
      </p>
    </div>
  );
}

function Preview({ html }: { html: string }) {
  const t = useTranslator();
  return (
    <section aria-labelledby="content-heading" className="history-page">
      <h2 id="content-heading">{t("documents.history.version.content")}</h2>
      {html ? (
        // The collab projection: every text escaped, only allow-listed elements, safe URLs.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by projectDocument
        <div className="history-preview" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <p>{t("documents.history.version.empty")}</p>
      )}
    </section>
  );
}

function Comparison({ diff }: { diff: { parts: DiffPart[]; added: number; removed: number } | null }) {
  const t = useTranslator();
  return (
    <section aria-labelledby="compare-heading" className="history-page">
      <h2 id="compare-heading">{t("documents.history.compare.heading")}</h2>
      {diff === null ? (
        <p>{t("documents.history.compare.tooLarge")}</p>
      ) : diff.added === 0 && diff.removed === 0 ? (
        <p>{t("documents.history.compare.same")}</p>
      ) : (
        <>
          <p className="history-lead">{t("documents.history.compare.lead")}</p>
          <p>{t("documents.history.compare.summary", { added: diff.added, removed: diff.removed })}</p>
          <div className="history-diff">
            {diff.parts.map((part, index) =>
              part.kind === "same" ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
                <span key={index}>{part.text}</span>
              ) : part.kind === "added" ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
                <ins key={index}>
                  <span className="visually-hidden">{t("documents.history.compare.insStart")}</span>
                  {part.text}
                  <span className="visually-hidden">{t("documents.history.compare.insEnd")}</span>
                </ins>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move
                <del key={index}>
                  <span className="visually-hidden">{t("documents.history.compare.delStart")}</span>
                  {part.text}
                  <span className="visually-hidden">{t("documents.history.compare.delEnd")}</span>
                </del>
              ),
            )}
          </div>
        </>
      )}
    </section>
  );
}

function Restore() {
  const t = useTranslator();
  return (
    <section aria-labelledby="restore-heading" className="history-panel">
      <h2 id="restore-heading">{t("documents.history.restore.heading")}</h2>
      <details className="history-restore">
        <summary>{t("documents.history.restore.open")}</summary>
        <p>{t("documents.history.restore.warning")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="restore" />
          <button type="submit" className="history-button history-button--danger">
            {t("documents.history.restore.confirm")}
          </button>
        </Form>
      </details>
    </section>
  );
}
