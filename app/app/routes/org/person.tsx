import { formatDateTime, translate } from "@nuri/i18n";
import { Form, Link, useActionData } from "react-router";
import { notFound } from "../../errors.server.ts";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import {
  resetPersonPassword,
  setPersonStatus,
  updatePerson,
} from "../../services/org/change-person.server.ts";
import { findPerson } from "../../services/org/list-people.server.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/person";
import {
  type ActionResult,
  oneTimeLinkUrl,
  parseForm,
  refuse,
  requireAdminContext,
  runAction,
  translateKey,
} from "./admin-context.server.ts";
import { idSchema, PersonSchema } from "./org-schemas.ts";
import { ActionNotice, AdminBreadcrumb, OneTimeLink, PersonStatus } from "./org-ui.tsx";
import { loadPersonChoices } from "./person-choices.server.ts";
import { PersonFields } from "./person-form.tsx";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches, loaderData }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  return [
    { title: translate(locale, "org.person.editTitle", { name: loaderData?.person.displayName ?? "" }) },
  ];
}

async function requirePersonId(params: { personId?: string }) {
  const parsed = idSchema.safeParse(params.personId);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { db, tenant, user } = await requireAdminContext(request, params, context);
  const id = await requirePersonId(params);
  const person = await findPerson(db, tenant.id, id);
  if (!person) throw notFound();
  return { slug: tenant.slug, person, isSelf: user.id === id, choices: await loadPersonChoices(db, tenant) };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale, tenant } = await requireAdminContext(request, params, context);
  const id = await requirePersonId(params);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "update") {
    const parsed = parseForm(PersonSchema, form, locale);
    if (!parsed.ok) return refuse(intent, form, { fieldErrors: parsed.fieldErrors });
    return runAction(intent, form, locale, async () => {
      await updatePerson(ctx, { ...parsed.data, id });
      return { ok: true, intent, notice: translateKey(locale, "org.person.updated") };
    });
  }
  return runAction(intent, form, locale, async (): Promise<ActionResult> => {
    if (intent === "disable" || intent === "enable") {
      const { sessionsRevoked } = await setPersonStatus(ctx, {
        id,
        status: intent === "disable" ? "disabled" : "active",
      });
      return {
        ok: true,
        intent,
        notice: translateKey(locale, intent === "disable" ? "org.person.disabled" : "org.person.enabled", {
          count: sessionsRevoked,
        }),
      };
    }
    if (intent === "reset") {
      const link = await resetPersonPassword(ctx, { id });
      return {
        ok: true,
        intent,
        notice: translateKey(locale, "org.person.resetDone"),
        link: {
          url: oneTimeLinkUrl(request, tenant.slug, link.token),
          expiresAt: link.expiresAt.toISOString(),
        },
      };
    }
    return {
      ok: false,
      intent,
      fieldErrors: {},
      values: {},
      formError: translateKey(locale, "org.error.form"),
    };
  });
}

export default function Person({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const { person } = loaderData;
  const failedUpdate = result && !result.ok && result.intent === "update" ? result : undefined;
  return (
    <div className="org-page">
      <AdminBreadcrumb current={{ text: person.displayName }} viaPeople />
      <h1>{t("org.person.editTitle", { name: person.displayName })}</h1>
      <p>
        <PersonStatus person={person} />
      </p>
      <ActionNotice result={result} />
      {result?.ok && result.link ? (
        <OneTimeLink
          id="reset-link"
          label={t("org.person.resetLink")}
          url={result.link.url}
          note={t("org.person.linkOnce", { expires: formatDateTime(result.link.expiresAt, locale) })}
        />
      ) : null}

      <section aria-labelledby="details-heading" className="org-panel">
        <h2 id="details-heading">{t("org.person.details")}</h2>
        <Form method="post" className="org-form">
          <input type="hidden" name="intent" value="update" />
          <PersonFields
            choices={loaderData.choices}
            values={
              failedUpdate?.values ?? {
                displayName: person.displayName,
                loginId: person.loginId,
                email: person.email,
                departmentId: person.departmentId,
                positionId: person.positionId,
                rankId: person.rankId,
                role: person.role,
                employeeNumber: person.employeeNumber,
              }
            }
            errors={failedUpdate?.fieldErrors ?? {}}
          />
          <button type="submit" className="org-button">
            {t("org.action.save")}
          </button>
        </Form>
      </section>

      {loaderData.isSelf ? null : (
        <section aria-labelledby="access-heading" className="org-panel">
          <h2 id="access-heading">{t("org.person.access")}</h2>
          <Form method="post" className="org-form">
            {person.status === "active" ? (
              <>
                <p className="org-field__hint">{t("org.person.disableHint")}</p>
                <button type="submit" name="intent" value="disable" className="org-button org-button--danger">
                  {t("org.person.disable")}
                </button>
              </>
            ) : (
              <button type="submit" name="intent" value="enable" className="org-button org-button--secondary">
                {t("org.person.enable")}
              </button>
            )}
          </Form>
          <Form method="post" className="org-form">
            <p className="org-field__hint">{t("org.person.resetHint")}</p>
            <button type="submit" name="intent" value="reset" className="org-button org-button--secondary">
              {t("org.person.reset")}
            </button>
          </Form>
        </section>
      )}
      <p>
        <Link to={`/t/${loaderData.slug}/admin/people`}>{t("org.person.backToList")}</Link>
      </p>
    </div>
  );
}
