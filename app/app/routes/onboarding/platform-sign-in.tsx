import { translate } from "@nuri/i18n";
import { data, Form, redirect, useNavigation, useSearchParams } from "react-router";
import { clientIp } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { localeFromMatches, useTranslator } from "../../i18n.ts";
import { operatorCookie } from "../../platform/cookie.server.ts";
import { getOperator, safeOperatorRedirect } from "../../platform/guards.server.ts";
import { OPERATOR_SIGN_IN_RATE_LIMIT } from "../../services/onboarding/rate-limits.server.ts";
import { OPERATOR_SESSION_POLICY } from "../../services/platform/operator-sessions.server.ts";
import {
  loginIdForLog,
  readOperatorSignInForm,
  signInOperator,
} from "../../services/platform/sign-in-operator.server.ts";
import stylesheet from "../../styles/onboarding.css?url";
import type { Route } from "./+types/platform-sign-in";
import { TextField } from "./form-fields.tsx";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export function meta({ matches }: Route.MetaArgs): Route.MetaDescriptors {
  return [{ title: translate(localeFromMatches(matches), "onboarding.platform.signIn.metaTitle") }];
}

export async function loader({ request }: Route.LoaderArgs) {
  if (await getOperator(request)) {
    throw redirect(safeOperatorRedirect(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = readOperatorSignInForm(await request.formData());
  const loginId = form.ok ? form.loginId : "";
  if (!OPERATOR_SIGN_IN_RATE_LIMIT.hit(clientIp(context) ?? "unknown", Date.now()).allowed) {
    return data({ loginId, error: "onboarding.platform.signIn.rateLimited" as const }, { status: 429 });
  }
  if (!form.ok || !loginId.trim() || !form.password) {
    return data({ loginId, error: "onboarding.platform.signIn.missing" as const }, { status: 400 });
  }
  const { db } = await getAppDatabase();
  // signInOperator refuses a password over MAX_PASSWORD_LENGTH before any argon2 work.
  const result = await signInOperator(db, { loginId, password: form.password });
  if (!result.ok) {
    console.warn(`operator sign-in refused for login id ${loginIdForLog(loginId)} from ${clientIp(context)}`);
    return data({ loginId, error: "onboarding.platform.signIn.failed" as const }, { status: 401 });
  }
  const target = safeOperatorRedirect(new URL(request.url).searchParams.get("redirectTo"));
  return redirect(target, {
    headers: { "Set-Cookie": operatorCookie(result.token, OPERATOR_SESSION_POLICY.absoluteMinutes * 60) },
  });
}

export default function PlatformSignIn({ actionData }: Route.ComponentProps) {
  const t = useTranslator();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo");
  return (
    <section className="onboarding onboarding--narrow" aria-labelledby="operator-sign-in-heading">
      <h1 id="operator-sign-in-heading">{t("onboarding.platform.signIn.heading")}</h1>
      <p className="onboarding__lead">{t("onboarding.platform.signIn.lead")}</p>
      {actionData?.error ? (
        <div className="form-alert form-alert--error" role="alert" id="sign-in-error">
          {t(actionData.error)}
        </div>
      ) : null}
      <Form
        method="post"
        action={redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : undefined}
        className="onboarding-form"
      >
        <TextField
          name="loginId"
          label={t("onboarding.platform.signIn.loginId")}
          defaultValue={actionData?.loginId}
          autoComplete="username"
          required
        />
        <TextField
          name="password"
          type="password"
          label={t("onboarding.platform.signIn.password")}
          autoComplete="current-password"
          required
        />
        <button type="submit" className="button button--primary" disabled={navigation.state === "submitting"}>
          {t("onboarding.platform.signIn.submit")}
        </button>
      </Form>
    </section>
  );
}
