import type { MessageKey } from "@nuri/i18n";

/**
 * A failure a person should read about: `code` is stable (logs, tests), `messageKey` is what
 * they see, in their language. `status` is the HTTP status the route answers with.
 */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly status = 400,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

/** A 404 that reveals nothing: used for other tenants' pages and for anything not found. */
export function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}
