import { prefix, type RouteConfig, route } from "@react-router/dev/routes";

/** The documents workspace under /t/:tenant/documents. */
export const documentsRoutes = [
  ...prefix("documents", [route(":documentId/ticket", "routes/documents/ticket.ts")]),
] satisfies RouteConfig;
