import { formatDate, translate } from "@nuri/i18n";
import { Form, Link, useActionData } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { isUuid } from "../../services/documents/spaces-context.server.ts";
import { listTenantTemplates, setTemplateArchived } from "../../services/documents/templates.server.ts";
import { BUILT_IN_TEMPLATES } from "../../services/documents/templates-builtin.server.ts";
import type { Route } from "./+types/templates";
import { ActionNotice } from "./list-ui.tsx";
import {
  field,
  handleListAction,
  notFoundError,
  requireSpacesContext,
  translateKey,
} from "./spaces-route.server.ts";

// 서식: the built-in templates and the agency's own. Everyone starts a document from one here;
// tenant administrators archive the agency's templates (and bring them back). A template is
// added from a document's properties page (서식으로 저장).

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "documents.templates.title") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale, isAdmin } = await requireSpacesContext(request, params, context);
  const own = await listTenantTemplates(ctx.db, ctx.tenantId, { archived: isAdmin });
  return {
    slug: tenant.slug,
    isAdmin,
    builtIn: BUILT_IN_TEMPLATES.map((template) => ({
      value: `builtin:${template.key}`,
      name: translateKey(locale, template.name),
      description: translateKey(locale, template.description),
    })),
    own: own.map((template) => ({
      value: `tenant:${template.id}`,
      id: template.id,
      name: template.name,
      description: template.description,
      createdByName: template.createdByName,
      createdAt: formatDate(template.createdAt, locale),
      archived: template.archivedAt !== null,
    })),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  return handleListAction(request, params, context, {
    more: async (ctx, locale, form) => {
      const intent = field(form, "intent");
      if (intent !== "archive" && intent !== "unarchive") return null;
      const templateId = field(form, "templateId");
      if (!isUuid(templateId)) throw notFoundError();
      await setTemplateArchived(ctx, {
        templateId: templateId.toLowerCase(),
        archived: intent === "archive",
      });
      return {
        ok: true,
        intent,
        notice: translateKey(
          locale,
          intent === "archive" ? "documents.templates.archived" : "documents.templates.unarchived",
        ),
      };
    },
  });
}

export default function Templates({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const { slug, isAdmin, builtIn, own } = loaderData;
  const inUse = own.filter((template) => !template.archived);
  const archived = own.filter((template) => template.archived);
  const newLink = (value: string) => `/t/${slug}/documents/new?template=${encodeURIComponent(value)}`;
  return (
    <div className="org-page">
      <h1>{t("documents.templates.title")}</h1>
      <p className="docs-lead">{t(isAdmin ? "documents.templates.leadAdmin" : "documents.templates.lead")}</p>
      <ActionNotice result={result} />
      <section aria-labelledby="builtin-heading">
        <h2 id="builtin-heading">{t("documents.templates.builtIn")}</h2>
        <ul className="org-sections">
          {builtIn.map((template) => (
            <li key={template.value}>
              <Link to={newLink(template.value)}>{template.name}</Link>
              <p>{template.description}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="own-heading">
        <h2 id="own-heading">{t("documents.templates.own")}</h2>
        {inUse.length === 0 ? (
          <p className="docs-empty">{t("documents.templates.ownEmpty")}</p>
        ) : (
          <TemplateList templates={inUse} newLink={newLink} isAdmin={isAdmin} />
        )}
      </section>
      {isAdmin && archived.length > 0 ? (
        <section aria-labelledby="archived-heading">
          <h2 id="archived-heading">{t("documents.templates.archivedHeading")}</h2>
          <TemplateList templates={archived} newLink={null} isAdmin={isAdmin} />
        </section>
      ) : null}
    </div>
  );
}

function TemplateList({
  templates,
  newLink,
  isAdmin,
}: {
  templates: {
    id: string;
    value: string;
    name: string;
    description: string;
    createdByName: string;
    createdAt: string;
    archived: boolean;
  }[];
  newLink: ((value: string) => string) | null;
  isAdmin: boolean;
}) {
  const t = useTranslator();
  return (
    <ul className="docs-list">
      {templates.map((template) => (
        <li key={template.id} className="docs-row">
          <div className="docs-row__main">
            {newLink ? (
              <Link className="docs-row__title" to={newLink(template.value)}>
                {template.name}
              </Link>
            ) : (
              <span className="docs-row__title">{template.name}</span>
            )}
            {template.description ? <p className="docs-row__description">{template.description}</p> : null}
            <p className="docs-row__byline">
              {t("documents.templates.byline", { name: template.createdByName, date: template.createdAt })}
            </p>
          </div>
          {isAdmin ? (
            <div className="docs-row__actions">
              <Form method="post" className="docs-inline-form">
                <input type="hidden" name="intent" value={template.archived ? "unarchive" : "archive"} />
                <input type="hidden" name="templateId" value={template.id} />
                <button
                  type="submit"
                  className="org-button org-button--secondary"
                  aria-label={t(
                    template.archived ? "documents.templates.unarchiveOf" : "documents.templates.archiveOf",
                    {
                      name: template.name,
                    },
                  )}
                >
                  {t(template.archived ? "documents.templates.unarchive" : "documents.templates.archive")}
                </button>
              </Form>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
