import { type MessageKey, translate } from "@nuri/i18n";
import { data } from "react-router";
import type { z } from "zod";
import { auditActor, clientIp, requireTenantAdmin } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { AppError } from "../../errors.server.ts";
import { resolveLocale } from "../../locale.server.ts";
import { FieldError, type OrgActor } from "../../services/org/org-context.server.ts";

/** The guard of every admin page: a tenant administrator, with what the org services need. */
export async function requireAdminContext(
  request: Request,
  params: { tenant?: string },
  context?: { clientIp?: string | null },
) {
  const signedIn = await requireTenantAdmin(request, params);
  const { db } = await getAppDatabase();
  const { locale } = resolveLocale(request);
  const ctx: OrgActor & { tenantKind: "agency" | "school" } = {
    db,
    tenantId: signedIn.tenant.id,
    tenantKind: signedIn.tenant.kind,
    actor: auditActor(signedIn.user),
    ip: clientIp(context),
  };
  return { ...signedIn, db, locale, ctx };
}

export type ActionResult =
  | { ok: true; intent: string; notice: string; link?: { url: string; expiresAt: string } }
  | {
      ok: false;
      intent: string;
      formError?: string;
      fieldErrors: Record<string, string>;
      values: Record<string, string>;
    };

type Locale = ReturnType<typeof resolveLocale>["locale"];

/** A message with run-time params (an AppError's); placeholders were checked where it was thrown. */
export function translateKey(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}) {
  return (translate as (l: Locale, k: MessageKey, p: Record<string, string | number>) => string)(
    locale,
    key,
    params,
  );
}

/** The form's values as strings, to put back into the form after a refusal. */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") values[key] = value;
  return values;
}

/** Parses a form with a zod schema whose messages are message keys; refusals are translated. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData,
  locale: Locale,
): { ok: true; data: z.infer<S> } | { ok: false; fieldErrors: Record<string, string> } {
  const parsed = schema.safeParse(formValues(form));
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    const key = issue.message.startsWith("org.") ? (issue.message as MessageKey) : "org.field.invalidChoice";
    fieldErrors[field] ??= translateKey(locale, key);
  }
  return { ok: false, fieldErrors };
}

/** The refusal answer of an action: the form's values come back with the errors. */
export function refuse(
  intent: string,
  form: FormData,
  errors: { fieldErrors?: Record<string, string>; formError?: string },
  status = 400,
) {
  return data<ActionResult>(
    {
      ok: false,
      intent,
      fieldErrors: errors.fieldErrors ?? {},
      formError: errors.formError,
      values: formValues(form),
    },
    { status },
  );
}

/** Runs a service call; an AppError becomes a translated refusal, anything else propagates. */
export async function runAction(
  intent: string,
  form: FormData,
  locale: Locale,
  fn: () => Promise<ActionResult>,
) {
  try {
    return data<ActionResult>(await fn());
  } catch (error) {
    if (error instanceof FieldError) {
      return refuse(intent, form, { fieldErrors: { [error.field]: translateKey(locale, error.messageKey) } });
    }
    if (error instanceof AppError) {
      return refuse(
        intent,
        form,
        { formError: translateKey(locale, error.messageKey, error.params) },
        error.status,
      );
    }
    throw error;
  }
}

/** The absolute address of a one-time link page, to be copied and passed on. */
export function oneTimeLinkUrl(request: Request, slug: string, token: string): string {
  return `${new URL(request.url).origin}/t/${slug}/set-password/${encodeURIComponent(token)}`;
}

/**
 * The handler of one intent of a page's action: parses the form with `schema`, runs `fn` with
 * the parsed input, and answers refusals (invalid fields, AppErrors) in the person's language.
 */
export function intentHandler(intent: string, form: FormData, locale: Locale) {
  return <S extends z.ZodType>(schema: S, fn: (input: z.infer<S>) => Promise<ActionResult>) => {
    const parsed = parseForm(schema, form, locale);
    if (!parsed.ok) return refuse(intent, form, { fieldErrors: parsed.fieldErrors });
    return runAction(intent, form, locale, () => fn(parsed.data));
  };
}
