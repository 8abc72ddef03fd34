import type { MessageKey } from "@nuri/i18n";

/** Why the live connection ended for good (packages/collab/src/client.ts calls onStop once). */
export type StopKind =
  | "accessRevoked"
  | "readOnly"
  | "rateLimited"
  | "documentFull"
  | "documentTooLarge"
  | "personLimit"
  | "tenantLimit"
  | "noSuchDocument"
  | "signedOut"
  | "failed";

/** The app answered the ticket request with a refusal (404: no access, or no such document). */
export class TicketRefusedError extends Error {
  override name = "TicketRefusedError";
  constructor(readonly status: number) {
    super(`ticket refused with ${status}`);
  }
}

/** The ticket request was sent to the sign-in page: the session ended. */
export class SignedOutError extends Error {
  override name = "SignedOutError";
}

// collab-server/src/close-codes.ts
const BY_CODE: Record<number, StopKind> = {
  4404: "noSuchDocument",
  4405: "readOnly",
  4410: "accessRevoked",
  4429: "rateLimited",
  4413: "documentTooLarge",
  4430: "documentFull",
  4431: "personLimit",
  4432: "tenantLimit",
};

/** The kind of a stop reason: a close code of the collab-server, or the ticket request's error. */
export function stopKindOf(reason: { code: number; reason: string } | { error: unknown }): StopKind {
  if ("code" in reason) return BY_CODE[reason.code] ?? "failed";
  if (reason.error instanceof TicketRefusedError) {
    return reason.error.status === 404 || reason.error.status === 403 ? "accessRevoked" : "failed";
  }
  if (reason.error instanceof SignedOutError) return "signedOut";
  return "failed";
}

/** What a person reads about a stop. */
export const STOP_MESSAGES = {
  accessRevoked: "documents.editor.stop.accessRevoked",
  readOnly: "documents.editor.stop.readOnly",
  rateLimited: "documents.editor.stop.rateLimited",
  documentFull: "documents.editor.stop.documentFull",
  documentTooLarge: "documents.editor.stop.documentTooLarge",
  personLimit: "documents.editor.stop.personLimit",
  tenantLimit: "documents.editor.stop.tenantLimit",
  noSuchDocument: "documents.editor.stop.noSuchDocument",
  signedOut: "documents.editor.stop.signedOut",
  failed: "documents.editor.stop.failed",
} as const satisfies Record<StopKind, MessageKey>;
