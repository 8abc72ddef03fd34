import { listReceipts } from "../../services/messaging/messages.server.ts";
import type { Route } from "./+types/receipts";
import { orNotFound, requireMessagingActor } from "./messaging-route.server.ts";

// GET /t/:tenant/messages/:channelId/receipts/:messageId: who has read a message and who has
// not, and who acknowledged it (확인), by name. Only members of the channel may ask.

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireMessagingActor(request, params);
  const receipts = await orNotFound(() => listReceipts(actor, params.messageId));
  return Response.json(receipts, { headers: { "Cache-Control": "private, no-store" } });
}
