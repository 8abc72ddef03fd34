import { type Locale, translate } from "@nuri/i18n";
import { data, Form, Link, redirect } from "react-router";
import { z } from "zod";
import { sessionCookie } from "../../auth/cookie.server.ts";
import { clientIp, requireTenant } from "../../auth/guards.server.ts";
import { translateMessage } from "../../auth/messages.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { resolveLocale } from "../../locale.server.ts";
import { passwordPolicyHint } from "../../services/auth/password-rules.server.ts";
import { findPasswordLink, setPasswordWithLink } from "../../services/auth/set-password.server.ts";
import { passwordLinkThrottle } from "../../services/auth/sign-in-throttle.server.ts";
import authStyles from "../../styles/auth.css?url";
import type { Route } from "./+types/set-password";
import { PasswordField } from "./password-field.tsx";

// Where a set-up or reset link lands: the person chooses a password and is signed in.

export const handle = { shell: "bare" };

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "auth.setPassword.metaTitle") }];
}

const SetPasswordSchema = z.object({
  password: z.string().max(1024).default(""),
  confirm: z.string().max(1024).default(""),
});

// The token is a secret: the page must not be cached or leak through the Referer header.
export function headers() {
  return { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
}

/** A 429 for an address that has tried too many invalid links; null while it may go on. */
function throttled(ip: string | null, locale: Locale): Response | null {
  const wait = ip ? passwordLinkThrottle.retryAfter(ip, Date.now()) : 0;
  if (wait === 0) return null;
  const minutes = Math.max(1, Math.ceil(wait / 60_000));
  return new Response(translate(locale, "auth.setPassword.rateLimited", { minutes }), {
    status: 429,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(Math.ceil(wait / 1000)) },
  });
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const tenant = await requireTenant(params);
  const { locale } = resolveLocale(request);
  const ip = clientIp(context);
  const refused = throttled(ip, locale);
  if (refused) throw refused;
  const { db } = await getAppDatabase();
  const person = await findPasswordLink(db, tenant, params.token);
  if (!person) {
    if (ip) passwordLinkThrottle.fail(ip, Date.now());
    return data({ valid: false as const, tenantSlug: tenant.slug }, { status: 404 });
  }
  return {
    valid: true as const,
    tenantSlug: tenant.slug,
    tenantName: tenant.name,
    displayName: person.displayName,
    policy: translateMessage(locale, passwordPolicyHint(tenant)),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const tenant = await requireTenant(params);
  const { locale } = resolveLocale(request);
  const refused = throttled(clientIp(context), locale);
  if (refused) throw refused;
  const parsed = SetPasswordSchema.safeParse(Object.fromEntries(await request.formData()));
  const form = parsed.success ? parsed.data : { password: "", confirm: "" };
  const { db } = await getAppDatabase();
  const result = await setPasswordWithLink(db, {
    tenant,
    token: params.token,
    password: form.password,
    confirm: form.confirm,
    ip: clientIp(context),
    userAgent: request.headers.get("User-Agent"),
  });
  if (result.ok) {
    return redirect(`/t/${tenant.slug}/`, {
      headers: { "Set-Cookie": sessionCookie(tenant.id, result.token, tenant.sessionAbsoluteMinutes * 60) },
    });
  }
  const errors: Partial<Record<"password" | "confirm", string>> = {};
  if (result.reason === "invalid-link") {
    const ip = clientIp(context);
    if (ip) passwordLinkThrottle.fail(ip, Date.now());
    return data({ invalidLink: true, errors }, { status: 404 });
  }
  if (result.errors.password) errors.password = translateMessage(locale, result.errors.password);
  if (result.errors.confirm) errors.confirm = translateMessage(locale, result.errors.confirm);
  return data({ invalidLink: false, errors }, { status: 400 });
}

export default function SetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const t = useTranslator();
  if (!loaderData.valid || actionData?.invalidLink) {
    return (
      <section className="auth-page" aria-labelledby="set-password-heading">
        <h1 id="set-password-heading">{t("auth.setPassword.invalidHeading")}</h1>
        <p>{t("auth.setPassword.invalidBody")}</p>
        <p>
          <Link to={`/t/${loaderData.tenantSlug}/sign-in`}>{t("auth.setPassword.toSignIn")}</Link>
        </p>
      </section>
    );
  }
  const errors = actionData?.errors ?? {};
  return (
    <section className="auth-page" aria-labelledby="set-password-heading">
      <h1 id="set-password-heading">{t("auth.setPassword.heading")}</h1>
      <p>{t("auth.setPassword.lead", { name: loaderData.displayName, tenant: loaderData.tenantName })}</p>
      {errors.password || errors.confirm ? (
        <p className="auth-alert" role="alert">
          {t("auth.signIn.errorSummary")}
        </p>
      ) : null}
      <Form method="post" className="auth-form" noValidate>
        <PasswordField
          name="password"
          label={t("auth.setPassword.password")}
          autoComplete="new-password"
          hint={loaderData.policy}
          error={errors.password}
        />
        <PasswordField
          name="confirm"
          label={t("auth.setPassword.confirm")}
          autoComplete="new-password"
          error={errors.confirm}
        />
        <button type="submit" className="auth-button">
          {t("auth.setPassword.submit")}
        </button>
      </Form>
    </section>
  );
}
