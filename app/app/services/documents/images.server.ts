import { createHash } from "node:crypto";
import { and, documentImages, eq, recordAudit, withTenant } from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { roleOnDocument } from "./access.server.ts";
import { type DocumentActor, type DocumentPerson, requireRoleIn } from "./history-access.server.ts";
import { sniffImage } from "./images-sniff.server.ts";

// Images in documents: uploaded by the document's editors and owner, stored in
// document_images (row-level security keeps them to the tenant), and served only to people
// who may read the document.

const KEYS = {
  notFound: "documents.image.error.notFound",
  forbidden: "documents.image.error.forbidden",
} as const;

export interface UploadedImage {
  id: string;
  contentType: string;
  sizeBytes: number;
}

/**
 * Stores an image in a document after reading its type from its bytes (PNG, JPEG, GIF, WebP;
 * bytes after the image's end are cut off) and audits `document.image.upload`. The same image
 * uploaded again into the same document is stored once. Throws an AppError: 404 without access,
 * 403 below editor, 413 over MAX_IMAGE_BYTES, 415 for another type, 400 for a damaged one.
 */
export async function uploadImage(
  ctx: DocumentActor,
  input: { documentId: string; bytes: Uint8Array },
): Promise<UploadedImage> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireRoleIn(tx, ctx, input.documentId, "editor", KEYS);
    const sniffed = sniffImage(input.bytes);
    if (!sniffed.ok) throw imageRefusal(sniffed.reason);
    const data = input.bytes.subarray(0, sniffed.length);
    const sha256 = new Uint8Array(createHash("sha256").update(data).digest());
    const [existing] = await tx
      .select({ id: documentImages.id })
      .from(documentImages)
      .where(
        and(
          eq(documentImages.tenantId, ctx.tenantId),
          eq(documentImages.documentId, input.documentId),
          eq(documentImages.sha256, sha256),
          eq(documentImages.contentType, sniffed.contentType),
        ),
      )
      .limit(1);
    const id =
      existing?.id ??
      (
        await tx
          .insert(documentImages)
          .values({
            tenantId: ctx.tenantId,
            documentId: input.documentId,
            contentType: sniffed.contentType,
            sizeBytes: data.length,
            sha256,
            data,
            createdBy: ctx.userId,
          })
          .returning({ id: documentImages.id })
      )[0]!.id;
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.image.upload",
      target: { type: "document", id: input.documentId },
      ip: ctx.ip,
      details: {
        imageId: id,
        contentType: sniffed.contentType,
        sizeBytes: data.length,
        sha256: Buffer.from(sha256).toString("hex"),
        reused: existing !== undefined,
      },
    });
    return { id, contentType: sniffed.contentType, sizeBytes: data.length };
  });
}

function imageRefusal(reason: "empty" | "too-large" | "type" | "damaged" | "dimensions"): AppError {
  switch (reason) {
    case "empty":
      return new AppError("documents.image.empty", "documents.image.error.empty", 400);
    case "too-large":
      return imageTooLarge();
    case "type":
      return new AppError("documents.image.type", "documents.image.error.type", 415);
    case "damaged":
      return new AppError("documents.image.damaged", "documents.image.error.damaged", 400);
    case "dimensions":
      return new AppError("documents.image.dimensions", "documents.image.error.dimensions", 400);
  }
}

/** The refusal of an image over MAX_IMAGE_BYTES (also used before the body is read). Its message names the limit. */
export function imageTooLarge(): AppError {
  return new AppError("documents.image.too-large", "documents.image.error.tooLarge", 413);
}

export interface StoredImage {
  contentType: string;
  data: Uint8Array;
  sha256: string;
}

/**
 * One image of a document, for a person who may read the document; null when the document or
 * the image does not exist in the tenant, or the person may not read it (the route answers 404).
 */
export async function readImage(
  person: DocumentPerson,
  input: { documentId: string; imageId: string },
): Promise<StoredImage | null> {
  return withTenant(person.db, person.tenantId, async (tx) => {
    const role = await roleOnDocument(tx, person.userId, input.documentId);
    if (!role) return null;
    const [row] = await tx
      .select({
        contentType: documentImages.contentType,
        data: documentImages.data,
        sha256: documentImages.sha256,
      })
      .from(documentImages)
      .where(
        and(
          eq(documentImages.tenantId, person.tenantId),
          eq(documentImages.documentId, input.documentId),
          eq(documentImages.id, input.imageId),
        ),
      );
    if (!row) return null;
    return { contentType: row.contentType, data: row.data, sha256: Buffer.from(row.sha256).toString("hex") };
  });
}
