import { AppError } from "../../errors.server.ts";

/** The document does not exist in this tenant, or the person may not see it: alike, a 404. */
export function documentNotFound(): AppError {
  return new AppError("document.not-found", "documents.editor.notFound", 404);
}
