/** An image the server refused, with the message key that says why. */
export class ImageUploadError extends Error {
  constructor(readonly messageKey: string) {
    super(messageKey);
  }
}

/**
 * Uploads an image into a document and returns the URL the editor stores in the image node
 * (same-site, served only to people who may read the document). Built in the images work.
 */
export async function uploadDocumentImage(
  _tenantSlug: string,
  _documentId: string,
  _file: File,
): Promise<{ src: string }> {
  throw new ImageUploadError("documents.history.image.unavailable");
}
