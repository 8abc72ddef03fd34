import { notFound } from "../../errors.server.ts";
import { attachmentDisposition } from "../../services/documents/export.server.ts";
import { readMessageAttachment } from "../../services/messaging/messages.server.ts";
import type { Route } from "./+types/attachment";
import { requireMessagingActor } from "./messaging-route.server.ts";

// GET /t/:tenant/messages/:channelId/attachments/:attachmentId: a file sent with a message, as a
// download, for the people who may read the channel (a 404 for everyone else and across
// agencies). Served with the type its name was accepted under, never sniffed, and in a sandbox
// should a browser open it anyway.

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireMessagingActor(request, params);
  const file = await readMessageAttachment(actor, params.channelId, params.attachmentId);
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
