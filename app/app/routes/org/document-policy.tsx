import { formatNumber, translate } from "@nuri/i18n";
import { Form, useActionData } from "react-router";
import { z } from "zod";
import { localeFromMatches, useLocale, useTranslator } from "../../i18n.ts";
import { readPublicLinkPolicy, setPublicLinkPolicy } from "../../services/documents/sharing-policy.server.ts";
import orgStyles from "../../styles/org.css?url";
import type { Route } from "./+types/document-policy";
import { intentHandler, refuse, requireAdminContext, translateKey } from "./admin-context.server.ts";
import { ActionNotice, AdminBreadcrumb } from "./org-ui.tsx";

// /t/:tenant/admin/document-policy — the tenant administrator's switch for public links (off by
// default). Turning it off narrows existing public links to the agency's members; audited.

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: orgStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "documents.sharing.policy.title") }];
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { db, tenant } = await requireAdminContext(request, params, context);
  return readPublicLinkPolicy(db, tenant.id);
}

// An unchecked checkbox sends nothing: absent is "no".
const PolicySchema = z.object({
  allowPublicLinks: z
    .enum(["on"], { error: "org.field.invalidChoice" })
    .optional()
    .transform((value) => value === "on"),
});

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, locale } = await requireAdminContext(request, params, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent !== "public-links")
    return refuse(intent, form, { formError: translateKey(locale, "org.error.form") });
  return intentHandler(
    intent,
    form,
    locale,
  )(PolicySchema, async (input) => {
    const result = await setPublicLinkPolicy(ctx, input);
    const notice = !result.changed
      ? translate(locale, "documents.sharing.policy.unchanged")
      : result.narrowed > 0
        ? translate(locale, "documents.sharing.policy.narrowed", { count: result.narrowed })
        : translate(locale, "documents.sharing.policy.saved");
    return { ok: true, intent, notice };
  });
}

export default function DocumentPolicy({ loaderData }: Route.ComponentProps) {
  const t = useTranslator();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  return (
    <div className="org-page">
      <AdminBreadcrumb current="documents.sharing.policy.title" />
      <h1>{t("documents.sharing.policy.title")}</h1>
      <p>{t("documents.sharing.policy.lead")}</p>
      <ActionNotice result={result} />
      <section aria-labelledby="public-links-heading" className="org-panel">
        <h2 id="public-links-heading">{t("documents.sharing.policy.publicLinks")}</h2>
        <Form method="post" className="org-form">
          <input type="hidden" name="intent" value="public-links" />
          <div className="org-field">
            <p>
              <input
                type="checkbox"
                id="allow-public-links"
                name="allowPublicLinks"
                defaultChecked={loaderData.allowPublicLinks}
                aria-describedby="allow-public-links-hint"
              />{" "}
              <label htmlFor="allow-public-links">{t("documents.sharing.policy.publicLinks")}</label>
            </p>
            <p id="allow-public-links-hint" className="org-field__hint">
              {t("documents.sharing.policy.publicLinksHint")}
            </p>
          </div>
          <p>
            {t("documents.sharing.policy.current", {
              count: formatNumber(loaderData.publicDocuments, locale),
            })}
          </p>
          <button type="submit" className="org-button">
            {t("documents.sharing.policy.save")}
          </button>
        </Form>
      </section>
    </div>
  );
}
