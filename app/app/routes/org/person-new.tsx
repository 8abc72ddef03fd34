import { formatDateTime, translate } from "@nuri/i18n";
import { Form, Link, useActionData } from "react-router";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { createPerson } from "../../services/org/change-person.server.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/person-new";
import {
  type ActionResult,
  oneTimeLinkUrl,
  parseForm,
  refuse,
  requireAdminContext,
  runAction,
  translateKey,
} from "./admin-context.server.ts";
import { PersonSchema } from "./org-schemas.ts";
import { ActionNotice, AdminBreadcrumb, OneTimeLink } from "./org-ui.tsx";
import { loadPersonChoices } from "./person-choices.server.ts";
import { PersonFields } from "./person-form.tsx";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "org.person.newTitle") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { db, tenant } = await requireAdminContext(request, params, context);
  return { slug: tenant.slug, choices: await loadPersonChoices(db, tenant) };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale, tenant } = await requireAdminContext(request, params, context);
  const form = await request.formData();
  const parsed = parseForm(PersonSchema, form, locale);
  if (!parsed.ok) return refuse("create", form, { fieldErrors: parsed.fieldErrors });
  return runAction("create", form, locale, async (): Promise<ActionResult> => {
    const link = await createPerson(ctx, parsed.data);
    return {
      ok: true,
      intent: "create",
      notice: translateKey(locale, "org.person.created", { name: parsed.data.displayName }),
      link: {
        url: oneTimeLinkUrl(request, tenant.slug, link.token),
        expiresAt: link.expiresAt.toISOString(),
      },
    };
  });
}

export default function PersonNew({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : undefined;
  const defaultRole = loaderData.choices.roles.includes("member") ? "member" : "teacher";
  return (
    <div className="org-page">
      <AdminBreadcrumb current="org.person.newTitle" viaPeople />
      <h1>{t("org.person.newTitle")}</h1>
      <ActionNotice result={result} />
      {result?.ok && result.link ? (
        <>
          <OneTimeLink
            id="setup-link"
            label={t("org.person.setupLink")}
            url={result.link.url}
            note={t("org.person.linkOnce", { expires: formatDateTime(result.link.expiresAt, locale) })}
          />
          <p>
            <Link to={`/t/${loaderData.slug}/admin/people`}>{t("org.person.backToList")}</Link>
          </p>
        </>
      ) : null}
      <Form method="post" className="org-form org-panel" key={result?.ok ? result.link?.url : "form"}>
        <PersonFields
          choices={loaderData.choices}
          values={failed?.values ?? { role: defaultRole }}
          errors={failed?.fieldErrors ?? {}}
        />
        <button type="submit" className="org-button">
          {t("org.person.create")}
        </button>
      </Form>
    </div>
  );
}
