import { AppError, notFound } from "../../errors.server.ts";
import {
  exportOfficialDocument,
  type OfficialFormat,
} from "../../services/approvals/export-official-document.server.ts";
import { OFFICIAL_HTML_POLICY } from "../../services/approvals/official-document-html.server.ts";
import { attachmentDisposition } from "../../services/documents/export.server.ts";
import { messageOf, requireApprovalsActor } from "./approval-document.server.ts";

/**
 * The official document of a completed approval (official.html to read and print in the
 * browser, or to download with ?download; official.pdf to download):
 * audited as an export, never cached. An approval that is not the person's, or another
 * agency's, is a 404; one not completed yet a 409 in words.
 */
export async function officialFileResponse(
  args: {
    request: Request;
    params: { tenant?: string; approvalId?: string };
    context?: { clientIp?: string | null };
  },
  format: OfficialFormat,
): Promise<Response> {
  const { ctx, tenant, locale } = await requireApprovalsActor(args.request, args.params, args.context);
  try {
    const file = await exportOfficialDocument(ctx, {
      approvalId: args.params.approvalId ?? "",
      format,
      agencyName: tenant.name,
    });
    // The HTML is a page to read and print (?download asks for the file); the PDF a file.
    const inline = format === "html" && !new URL(args.request.url).searchParams.has("download");
    return new Response(file.body as Uint8Array<ArrayBuffer>, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(file.body.length),
        "Content-Disposition": attachmentDisposition(file.filename, inline ? "inline" : "attachment"),
        "Cache-Control": "private, no-store",
        // Opened from here, the HTML must not run as this site's page (it runs no script anyway).
        "Content-Security-Policy": format === "html" ? OFFICIAL_HTML_POLICY : "sandbox",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw notFound();
    if (error instanceof AppError) {
      throw new Response(messageOf(locale, error), {
        status: error.status,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    throw error;
  }
}
