import type { Locale } from "@nuri/i18n";
import { data } from "react-router";
import { auditActor, clientIp, requireUser } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { AppError, notFound } from "../../errors.server.ts";
import { resolveLocale } from "../../locale.server.ts";
import type { ApprovalsActor } from "../../services/approvals/approval-state.server.ts";
import { ApprovalsFieldError } from "../../services/approvals/approvals-admin-context.server.ts";
import type { ApprovalPersonChoice } from "../../services/approvals/list-approval-people.server.ts";
import { translateKey } from "../org/admin-context.server.ts";

// What every 전자결재 page around the documents needs on the server: the signed-in person as the
// approvals services take them (students get 404: they never see approvals), the administrators'
// variant, and the answer to an action — a notice, or a refusal in the person's language beside
// the field it names.

/**
 * The signed-in person of the URL's tenant, as the approvals services take them. A student (of a
 * school) gets a 404, as does a person of another agency (requireUser).
 */
export async function requireApprovalsContext(
  request: Request,
  params: { tenant?: string },
  context?: { clientIp?: string | null },
) {
  const signedIn = await requireUser(request, params);
  if (signedIn.user.role === "student") throw notFound();
  const { db } = await getAppDatabase();
  const { locale } = resolveLocale(request);
  const ctx: ApprovalsActor = {
    db,
    tenantId: signedIn.tenant.id,
    userId: signedIn.user.id,
    actor: auditActor(signedIn.user),
    ip: clientIp(context),
  };
  return { ...signedIn, db, locale, ctx, isAdmin: signedIn.user.role === "admin" };
}

/** Like requireApprovalsContext, for the tenant administrator's pages; anyone else gets a 404. */
export async function requireApprovalsAdminContext(
  request: Request,
  params: { tenant?: string },
  context?: { clientIp?: string | null },
) {
  const signedIn = await requireApprovalsContext(request, params, context);
  if (!signedIn.isAdmin) throw notFound();
  return signedIn;
}

export type ApprovalsActionResult =
  | { ok: true; intent: string; notice: string }
  | {
      ok: false;
      intent: string;
      formError?: string;
      fieldErrors: Record<string, string>;
      values: Record<string, string>;
    };

/** A form's text field ("" when missing or a file). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** Every text value a form sent under `name`, in order. */
export function fields(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === "string");
}

/** The form's single values as strings, to put back into the form after a refusal. */
function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") values[key] ??= value;
  return values;
}

/** A refusal: the form's values come back with the errors. */
export function refuse(
  intent: string,
  form: FormData,
  errors: { fieldErrors?: Record<string, string>; formError?: string },
  status = 400,
) {
  return data<ApprovalsActionResult>(
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

/** An AppError in the person's language, its params filled in. */
export function messageOf(locale: Locale, error: AppError): string {
  return translateKey(locale, error.messageKey, error.params);
}

/**
 * Runs a service call for an action: a field refusal shows beside its field, any other AppError
 * at the top with its status; anything else propagates (and the server logs it).
 */
export async function runApprovalsAction(
  intent: string,
  form: FormData,
  locale: Locale,
  fn: () => Promise<ApprovalsActionResult | Response>,
) {
  try {
    const result = await fn();
    return result instanceof Response ? result : data<ApprovalsActionResult>(result);
  } catch (error) {
    if (error instanceof ApprovalsFieldError) {
      return refuse(intent, form, { fieldErrors: { [error.field]: messageOf(locale, error) } }, error.status);
    }
    if (error instanceof AppError) {
      return refuse(intent, form, { formError: messageOf(locale, error) }, error.status);
    }
    throw error;
  }
}

/** An unknown intent: the page and the server disagree, most likely an old page. */
export function unknownIntent(intent: string, form: FormData, locale: Locale) {
  return refuse(intent, form, { formError: translateKey(locale, "approvals.ui.error.form") });
}

/** A person offered by a picker, as the pages show them: "서민지 (디지털정부정책과 · 과장)". */
export function personLabel(person: ApprovalPersonChoice): string {
  const where = [person.departmentName, person.positionName].filter(Boolean).join(" · ");
  return where ? `${person.name} (${where})` : person.name;
}
