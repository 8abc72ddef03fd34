import { translate } from "@nuri/i18n";
import { Link, redirect } from "react-router";
import { getSignedIn, requireTenant } from "../../auth/guards.server.ts";
import { safeRedirect } from "../../auth/redirect.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import authStyles from "../../styles/auth.css?url";
import type { Route } from "./+types/tenant-sign-in";
import { handleSignIn } from "./sign-in.server.ts";
import { SignInForm } from "./sign-in-form.tsx";

// A tenant's own sign-in page: the agency is known from the URL. No tenant navigation here.

export const handle = { shell: "bare" };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];

export function meta({ matches, loaderData }: Route.MetaArgs): Route.MetaDescriptors {
  const locale = localeFromMatches(matches);
  return [
    {
      title: loaderData
        ? translate(locale, "auth.signIn.tenantMetaTitle", { tenant: loaderData.tenantName })
        : translate(locale, "auth.signIn.metaTitle"),
    },
  ];
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const tenant = await requireTenant(params);
  const url = new URL(request.url);
  const redirectTo = url.searchParams.get("redirectTo");
  if (await getSignedIn(request, tenant)) throw redirect(safeRedirect(tenant.slug, redirectTo));
  const reason = url.searchParams.get("reason");
  return {
    tenantName: tenant.name,
    redirectTo: redirectTo && safeRedirect(tenant.slug, redirectTo) === redirectTo ? redirectTo : null,
    reason: reason === "expired" || reason === "signed-out" ? reason : null,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const tenant = await requireTenant(params);
  return handleSignIn(request, context, { askTenant: false, findTenant: async () => tenant });
}

export default function TenantSignIn({ loaderData, actionData }: Route.ComponentProps) {
  const t = useTranslator();
  const notice =
    loaderData.reason === "expired"
      ? t("auth.signIn.expired")
      : loaderData.reason === "signed-out"
        ? t("auth.signIn.signedOut")
        : null;
  return (
    <section className="auth-page" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">{t("auth.signIn.tenantHeading", { tenant: loaderData.tenantName })}</h1>
      <p>{t("auth.signIn.tenantLead")}</p>
      <SignInForm
        askTenant={false}
        actionData={actionData}
        notice={notice}
        redirectTo={loaderData.redirectTo}
      />
      <p className="auth-page__aside">
        <Link to="/sign-in">{t("auth.signIn.otherAgency")}</Link>
      </p>
    </section>
  );
}
