import { type Locale, type MessageKey, translate } from "@nuri/i18n";
import { data } from "react-router";
import { requireUser, type SignedIn } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { AppError, notFound } from "../../errors.server.ts";
import type { MessagingActor } from "../../services/messaging/messaging-actor.server.ts";

// What every messenger route does first: the signed-in person of the URL's tenant as the actor
// of the messaging services, and AppErrors turned into a status and a message in their language.

export async function requireMessagingActor(
  request: Request,
  params: { tenant?: string },
): Promise<SignedIn & { actor: MessagingActor }> {
  const signedIn = await requireUser(request, params);
  const { db } = await getAppDatabase();
  return {
    ...signedIn,
    actor: { db, tenantId: signedIn.tenant.id, userId: signedIn.user.id, role: signedIn.user.role },
  };
}

export type MessagingResult =
  | { ok: true; intent: string; notice?: string; id?: string }
  | { ok: false; error: string };

export function translateParams(
  locale: Locale,
  key: MessageKey,
  params: Record<string, string | number> = {},
) {
  return (translate as (l: Locale, k: MessageKey, p: Record<string, string | number>) => string)(
    locale,
    key,
    params,
  );
}

/** Runs a write; an AppError becomes its translated message and status, anything else is thrown. */
export async function answer(
  locale: Locale,
  run: () => Promise<MessagingResult>,
): Promise<MessagingResult | ReturnType<typeof data<MessagingResult>>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError) {
      return data<MessagingResult>(
        { ok: false, error: translateParams(locale, error.messageKey, error.params) },
        { status: error.status },
      );
    }
    throw error;
  }
}

/** Loads what a page shows; a channel the person may not see is a plain 404 page. */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw notFound();
    if (error instanceof AppError) throw new Response(error.code, { status: error.status });
    throw error;
  }
}
