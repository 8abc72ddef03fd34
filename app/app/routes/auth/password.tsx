import { translate } from "@nuri/i18n";
import { data, Form, redirect } from "react-router";
import { z } from "zod";
import { clearSessionCookie, sessionCookie } from "../../auth/cookie.server.ts";
import { clientIp, requireUser } from "../../auth/guards.server.ts";
import { translateMessage } from "../../auth/messages.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { resolveLocale } from "../../locale.server.ts";
import { changePassword } from "../../services/auth/change-password.server.ts";
import { passwordPolicyHint } from "../../services/auth/password-rules.server.ts";
import authStyles from "../../styles/auth.css?url";
import type { Route } from "./+types/password";
import { PasswordField } from "./password-field.tsx";

// A person changes their own password; every other session ends.

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "auth.changePassword.metaTitle") }];
}

export function headers() {
  return { "Cache-Control": "no-store" };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { tenant } = await requireUser(request, params);
  const { locale } = resolveLocale(request);
  return {
    policy: translateMessage(locale, passwordPolicyHint(tenant)),
    done: new URL(request.url).searchParams.get("done") === "1",
  };
}

const ChangePasswordSchema = z.object({
  current: z.string().max(1024).default(""),
  password: z.string().max(1024).default(""),
  confirm: z.string().max(1024).default(""),
});

export async function action({ request, params, context }: Route.ActionArgs) {
  const { tenant, user, session } = await requireUser(request, params);
  const { locale } = resolveLocale(request);
  const parsed = ChangePasswordSchema.safeParse(Object.fromEntries(await request.formData()));
  const form = parsed.success ? parsed.data : { current: "", password: "", confirm: "" };
  const { db } = await getAppDatabase();
  const result = await changePassword(db, {
    tenant,
    userId: user.id,
    ...form,
    sessionId: session.id,
    locale,
    ip: clientIp(context),
    userAgent: request.headers.get("User-Agent"),
  });
  if (result.ok) {
    return redirect(`/t/${tenant.slug}/account/password?done=1`, {
      headers: { "Set-Cookie": sessionCookie(tenant.id, result.token, tenant.sessionAbsoluteMinutes * 60) },
    });
  }
  const errors: Partial<Record<"current" | "password" | "confirm", string>> = {};
  for (const field of ["current", "password", "confirm"] as const) {
    const error = result.errors[field];
    if (error) errors[field] = translateMessage(locale, error);
  }
  // Locked by wrong current passwords, or refused because the account changed meanwhile: the
  // person's sessions have ended, so the cookie goes too; the message says why.
  const ended = result.reason === "locked" || result.reason === "refused";
  return data(
    { errors },
    ended ? { status: 403, headers: { "Set-Cookie": clearSessionCookie() } } : { status: 400 },
  );
}

export default function ChangePassword({ loaderData, actionData }: Route.ComponentProps) {
  const t = useTranslator();
  const errors = actionData?.errors ?? {};
  const failed = Object.keys(errors).length > 0;
  return (
    <section className="auth-page" aria-labelledby="password-heading">
      <h1 id="password-heading">{t("auth.changePassword.heading")}</h1>
      <p>{t("auth.changePassword.lead")}</p>
      {failed ? (
        <p className="auth-alert" role="alert">
          {t("auth.signIn.errorSummary")}
        </p>
      ) : loaderData.done ? (
        <p className="auth-notice" role="status">
          {t("auth.changePassword.done")}
        </p>
      ) : null}
      <Form method="post" className="auth-form" noValidate>
        <PasswordField
          name="current"
          label={t("auth.changePassword.current")}
          autoComplete="current-password"
          error={errors.current}
        />
        <PasswordField
          name="password"
          label={t("auth.changePassword.new")}
          autoComplete="new-password"
          hint={loaderData.policy}
          error={errors.password}
        />
        <PasswordField
          name="confirm"
          label={t("auth.changePassword.confirm")}
          autoComplete="new-password"
          error={errors.confirm}
        />
        <button type="submit" className="auth-button">
          {t("auth.changePassword.submit")}
        </button>
      </Form>
    </section>
  );
}
