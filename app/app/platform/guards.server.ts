import { redirect } from "react-router";
import { getAppDatabase } from "../db.server.ts";
import {
  type OperatorContext,
  validateOperatorSession,
} from "../services/platform/operator-sessions.server.ts";
import { readOperatorCookie } from "./cookie.server.ts";

/** The signed-in platform operator, or null. A tenant person's session never counts. */
export async function getOperator(request: Request): Promise<OperatorContext | null> {
  const token = readOperatorCookie(request);
  if (!token) return null;
  const { db } = await getAppDatabase();
  return validateOperatorSession(db, token);
}

/**
 * The signed-in platform operator; anyone else is sent to /platform/sign-in and brought back
 * afterwards. Each console loader and action calls this itself (a layout's loader does not
 * guard its children's).
 */
export async function requireOperator(request: Request): Promise<OperatorContext> {
  const signedIn = await getOperator(request);
  if (!signedIn) {
    const url = new URL(request.url);
    throw redirect(`/platform/sign-in?redirectTo=${encodeURIComponent(`${url.pathname}${url.search}`)}`);
  }
  return signedIn;
}

/** A redirect target after sign-in: only a console page of this site. */
export function safeOperatorRedirect(target: string | null): string {
  if (!target || !/^\/platform\/[a-z]/.test(target) || target.startsWith("/platform/sign-")) {
    return "/platform/applications";
  }
  return target;
}
