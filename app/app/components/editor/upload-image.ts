import type { MessageKey } from "@nuri/i18n";

/** An image the server refused (or could not be sent), with the message key that says why. */
export class ImageUploadError extends Error {
  constructor(readonly messageKey: MessageKey) {
    super(messageKey);
    this.name = "ImageUploadError";
  }
}

/** The largest image the server takes (its check is the one that counts). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

// The server's refusal codes (routes/documents/images-upload.ts) and the messages they mean.
const CODES: Record<string, MessageKey> = {
  "documents.image.no-file": "documents.image.error.noFile",
  "documents.image.empty": "documents.image.error.empty",
  "documents.image.too-large": "documents.image.error.tooLarge",
  "documents.image.type": "documents.image.error.type",
  "documents.image.damaged": "documents.image.error.damaged",
  "documents.image.dimensions": "documents.image.error.dimensions",
};

// Answers that come before the route can say why (the guard's, or server.ts's body limit).
const STATUSES: Record<number, MessageKey> = {
  403: "documents.image.error.forbidden",
  404: "documents.image.error.notFound",
  411: "documents.image.error.failed",
  413: "documents.image.error.tooLarge",
  415: "documents.image.error.type",
};

/**
 * Uploads an image into a document and returns the URL the editor stores in the image node
 * (same-site, served only to people who may read the document). The server reads the type
 * from the file's bytes; a refusal throws ImageUploadError with the key of its message (none
 * of them has placeholders).
 */
export async function uploadDocumentImage(
  tenantSlug: string,
  documentId: string,
  file: File,
): Promise<{ src: string }> {
  if (file.size === 0) throw new ImageUploadError("documents.image.error.empty");
  // Spares sending 10 MiB for nothing; the server checks again.
  if (file.size > MAX_UPLOAD_BYTES) throw new ImageUploadError("documents.image.error.tooLarge");
  const body = new FormData();
  body.append("file", file, file.name);
  let response: Response;
  try {
    response = await fetch(
      `/t/${encodeURIComponent(tenantSlug)}/documents/${encodeURIComponent(documentId)}/images`,
      { method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" } },
    );
  } catch {
    throw new ImageUploadError("documents.image.error.network");
  }
  const answer = (await response.json().catch(() => null)) as {
    src?: unknown;
    error?: { code?: unknown };
  } | null;
  if (response.ok && typeof answer?.src === "string" && answer.src.startsWith("/"))
    return { src: answer.src };
  const code = typeof answer?.error?.code === "string" ? answer.error.code : "";
  throw new ImageUploadError(CODES[code] ?? STATUSES[response.status] ?? "documents.image.error.failed");
}
