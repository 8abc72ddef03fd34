import type { Locale } from "@nuri/i18n";
import { data } from "react-router";
import { auditActor, clientIp, requireUser } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { AppError, notFound } from "../../errors.server.ts";
import { resolveLocale } from "../../locale.server.ts";
import { createFolder, type Space } from "../../services/documents/folders.server.ts";
import type { DocumentPage } from "../../services/documents/spaces.server.ts";
import { setStar } from "../../services/documents/spaces.server.ts";
import {
  type DocumentsActor,
  DocumentsFieldError,
  isUuid,
} from "../../services/documents/spaces-context.server.ts";
import { describeListDate } from "../../services/documents/spaces-dates.server.ts";
import { translateKey } from "../org/admin-context.server.ts";

// What every page of the spaces work needs on the server: the signed-in person as an actor,
// the answer to an action (a notice, or a refusal in the person's language), and the rows of a
// list as the page shows them.

/** The signed-in person of the URL's tenant, as the documents services take them. */
export async function requireSpacesContext(
  request: Request,
  params: { tenant?: string },
  context?: { clientIp?: string | null },
) {
  const signedIn = await requireUser(request, params);
  const { db } = await getAppDatabase();
  const { locale } = resolveLocale(request);
  const ctx: DocumentsActor = {
    db,
    tenantId: signedIn.tenant.id,
    userId: signedIn.user.id,
    actor: auditActor(signedIn.user),
    ip: clientIp(context),
  };
  return { ...signedIn, db, locale, ctx, isAdmin: signedIn.user.role === "admin" };
}

export type SpacesActionResult =
  | { ok: true; intent: string; notice: string; target?: string }
  | {
      ok: false;
      intent: string;
      target?: string;
      formError?: string;
      fieldErrors: Record<string, string>;
      values: Record<string, string>;
      /** The ticked 공개 grounds, which `values` (one value a name) cannot hold. */
      grounds: string[];
    };

// A message with run-time params, as the admin pages translate it.
export { translateKey };

/** The form's single values as strings, to put back into the form after a refusal. */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") values[key] ??= value;
  return values;
}

/** A form's text field ("" when missing or a file). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** A refusal: the form's values come back with the errors. */
export function refuse(
  intent: string,
  form: FormData,
  errors: { fieldErrors?: Record<string, string>; formError?: string },
  status = 400,
) {
  return data<SpacesActionResult>(
    {
      ok: false,
      intent,
      target: field(form, "target") || undefined,
      fieldErrors: errors.fieldErrors ?? {},
      formError: errors.formError,
      values: formValues(form),
      grounds: form.getAll("disclosureGrounds").filter((value): value is string => typeof value === "string"),
    },
    { status },
  );
}

/**
 * Runs a service call; an AppError becomes a translated refusal with its status (a 404 for
 * what is not the person's), anything else propagates (and is logged by the server).
 */
export async function runAction(
  intent: string,
  form: FormData,
  locale: Locale,
  fn: () => Promise<SpacesActionResult | Response | Refusal>,
) {
  try {
    const result = await fn();
    if (result instanceof Response || !("ok" in result)) return result;
    return data<SpacesActionResult>(result);
  } catch (error) {
    if (error instanceof DocumentsFieldError) {
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

type Refusal = ReturnType<typeof refuse>;

/** A page number from `?page=` (1 when absent or nonsense; the service clamps the top). */
export function pageParam(request: Request): number {
  const value = Number.parseInt(new URL(request.url).searchParams.get("page") ?? "1", 10);
  return Number.isFinite(value) && value >= 1 ? Math.min(value, 1_000_000) : 1;
}

/** A list page as the browser gets it: dates already in the person's language. */
export function presentPage(page: DocumentPage, locale: Locale, now = new Date()) {
  return {
    ...page,
    rows: page.rows.map((row) => ({
      id: row.id,
      title: row.title,
      ownerName: row.ownerName,
      role: row.role,
      starred: row.starred,
      updated: describeListDate(row.updatedAt, now, locale),
      deleted: row.deletedAt ? describeListDate(row.deletedAt, now, locale) : null,
      visited: row.visitedAt ? describeListDate(row.visitedAt, now, locale) : null,
    })),
  };
}
export type PresentedRow = ReturnType<typeof presentPage>["rows"][number];

/**
 * The actions every list page shares: starring, and in a space (`space`, at folder `folderId`)
 * creating a folder. Unknown intents are refused.
 */
export async function handleListAction(
  request: Request,
  params: { tenant?: string },
  context: { clientIp?: string | null } | undefined,
  where: {
    space?: Space | ((ctx: DocumentsActor) => Space | Promise<Space>);
    folderId?: string | null;
    /** The page's own intents; null when the intent is not one of them. */
    more?: (
      ctx: DocumentsActor,
      locale: Locale,
      form: FormData,
    ) => Promise<SpacesActionResult | Response | null>;
  } = {},
) {
  const { ctx, locale } = await requireSpacesContext(request, params, context);
  const form = await request.formData();
  const intent = field(form, "intent");
  return runAction(intent, form, locale, async () => {
    const own = where.more ? await where.more(ctx, locale, form) : null;
    if (own) return own;
    switch (intent) {
      case "star":
      case "unstar": {
        const documentId = field(form, "documentId");
        if (!isUuid(documentId)) throw notFoundError();
        await setStar(ctx.db, ctx, { documentId, starred: intent === "star" });
        return {
          ok: true,
          intent,
          target: documentId,
          notice: translateKey(
            locale,
            intent === "star" ? "documents.spaces.starred" : "documents.spaces.unstarred",
          ),
        };
      }
      case "createFolder": {
        if (!where.space) break;
        const space = typeof where.space === "function" ? await where.space(ctx) : where.space;
        const folder = await createFolder(ctx, {
          space,
          parentId: where.folderId ?? null,
          name: field(form, "name"),
        });
        return {
          ok: true,
          intent,
          notice: translateKey(locale, "documents.spaces.folder.created", { name: folder.name }),
        };
      }
    }
    return refuse(intent, form, { formError: translateKey(locale, "documents.spaces.error.form") });
  });
}

export function notFoundError(): AppError {
  return new AppError("documents.not-found", "documents.spaces.error.notFound", 404);
}

/** A loader's service call: what is not the person's (an AppError 404) answers a plain 404. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw notFound();
    throw error;
  }
}

/**
 * The records fields of a form. Grounds are dropped for 공개, so that choosing 공개 after
 * 비공개 needs no unticking (the services themselves refuse grounds with 공개).
 */
export function readRecords(form: FormData) {
  const disclosure = field(form, "disclosure");
  return {
    disclosure,
    disclosureGrounds: disclosure === "public" ? [] : form.getAll("disclosureGrounds"),
    retention: field(form, "retention"),
  };
}
