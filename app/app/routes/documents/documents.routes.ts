import { prefix, type RouteConfig, route } from "@react-router/dev/routes";
import { editorRoutes } from "./editor.routes.ts";
import { historyRoutes } from "./history.routes.ts";
import { searchRoutes } from "./search.routes.ts";
import { sharingRoutes } from "./sharing.routes.ts";
import { spacesRoutes } from "./spaces.routes.ts";

/**
 * The documents workspace under /t/:tenant/documents. Each part of the work lists its routes in
 * its own file; paths are relative to /t/:tenant/documents.
 */
export const documentsRoutes = [
  ...prefix("documents", [
    route(":documentId/ticket", "routes/documents/ticket.ts"),
    ...spacesRoutes,
    ...searchRoutes,
    ...editorRoutes,
    ...sharingRoutes,
    ...historyRoutes,
  ]),
] satisfies RouteConfig;
