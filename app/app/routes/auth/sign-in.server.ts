import { MAX_PASSWORD_LENGTH } from "@nuri/auth";
import type { Tenant } from "@nuri/db";
import { formatDateTime, type Locale } from "@nuri/i18n";
import { data, redirect } from "react-router";
import { z } from "zod";
import { sessionCookie } from "../../auth/cookie.server.ts";
import { clientIp } from "../../auth/guards.server.ts";
import { translateMessage } from "../../auth/messages.server.ts";
import { safeRedirect } from "../../auth/redirect.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { resolveLocale } from "../../locale.server.ts";
import { signIn, spendPasswordCheck } from "../../services/auth/sign-in.server.ts";
import { signInThrottle } from "../../services/auth/sign-in-throttle.server.ts";

// Only a length can be wrong here: a missing field reads as empty and is reported as required.
export const SignInSchema = z.object({
  tenant: z.string().trim().max(64).optional(),
  loginId: z.string().trim().max(64).default(""),
  password: z.string().max(MAX_PASSWORD_LENGTH).default(""),
  redirectTo: z.string().max(2048).optional(),
});

export interface SignInActionData {
  values: { tenant: string; loginId: string };
  fieldErrors: Partial<Record<"tenant" | "loginId" | "password", string>>;
  formError: string | null;
}

/**
 * The sign-in form's action, for both sign-in pages: validates, throttles by client address,
 * finds the tenant (`findTenant`: from the URL, or from what was typed), signs in and sets the
 * cookie. Every failure that could tell whether an agency or a person exists reads the same.
 */
export async function handleSignIn(
  request: Request,
  context: { clientIp?: string | null } | undefined,
  options: { askTenant: boolean; findTenant: (typed: string) => Promise<Tenant | null> },
) {
  const { locale } = resolveLocale(request);
  const form = Object.fromEntries(await request.formData());
  const values = {
    tenant: typeof form.tenant === "string" ? form.tenant.slice(0, 64) : "",
    loginId: typeof form.loginId === "string" ? form.loginId.slice(0, 64) : "",
  };
  const answer = (status: number, fieldErrors: SignInActionData["fieldErrors"], formError: string | null) =>
    data<SignInActionData>({ values, fieldErrors, formError }, { status });

  const parsed = SignInSchema.safeParse(form);
  const fieldErrors: SignInActionData["fieldErrors"] = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as "tenant" | "loginId" | "password";
      fieldErrors[field] = translateMessage(locale, { key: "auth.field.tooLong" });
    }
    return answer(400, fieldErrors, translateMessage(locale, { key: "auth.signIn.errorSummary" }));
  }
  const input = parsed.data;
  if (options.askTenant && !input.tenant) fieldErrors.tenant = t(locale, "auth.field.tenantRequired");
  if (!input.loginId) fieldErrors.loginId = t(locale, "auth.field.loginIdRequired");
  if (!input.password) fieldErrors.password = t(locale, "auth.field.passwordRequired");
  if (Object.keys(fieldErrors).length > 0) {
    return answer(400, fieldErrors, t(locale, "auth.signIn.errorSummary"));
  }

  const ip = clientIp(context) ?? "unknown";
  const now = Date.now();
  const wait = signInThrottle.retryAfter(ip, now);
  if (wait > 0) return answer(429, {}, rateLimited(locale, wait));

  const { db } = await getAppDatabase();
  const tenant = await options.findTenant(input.tenant ?? "");
  const result = tenant
    ? await signIn(db, {
        tenant,
        loginId: input.loginId,
        password: input.password,
        ip: clientIp(context),
        userAgent: request.headers.get("User-Agent"),
      })
    : await spendPasswordCheck(input.password).then(() => ({
        ok: false as const,
        reason: "invalid" as const,
      }));

  if (result.ok && tenant) {
    return redirect(safeRedirect(tenant.slug, input.redirectTo), {
      headers: { "Set-Cookie": sessionCookie(tenant.id, result.token, tenant.sessionAbsoluteMinutes * 60) },
    });
  }
  const earned = signInThrottle.fail(ip, now);
  if (earned > 0) return answer(429, {}, rateLimited(locale, earned));
  if (!result.ok && result.reason === "locked") {
    return answer(
      400,
      {},
      translateMessage(locale, {
        key: "auth.signIn.locked",
        params: { until: formatDateTime(result.lockedUntil, locale) },
      }),
    );
  }
  return answer(400, {}, t(locale, "auth.signIn.failed"));
}

function t(locale: Locale, key: Parameters<typeof translateMessage>[1]["key"]): string {
  return translateMessage(locale, { key });
}

function rateLimited(locale: Locale, waitMs: number): string {
  return translateMessage(locale, {
    key: "auth.signIn.rateLimited",
    params: { minutes: Math.max(1, Math.ceil(waitMs / 60_000)) },
  });
}
