import { readImage } from "../../services/documents/images.server.ts";
import type { Route } from "./+types/images-serve";
import { requireDocumentActor, requireUuid } from "./history-context.server.ts";

// GET /t/:tenant/documents/:documentId/images/:imageId: an image of the document, only for
// people who may read it (404 for anyone else, and across agencies), with the stored type and
// headers that keep a browser from reading it as anything but that image. (server.ts adds
// X-Content-Type-Options: nosniff to every response, and its own Content-Security-Policy,
// which browsers enforce together with this one.)

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, document } = await requireDocumentActor(request, params, context);
  const imageId = requireUuid(params.imageId);
  const image = await readImage(ctx, { documentId: document.id, imageId });
  if (!image) throw new Response("Not Found", { status: 404 });
  const etag = `"${image.sha256}"`;
  const headers = {
    "Content-Type": image.contentType,
    // private: access is per person; short, so a removed share soon stops working from cache
    "Cache-Control": "private, max-age=600",
    "Content-Security-Policy": "sandbox",
    "Content-Disposition": "inline",
    "Cross-Origin-Resource-Policy": "same-origin",
    ETag: etag,
  };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(image.data as Uint8Array<ArrayBuffer>, {
    headers: { ...headers, "Content-Length": String(image.data.length) },
  });
}
