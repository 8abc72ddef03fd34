import { AppError } from "../../errors.server.ts";
import { documentImagePath } from "../../services/documents/document-model.ts";
import { imageTooLarge, uploadImage } from "../../services/documents/images.server.ts";
import { MAX_IMAGE_BYTES } from "../../services/documents/images-sniff.server.ts";
import type { Route } from "./+types/images-upload";
import { errorMessage, requireDocumentActor } from "./history-context.server.ts";

// POST /t/:tenant/documents/:documentId/images: one image (multipart field `file`) into the
// document, by its editors and owner. Answers JSON: `{ src }` (the URL the editor stores in the
// image node), or `{ error: { code, message } }` with 400, 403, 404, 413 or 415. The server
// (server.ts) lets this path's bodies be as large as an image and its multipart envelope.

/** The multipart envelope around the file: boundaries, part headers, the file name. */
const ENVELOPE = 64 * 1024;

export async function action({ request, params, context }: Route.ActionArgs) {
  if (request.method !== "POST") throw new Response(null, { status: 405, headers: { Allow: "POST" } });
  const { ctx, locale, tenant, document } = await requireDocumentActor(request, params, context, "editor");
  const refuse = (error: AppError) =>
    Response.json(
      { error: { code: error.code, message: errorMessage(locale, error) } },
      { status: error.status, headers: { "Cache-Control": "no-store" } },
    );
  // Refuse an oversized body before reading it (server.ts has already refused one without a length).
  const length = Number(request.headers.get("Content-Length") ?? Number.NaN);
  if (!Number.isFinite(length) || length > MAX_IMAGE_BYTES + ENVELOPE) return refuse(imageTooLarge());
  let file: FormDataEntryValue | null;
  try {
    file = (await request.formData()).get("file");
  } catch {
    file = null;
  }
  if (!(file instanceof File)) {
    return refuse(new AppError("documents.image.no-file", "documents.image.error.noFile", 400));
  }
  if (file.size > MAX_IMAGE_BYTES) return refuse(imageTooLarge());
  try {
    const image = await uploadImage(ctx, {
      documentId: document.id,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return Response.json(
      { id: image.id, src: documentImagePath(tenant.slug, document.id, image.id) },
      { status: 201, headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    if (error instanceof AppError) return refuse(error);
    throw error;
  }
}

export function loader() {
  throw new Response(null, { status: 405, headers: { Allow: "POST" } });
}
