import { formatDateTime, translate } from "@nuri/i18n";
import { data, Form, Link, useActionData, useNavigation } from "react-router";
import { AppError } from "../../errors.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { atLeast } from "../../services/documents/access.server.ts";
import { EXPORT_FORMATS, type ExportFormat } from "../../services/documents/export.server.ts";
import {
  listDocumentHistory,
  MAX_VERSION_NAME,
  nameCurrentVersion,
} from "../../services/documents/history.server.ts";
import type { Route } from "./+types/history";
import historyStyles from "./history.css?url";
import { errorMessage, requireDocumentActor } from "./history-context.server.ts";
import { type SerializedVersion, serializeVersion, useVersionLabel, VersionDetails } from "./history-ui.tsx";

// /t/:tenant/documents/:documentId/history: the document's versions, newest first, with who
// made and who edited each; editors name the current state here. Each version links to its
// preview and its comparison with the current text (version.tsx), where it can be restored.

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: historyStyles }];

export function meta({ loaderData, matches }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  const title = loaderData?.title || translate(locale, "documents.history.untitled");
  return [{ title: translate(locale, "documents.history.metaTitle", { title }) }];
}

export function headers() {
  return { "Cache-Control": "private, no-store" };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, document, role } = await requireDocumentActor(request, params, context);
  const versions = await listDocumentHistory(ctx, document.id);
  return {
    base: `/t/${tenant.slug}/documents/${document.id}`,
    title: document.title,
    canEdit: atLeast(role, "editor"),
    versions: versions.map(serializeVersion),
    restored: new URL(request.url).searchParams.get("restored") === "1",
    maxName: MAX_VERSION_NAME,
    formats: Object.keys(EXPORT_FORMATS) as ExportFormat[],
  };
}

type NameResult = { ok: true; notice: string } | { ok: false; error: string; value: string };

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale, document } = await requireDocumentActor(request, params, context, "editor");
  const form = await request.formData();
  if (form.get("intent") !== "name") throw new Response("Bad Request", { status: 400 });
  const name = String(form.get("name") ?? "");
  try {
    await nameCurrentVersion(ctx, { documentId: document.id, name });
    return data<NameResult>({
      ok: true,
      notice: translate(locale, "documents.history.name.done", { name: name.trim() }),
    });
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      return data<NameResult>(
        { ok: false, error: errorMessage(locale, error), value: name },
        { status: error.status },
      );
    }
    throw error;
  }
}

export default function History({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const { base, title, canEdit, versions, restored, maxName, formats } = loaderData;
  const displayTitle = title || t("documents.history.untitled");
  return (
    <div className="history-page">
      <nav aria-label={t("documents.history.breadcrumb")} className="history-breadcrumb">
        <ol>
          <li>
            <Link to={base}>{displayTitle}</Link>
          </li>
          <li aria-current="page">{t("documents.history.title")}</li>
        </ol>
      </nav>
      <h1>{t("documents.history.title")}</h1>
      <p className="history-lead">{t("documents.history.lead")}</p>
      {restored ? (
        <p className="history-notice history-notice--ok" role="status">
          {t("documents.history.restore.done")}
        </p>
      ) : null}
      {canEdit ? <NameVersionForm maxName={maxName} /> : null}
      <section aria-labelledby="versions-heading" className="history-page">
        <h2 id="versions-heading">{t("documents.history.listHeading")}</h2>
        {versions.length === 0 ? (
          <p>{t("documents.history.empty")}</p>
        ) : (
          <ol className="history-list">
            {versions.map((version) => (
              <VersionItem key={version.id} base={base} version={version} />
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="export-heading" className="history-panel">
        <h2 id="export-heading">{t("documents.export.heading")}</h2>
        <ul className="history-exports">
          {formats.map((format) => (
            <li key={format}>
              <a href={`${base}/export/${format}`} download>
                {t(`documents.export.${format}`)}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function NameVersionForm({ maxName }: { maxName: number }) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "name";
  const failed = result && !result.ok ? result : null;
  return (
    <section aria-labelledby="name-heading" className="history-panel">
      <h2 id="name-heading">{t("documents.history.name.heading")}</h2>
      {result?.ok ? (
        <p className="history-notice history-notice--ok" role="status">
          {result.notice}
        </p>
      ) : null}
      {/* a fresh form after each success, so the field starts empty again */}
      <Form method="post" className="history-form" key={result?.ok ? result.notice : "form"}>
        <input type="hidden" name="intent" value="name" />
        <div className="history-field">
          <label htmlFor="version-name">{t("documents.history.name.label")}</label>
          <p id="version-name-hint" className="history-hint">
            {t("documents.history.name.hint", { max: maxName })}
          </p>
          <input
            id="version-name"
            name="name"
            type="text"
            required
            autoComplete="off"
            defaultValue={failed?.value ?? ""}
            aria-invalid={failed ? true : undefined}
            aria-describedby={failed ? "version-name-hint version-name-error" : "version-name-hint"}
          />
          {failed ? (
            <p id="version-name-error" className="history-error" role="alert">
              {failed.error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="history-button" disabled={busy}>
          {t("documents.history.name.submit")}
        </button>
      </Form>
    </section>
  );
}

function VersionItem({ base, version }: { base: string; version: SerializedVersion }) {
  const t = useTranslator();
  const locale = useLocale();
  const label = useVersionLabel(version);
  const headingId = `version-${version.id}`;
  return (
    <li>
      <h3 id={headingId}>
        <span className="history-kind">{t(`documents.history.kind.${version.kind}`)}</span>{" "}
        {version.name ?? formatDateTime(version.createdAt, locale)}
      </h3>
      <VersionDetails version={version} />
      <ul className="history-actions">
        <li>
          <Link
            to={`${base}/history/${version.id}`}
            aria-label={t("documents.history.previewOf", { version: label })}
          >
            {t("documents.history.preview")}
          </Link>
        </li>
        <li>
          <Link
            to={`${base}/history/${version.id}?view=compare`}
            aria-label={t("documents.history.compareOf", { version: label })}
          >
            {t("documents.history.compare")}
          </Link>
        </li>
      </ul>
    </li>
  );
}
