import type { DocumentRole } from "@nuri/db";
import { type MessageKey, translate } from "@nuri/i18n";
import { auditActor, clientIp } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import type { AppError } from "../../errors.server.ts";
import { resolveLocale } from "../../locale.server.ts";
import type { DocumentActor } from "../../services/documents/history-access.server.ts";
import { requireDocument } from "../../services/documents/require-document.server.ts";

// The guard of the history, export and image routes: the document guard (404 without access
// or across agencies, 403 below `minimum`), plus what their services need.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function requireDocumentActor(
  request: Request,
  params: { tenant?: string; documentId?: string },
  context: { clientIp?: string | null } | undefined,
  minimum: DocumentRole = "reader",
) {
  const access = await requireDocument(request, params, minimum);
  const { db } = await getAppDatabase();
  const { locale } = resolveLocale(request);
  const ctx: DocumentActor = {
    db,
    tenantId: access.tenant.id,
    userId: access.user.id,
    actor: auditActor(access.user),
    ip: clientIp(context),
  };
  return { ...access, locale, ctx };
}

/** A route's id parameter that is not a uuid names nothing: 404 before any query. */
export function requireUuid(value: string | undefined): string {
  if (!value || !UUID.test(value)) throw new Response("Not Found", { status: 404 });
  return value;
}

/** An AppError's message in the person's language (its params were checked where it was thrown). */
export function errorMessage(locale: ReturnType<typeof resolveLocale>["locale"], error: AppError): string {
  return (translate as (l: typeof locale, k: MessageKey, p: Record<string, string | number>) => string)(
    locale,
    error.messageKey,
    error.params,
  );
}

/** The origin exported files link back to: the configured public one, or the request's. */
export function publicOrigin(request: Request): string {
  return process.env.NURI_PUBLIC_ORIGIN || new URL(request.url).origin;
}
