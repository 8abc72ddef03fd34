import { AppError, notFound } from "../../errors.server.ts";
import { attachmentDisposition } from "../../services/documents/export.server.ts";
import { exportChannel } from "../../services/messaging/export-channel.server.ts";
import type { Route } from "./+types/messaging-export";
import { requireAdminContext } from "./admin-context.server.ts";

// GET /t/:tenant/admin/messaging/channels/:channelId/export.json — one channel for the agency's
// records (services/messaging/export-channel.server.ts), for the administrator only; audited.

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx } = await requireAdminContext(request, params, context);
  try {
    const exported = await exportChannel(ctx, params.channelId);
    const day = exported.exportedAt.slice(0, 10);
    return new Response(JSON.stringify(exported, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": attachmentDisposition(
          `메시지-${String(exported.channel.name) || "대화"}-${day}.json`,
        ),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw notFound();
    throw error;
  }
}
