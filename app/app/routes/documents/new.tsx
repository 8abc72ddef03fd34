import { translate } from "@nuri/i18n";
import { Form, redirect, useActionData } from "react-router";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { createDocument } from "../../services/documents/create.server.ts";
import { listDestinations, parseDestination } from "../../services/documents/move.server.ts";
import { DEFAULT_RECORDS, MAX_TITLE } from "../../services/documents/properties-rules.server.ts";
import { DocumentsFieldError } from "../../services/documents/spaces-context.server.ts";
import { listTenantTemplates, parseTemplateRef } from "../../services/documents/templates.server.ts";
import { BUILT_IN_TEMPLATES } from "../../services/documents/templates-builtin.server.ts";
import type { Route } from "./+types/new";
import { ActionNotice, DestinationField, Field } from "./list-ui.tsx";
import { postedRecords, RecordsFields } from "./properties-fields.tsx";
import { field, readRecords, requireSpacesContext, runAction, translateKey } from "./spaces-route.server.ts";

// 새 문서: a template (blank, the built-in 회의록 · 보고서 · 계획서, or one of the agency's own), a
// title, where it goes, and its records metadata (공개 and 5년 unless chosen otherwise). The new
// document opens in the editor.

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "documents.spaces.new.title") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, tenant, locale } = await requireSpacesContext(request, params, context);
  const search = new URL(request.url).searchParams;
  const [tenantTemplates, destinations] = await Promise.all([
    listTenantTemplates(ctx.db, ctx.tenantId),
    listDestinations(ctx.db, ctx, { includePersonal: true }),
  ]);
  const templates = [
    ...BUILT_IN_TEMPLATES.map((template) => ({
      value: `builtin:${template.key}`,
      name: translateKey(locale, template.name),
      description: translateKey(locale, template.description),
    })),
    ...tenantTemplates.map((template) => ({
      value: `tenant:${template.id}`,
      name: template.name,
      description: template.description,
    })),
  ];
  const wantedTemplate = search.get("template") ?? "";
  const wantedPlace = search.get("to") ?? "";
  return {
    slug: tenant.slug,
    templates,
    destinations,
    template: templates.some((t) => t.value === wantedTemplate) ? wantedTemplate : "builtin:blank",
    destination: destinations.some((d) => d.value === wantedPlace) ? wantedPlace : "personal",
    maxTitle: MAX_TITLE,
    records: DEFAULT_RECORDS,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale, tenant } = await requireSpacesContext(request, params, context);
  const form = await request.formData();
  return runAction("create", form, locale, async () => {
    const template = parseTemplateRef(field(form, "template"));
    if (!template) {
      throw new DocumentsFieldError(
        "template",
        "documents.create.template",
        "documents.spaces.new.error.template",
      );
    }
    const destination = parseDestination(field(form, "destination"), ctx.userId);
    if (!destination) {
      throw new DocumentsFieldError(
        "destination",
        "documents.create.destination",
        "documents.spaces.new.error.destination",
      );
    }
    const builtIn = BUILT_IN_TEMPLATES.find((t) => template.kind === "builtin" && t.key === template.key);
    const fallbackTitle =
      builtIn && builtIn.key !== "blank"
        ? translateKey(locale, builtIn.name)
        : translateKey(locale, "documents.spaces.untitled");
    const id = await createDocument(ctx, {
      template,
      title: field(form, "title"),
      fallbackTitle,
      ...readRecords(form),
      destination,
    });
    return redirect(`/t/${tenant.slug}/documents/${id}`);
  });
}

export default function NewDocument({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : undefined;
  const values = failed?.values;
  const records = postedRecords(values, failed?.grounds) ?? loaderData.records;
  const chosenTemplate = values?.template ?? loaderData.template;
  return (
    <div className="org-page">
      <h1>{t("documents.spaces.new.title")}</h1>
      <ActionNotice result={result} />
      <Form method="post" className="org-form docs-new-form">
        <fieldset className="docs-fieldset">
          <legend>{t("documents.spaces.new.template")}</legend>
          {failed?.fieldErrors.template ? (
            <p className="org-field__error" role="alert">
              {failed.fieldErrors.template}
            </p>
          ) : null}
          <ul className="docs-templates">
            {loaderData.templates.map((template) => (
              <li key={template.value}>
                <label className="docs-template">
                  <input
                    type="radio"
                    name="template"
                    value={template.value}
                    defaultChecked={template.value === chosenTemplate}
                  />
                  <span className="docs-template__name">{template.name}</span>
                  {template.description ? (
                    <span className="docs-template__description">{template.description}</span>
                  ) : null}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <Field
          id="new-title"
          label={`${t("documents.properties.title")} ${t("documents.spaces.optional")}`}
          hint={t("documents.spaces.new.titleHint")}
          error={failed?.fieldErrors.title}
        >
          {(describedBy, invalid) => (
            <input
              id="new-title"
              name="title"
              maxLength={loaderData.maxTitle}
              defaultValue={values?.title}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </Field>
        <DestinationField
          id="new-destination"
          error={failed?.fieldErrors.destination}
          defaultValue={values?.destination ?? loaderData.destination}
          destinations={loaderData.destinations}
        />
        <RecordsFields idPrefix="new" values={records} errors={failed?.fieldErrors ?? {}} />
        <button type="submit" className="org-button">
          {t("documents.spaces.new.submit")}
        </button>
      </Form>
    </div>
  );
}
