import { notFound } from "../../errors.server.ts";
import { fileDownloadResponse } from "../../services/documents/export.server.ts";
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
  return fileDownloadResponse(file);
}
