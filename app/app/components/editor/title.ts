import type { MessageKey } from "@nuri/i18n";
import { hasControlCharacter } from "../../text.ts";

/** The longest title, in characters (code points, as PostgreSQL's char_length counts). */
export const MAX_TITLE_LENGTH = 200;

export type TitleCheck =
  | { ok: true; title: string }
  | { ok: false; reason: "required" | "tooLong" | "invalid"; messageKey: MessageKey };

/**
 * Checks a document title as typed: trimmed, 1 to 200 characters, on one line. Shared by the
 * rename form (the browser's own checks) and the rename service, so both refuse alike.
 */
export function checkDocumentTitle(raw: unknown): TitleCheck {
  const title = typeof raw === "string" ? raw.trim() : "";
  if (title.length === 0)
    return { ok: false, reason: "required", messageKey: "documents.editor.rename.required" };
  if ([...title].length > MAX_TITLE_LENGTH) {
    return { ok: false, reason: "tooLong", messageKey: "documents.editor.rename.tooLong" };
  }
  if (hasControlCharacter(title))
    return { ok: false, reason: "invalid", messageKey: "documents.editor.rename.invalid" };
  return { ok: true, title };
}
