import { getAppDatabase } from "../../db.server.ts";
import { AppError, notFound } from "../../errors.server.ts";
import { resolveLocale } from "../../locale.server.ts";
import { openEventStream } from "../../services/messaging/event-stream.server.ts";
import { getMessagingHub } from "../../services/messaging/live-hub.server.ts";
import type { Route } from "./+types/events";
import { requireMessagingActor, translateParams } from "./messaging-route.server.ts";

// GET /t/:tenant/messages/events and /t/:tenant/messages/:channelId/events: the person's live
// stream (Server-Sent Events) of all their channels, or of one. It starts after the id in
// Last-Event-ID (EventSource sends it when it reconnects) or in ?after= (the page's first
// connection, from the id the page was rendered at). A channel the person may not see, or of
// another agency, is a 404 like any page of it.

function afterId(request: Request): number {
  const raw = request.headers.get("Last-Event-ID") ?? new URL(request.url).searchParams.get("after") ?? "0";
  return /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireMessagingActor(request, params);
  const { locale } = resolveLocale(request);
  const database = await getAppDatabase();
  const hub = await getMessagingHub(database);
  try {
    const stream = await openEventStream(actor, hub, {
      after: afterId(request),
      channelId: "channelId" in params ? (params.channelId ?? null) : null,
      signal: request.signal,
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Accel-Buffering": "no",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw notFound();
    if (error instanceof AppError) {
      return new Response(translateParams(locale, error.messageKey, error.params), {
        status: error.status,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    throw error;
  }
}
