import { formatDateTime, translate } from "@nuri/i18n";
import { Form, Link, redirect, useActionData } from "react-router";
import { notFound } from "../../errors.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { atLeast } from "../../services/documents/access.server.ts";
import { copyDocument } from "../../services/documents/copy.server.ts";
import { listDestinations, moveDocument, parseDestination } from "../../services/documents/move.server.ts";
import { changeProperties, readProperties } from "../../services/documents/properties.server.ts";
import { MAX_TITLE } from "../../services/documents/properties-rules.server.ts";
import { setStar } from "../../services/documents/spaces.server.ts";
import { DocumentsFieldError, isUuid } from "../../services/documents/spaces-context.server.ts";
import { saveDocumentAsTemplate } from "../../services/documents/templates.server.ts";
import { restoreDocument, trashDocument } from "../../services/documents/trash.server.ts";
import type { Route } from "./+types/properties";
import { ActionNotice, DestinationField, displayTitle, Field, StarButton, useRoleLabel } from "./list-ui.tsx";
import {
  DISCLOSURE_KEYS,
  GROUND_KEYS,
  GroundNumber,
  postedRecords,
  RETENTION_KEYS,
  RecordsFields,
} from "./properties-fields.tsx";
import {
  field,
  orNotFound,
  readRecords,
  refuse,
  requireSpacesContext,
  runAction,
  translateKey,
} from "./spaces-route.server.ts";

// A document's properties: everyone who may read it sees its title, records metadata (공개구분
// with its grounds, 보존기간), owner, space and dates; its owner and editors change the title
// and the records metadata, move it and put it in the trash; anyone who may read it copies it
// into their own space; tenant administrators save it as one of the agency's templates.

export function meta({ matches, loaderData }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  const heading = translate(locale, "documents.properties.heading");
  return [{ title: loaderData ? `${loaderData.document.title} — ${heading}` : heading }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale, isAdmin } = await requireSpacesContext(request, params, context);
  if (!isUuid(params.documentId)) throw notFound();
  const document = await orNotFound(readProperties(ctx.db, ctx, params.documentId.toLowerCase()));
  const canEdit = atLeast(document.role, "editor") && !document.deletedAt;
  const destinations = canEdit
    ? await listDestinations(ctx.db, ctx, { includePersonal: document.owner.id === ctx.userId })
    : [];
  const current = document.department
    ? `department:${document.department.id}${document.folder ? `:${document.folder.id}` : ""}`
    : `personal${document.folder ? `:${document.folder.id}` : ""}`;
  return {
    slug: tenant.slug,
    document: {
      ...document,
      createdAt: formatDateTime(document.createdAt, locale),
      updatedAt: formatDateTime(document.updatedAt, locale),
      deletedAt: document.deletedAt ? formatDateTime(document.deletedAt, locale) : null,
    },
    mine: document.owner.id === ctx.userId,
    canEdit,
    canSaveTemplate: isAdmin && !document.deletedAt,
    destinations,
    current,
    maxTitle: MAX_TITLE,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale, tenant } = await requireSpacesContext(request, params, context);
  if (!isUuid(params.documentId)) throw notFound();
  const documentId = params.documentId.toLowerCase();
  const form = await request.formData();
  const intent = field(form, "intent");
  const base = `/t/${tenant.slug}/documents`;
  return runAction(intent, form, locale, async () => {
    switch (intent) {
      case "save": {
        const changed = await changeProperties(ctx, {
          documentId,
          title: field(form, "title"),
          ...readRecords(form),
        });
        return {
          ok: true,
          intent,
          notice: translateKey(
            locale,
            changed ? "documents.properties.saved" : "documents.properties.unchanged",
          ),
        };
      }
      case "move": {
        const destination = parseDestination(field(form, "destination"), ctx.userId);
        if (!destination) {
          throw new DocumentsFieldError(
            "destination",
            "documents.move.destination",
            "documents.spaces.new.error.destination",
          );
        }
        await moveDocument(ctx, { documentId, destination });
        return { ok: true, intent, notice: translateKey(locale, "documents.properties.moved") };
      }
      case "copy": {
        const copyId = await copyDocument(ctx, {
          documentId,
          suffix: translateKey(locale, "documents.properties.copySuffix"),
        });
        return redirect(`${base}/${copyId}/properties`);
      }
      case "trash": {
        // Back to where it was, which the person still sees (an editor no longer sees the document).
        const place = await trashDocument(ctx, { documentId });
        if (place.folderId) return redirect(`${base}/folders/${place.folderId}?trashed=1`);
        return redirect(
          place.departmentId ? `${base}/departments/${place.departmentId}?trashed=1` : `${base}?trashed=1`,
        );
      }
      case "restore": {
        await restoreDocument(ctx, { documentId });
        return { ok: true, intent, notice: translateKey(locale, "documents.spaces.trash.restored") };
      }
      case "star":
      case "unstar": {
        await setStar(ctx.db, ctx, { documentId, starred: intent === "star" });
        return {
          ok: true,
          intent,
          notice: translateKey(
            locale,
            intent === "star" ? "documents.spaces.starred" : "documents.spaces.unstarred",
          ),
        };
      }
      case "saveTemplate": {
        await saveDocumentAsTemplate(ctx, {
          documentId,
          name: field(form, "name"),
          description: field(form, "description"),
        });
        return { ok: true, intent, notice: translateKey(locale, "documents.templates.saved") };
      }
    }
    return refuse(intent, form, { formError: translateKey(locale, "documents.spaces.error.form") });
  });
}

