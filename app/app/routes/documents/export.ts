import { AppError } from "../../errors.server.ts";
import {
  attachmentDisposition,
  exportDocument,
  isExportFormat,
} from "../../services/documents/export.server.ts";
import type { Route } from "./+types/export";
import { publicOrigin, requireDocumentActor } from "./history-context.server.ts";

// GET /t/:tenant/documents/:documentId/export/:format (pdf, docx, md, html): the document's
// current state as a file to download, for anyone who may read it; audited with its format.
// An unknown format, a document without access and another agency's document are all 404.

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, locale, tenant, document } = await requireDocumentActor(request, params, context);
  if (!isExportFormat(params.format)) throw new Response("Not Found", { status: 404 });
  try {
    const file = await exportDocument(
      { ...ctx, locale, tenant: { slug: tenant.slug, name: tenant.name }, origin: publicOrigin(request) },
      { documentId: document.id, format: params.format },
    );
    return new Response(file.body as Uint8Array<ArrayBuffer>, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.body.length),
        "Content-Disposition": attachmentDisposition(file.filename),
        "Cache-Control": "private, no-store",
        // An exported HTML file opened from here must not run as this site's page (server.ts
        // adds nosniff and its own policy, enforced together with this one).
        "Content-Security-Policy": "sandbox",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw new Response("Not Found", { status: 404 });
    throw error;
  }
}
