import { translate } from "@nuri/i18n";
import { getAppDatabase } from "../../db.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { findSignInTenant } from "../../services/auth/sign-in.server.ts";
import authStyles from "../../styles/auth.css?url";
import type { Route } from "./+types/sign-in";
import { handleSignIn } from "./sign-in.server.ts";
import { SignInForm } from "./sign-in-form.tsx";

// The public sign-in page: the person names their agency (its address name or 기관코드).

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "auth.signIn.metaTitle") }];
}

export async function action({ request, context }: Route.ActionArgs) {
  const { db } = await getAppDatabase();
  return handleSignIn(request, context, {
    askTenant: true,
    findTenant: (typed) => findSignInTenant(db, typed),
  });
}

export default function PublicSignIn({ actionData }: Route.ComponentProps) {
  const t = useTranslator();
  return (
    <section className="auth-page" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">{t("auth.signIn.heading")}</h1>
      <p>{t("auth.signIn.lead")}</p>
      <SignInForm askTenant actionData={actionData} notice={null} />
    </section>
  );
}
