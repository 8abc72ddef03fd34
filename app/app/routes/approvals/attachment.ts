import { notFound } from "../../errors.server.ts";
import { readAttachment } from "../../services/approvals/approval-attachments.server.ts";
import { attachmentDisposition } from "../../services/documents/export.server.ts";
import type { Route } from "./+types/attachment";
import { requireApprovalsActor } from "./approval-document.server.ts";

// GET /t/:tenant/approvals/:approvalId/attachments/:attachmentId: one file of the approval's
// 붙임, as a download, for the people who may read the approval (a 404 for everyone else and
// across agencies). Served with the type its name was accepted under, never sniffed, and in a
// sandbox should a browser open it anyway.

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx } = await requireApprovalsActor(request, params, context);
  const file = await readAttachment(ctx, {
    approvalId: params.approvalId,
    attachmentId: params.attachmentId,
  });
  if (!file) throw notFound();
  return new Response(file.data as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.data.length),
      "Content-Disposition": attachmentDisposition(file.filename),
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
      ETag: `"${file.sha256}"`,
    },
  });
}
