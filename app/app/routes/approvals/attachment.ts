import { notFound } from "../../errors.server.ts";
import { readAttachment } from "../../services/approvals/approval-attachments.server.ts";
import { fileDownloadResponse } from "../../services/documents/export.server.ts";
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
  return fileDownloadResponse(file);
}
