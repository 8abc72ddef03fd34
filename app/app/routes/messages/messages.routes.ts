import { index, layout, prefix, type RouteConfig, route } from "@react-router/dev/routes";

/**
 * The messenger under /t/:tenant/messages: the list of channels beside the open one, and the
 * live streams (Server-Sent Events) and receipts the pages fetch.
 */
export const messagesRoutes = [
  ...prefix("messages", [
    route("events", "routes/messages/events.ts", { id: "messages-events" }),
    route(":channelId/events", "routes/messages/events.ts", { id: "messages-channel-events" }),
    route(":channelId/receipts/:messageId", "routes/messages/receipts.ts"),
    route(":channelId/attachments/:attachmentId", "routes/messages/attachment.ts"),
    layout("routes/messages/layout.tsx", [
      index("routes/messages/index.tsx"),
      route("search", "routes/messages/search.tsx"),
      route(":channelId", "routes/messages/channel.tsx"),
      route(":channelId/threads/:messageId", "routes/messages/thread.tsx"),
    ]),
  ]),
] satisfies RouteConfig;