export default function Properties({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const roleLabel = useRoleLabel();
  const result = useActionData<typeof action>();
  const { slug, document, canEdit } = loaderData;
  const failed = (intent: string) => (result && !result.ok && result.intent === intent ? result : undefined);
  const saveFailed = failed("save");
  const records = postedRecords(saveFailed?.values, saveFailed?.grounds) ?? document;
  const title = displayTitle(t, document.title);
  const base = `/t/${slug}/documents`;
  const space = document.department
    ? document.department.name
    : t("documents.properties.personalSpaceOf", { name: document.owner.name });
  return (
    <div className="org-page">
      <nav aria-label={t("documents.spaces.breadcrumb")} className="org-breadcrumb">
        <ol>
          <li>
            <Link to={document.department ? `${base}/departments/${document.department.id}` : base}>
              {space}
            </Link>
          </li>
          {document.folder ? (
            <li>
              <Link to={`${base}/folders/${document.folder.id}`}>{document.folder.path}</Link>
            </li>
          ) : null}
          <li aria-current="page">{t("documents.properties.heading")}</li>
        </ol>
      </nav>
      <div className="docs-title-row">
        <h1>{title}</h1>
        <StarButton documentId={document.id} title={document.title} starred={document.starred} />
      </div>
      <ActionNotice result={result} />
      {document.deletedAt ? (
        <div className="org-notice org-notice--error docs-trashed">
          <p>{t("documents.properties.inTrash", { date: document.deletedAt })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="restore" />
            <button type="submit" className="org-button org-button--secondary">
              {t("documents.spaces.trash.restore")}
            </button>
          </Form>
        </div>
      ) : (
        <p className="org-actions">
          <Link className="org-button" to={`${base}/${document.id}`}>
            {t("documents.properties.open")}
          </Link>
        </p>
      )}

      <section aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t("documents.properties.facts")}</h2>
        <dl className="org-details-list docs-facts">
          <div>
            <dt>{t("documents.properties.title")}</dt>
            <dd>{title}</dd>
          </div>
          <div>
            <dt>{t("documents.properties.disclosure")}</dt>
            <dd>
              <span>{t(DISCLOSURE_KEYS[document.disclosure])}</span>
              {document.disclosureGrounds.length > 0 ? (
                <ul className="docs-facts__grounds" aria-label={t("documents.properties.grounds")}>
                  {document.disclosureGrounds.map((ground) => (
                    <li key={ground}>
                      <strong>
                        <GroundNumber ground={ground} />
                      </strong>{" "}
                      {t(GROUND_KEYS[ground as keyof typeof GROUND_KEYS])}
                    </li>
                  ))}
                </ul>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>{t("documents.properties.retention")}</dt>
            <dd>{t(RETENTION_KEYS[document.retention])}</dd>
          </div>
          <div>
            <dt>{t("documents.properties.owner")}</dt>
            <dd>{document.owner.name}</dd>
          </div>
          <div>
            <dt>{t("documents.properties.space")}</dt>
            <dd>{document.folder ? `${space} / ${document.folder.path}` : space}</dd>
          </div>
          <div>
            <dt>{t("documents.properties.createdAt")}</dt>
            <dd>{document.createdAt}</dd>
          </div>
          <div>
            <dt>{t("documents.properties.updatedAt")}</dt>
            <dd>{document.updatedAt}</dd>
          </div>
          <div>
            <dt>{t("documents.properties.myRole")}</dt>
            <dd>{roleLabel(document.role)}</dd>
          </div>
        </dl>
      </section>

      {canEdit ? (
        <section aria-labelledby="edit-heading" className="org-panel">
          <h2 id="edit-heading">{t("documents.properties.edit")}</h2>
          <Form method="post" className="org-form">
            <input type="hidden" name="intent" value="save" />
            <Field
              id="properties-title"
              label={t("documents.properties.title")}
              error={saveFailed?.fieldErrors.title}
            >
              {(describedBy, invalid) => (
                <input
                  id="properties-title"
                  name="title"
                  required
                  maxLength={loaderData.maxTitle}
                  defaultValue={saveFailed?.values.title ?? document.title}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                />
              )}
            </Field>
            <RecordsFields idPrefix="properties" values={records} errors={saveFailed?.fieldErrors ?? {}} />
            <button type="submit" className="org-button">
              {t("documents.spaces.save")}
            </button>
          </Form>
        </section>
      ) : (
        <p className="docs-lead">{t("documents.properties.readOnly")}</p>
      )}

      {canEdit ? (
        <section aria-labelledby="move-heading" className="org-panel">
          <h2 id="move-heading">{t("documents.properties.move")}</h2>
          <Form method="post" className="org-form">
            <input type="hidden" name="intent" value="move" />
            <DestinationField
              id="properties-destination"
              hint={t("documents.properties.moveHint")}
              error={failed("move")?.fieldErrors.destination}
              defaultValue={loaderData.current}
              destinations={loaderData.destinations}
              unlisted={document.folder ? `${space} / ${document.folder.path}` : space}
            />
            <button type="submit" className="org-button org-button--secondary">
              {t("documents.properties.moveSubmit")}
            </button>
          </Form>
        </section>
      ) : null}

      {document.deletedAt ? null : (
        <section aria-labelledby="more-heading" className="org-panel">
          <h2 id="more-heading">{t("documents.properties.more")}</h2>
          <div className="docs-button-row">
            <Form method="post">
              <input type="hidden" name="intent" value="copy" />
              <button type="submit" className="org-button org-button--secondary">
                {t("documents.properties.copy")}
              </button>
            </Form>
            {canEdit ? (
              <Form method="post">
                <input type="hidden" name="intent" value="trash" />
                <button type="submit" className="org-button org-button--danger">
                  {t("documents.properties.trash")}
                </button>
              </Form>
            ) : null}
          </div>
          <p className="org-field__hint">
            {t(loaderData.mine ? "documents.properties.trashHintOwner" : "documents.properties.trashHint")}
          </p>
        </section>
      )}

      {loaderData.canSaveTemplate ? (
        <section aria-labelledby="template-heading" className="org-panel">
          <h2 id="template-heading">{t("documents.templates.saveAs")}</h2>
          <p className="org-field__hint">{t("documents.templates.saveAsHint")}</p>
          <Form method="post" className="org-form">
            <input type="hidden" name="intent" value="saveTemplate" />
            <Field
              id="template-name"
              label={t("documents.templates.name")}
              error={failed("saveTemplate")?.fieldErrors.name}
            >
              {(describedBy, invalid) => (
                <input
                  id="template-name"
                  name="name"
                  required
                  maxLength={100}
                  defaultValue={failed("saveTemplate")?.values.name ?? document.title}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                />
              )}
            </Field>
            <Field
              id="template-description"
              label={`${t("documents.templates.description")} ${t("documents.spaces.optional")}`}
              error={failed("saveTemplate")?.fieldErrors.description}
            >
              {(describedBy, invalid) => (
                <textarea
                  id="template-description"
                  name="description"
                  maxLength={500}
                  rows={3}
                  defaultValue={failed("saveTemplate")?.values.description}
                  aria-describedby={describedBy}
                  aria-invalid={invalid || undefined}
                />
              )}
            </Field>
            <button type="submit" className="org-button org-button--secondary">
              {t("documents.templates.saveAsSubmit")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
