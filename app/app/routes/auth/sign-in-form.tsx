import { Form, useNavigation } from "react-router";
import { useTranslator } from "../../i18n.ts";
import type { SignInActionData } from "./sign-in.server.ts";

/**
 * The sign-in form of both sign-in pages; `askTenant` adds the agency field of the public page.
 * Errors are read out: the summary is an alert, and each field names its error.
 */
export function SignInForm({
  askTenant,
  actionData,
  notice,
  redirectTo,
}: {
  askTenant: boolean;
  actionData: SignInActionData | undefined;
  notice: string | null;
  redirectTo?: string | null;
}) {
  const t = useTranslator();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.fieldErrors ?? {};
  const described = (field: "tenant" | "loginId" | "password", hint?: string) =>
    [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <>
      {notice && !actionData ? (
        <p className="auth-notice" role="status">
          {notice}
        </p>
      ) : null}
      {actionData?.formError ? (
        <p className="auth-alert" role="alert" id="sign-in-error">
          {actionData.formError}
        </p>
      ) : null}
      <Form method="post" className="auth-form" id="sign-in-form" noValidate>
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        {askTenant ? (
          <div className="auth-field">
            <label htmlFor="tenant">{t("auth.signIn.tenant")}</label>
            <p className="auth-field__hint" id="tenant-hint">
              {t("auth.signIn.tenantHint")}
            </p>
            <input
              id="tenant"
              name="tenant"
              type="text"
              autoComplete="organization"
              autoCapitalize="none"
              spellCheck={false}
              required
              maxLength={64}
              defaultValue={actionData?.values.tenant}
              aria-invalid={errors.tenant ? true : undefined}
              aria-describedby={described("tenant", "tenant-hint")}
            />
            {errors.tenant ? (
              <p className="auth-field__error" id="tenant-error">
                {errors.tenant}
              </p>
            ) : null}
          </div>
        ) : null}
        <div className="auth-field">
          <label htmlFor="loginId">{t("auth.signIn.loginId")}</label>
          <input
            id="loginId"
            name="loginId"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={64}
            defaultValue={actionData?.values.loginId}
            aria-invalid={errors.loginId ? true : undefined}
            aria-describedby={described("loginId")}
          />
          {errors.loginId ? (
            <p className="auth-field__error" id="loginId-error">
              {errors.loginId}
            </p>
          ) : null}
        </div>
        <div className="auth-field">
          <label htmlFor="password">{t("auth.signIn.password")}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={128}
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={described("password")}
          />
          {errors.password ? (
            <p className="auth-field__error" id="password-error">
              {errors.password}
            </p>
          ) : null}
        </div>
        <button type="submit" className="auth-button" disabled={busy}>
          {t("auth.signIn.submit")}
        </button>
      </Form>
    </>
  );
}
