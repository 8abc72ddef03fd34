import { type RouteConfig, route } from "@react-router/dev/routes";

/** Routes of the documents editor work, under /t/:tenant/documents. */
export const editorRoutes = [route(":documentId", "routes/documents/editor.tsx")] satisfies RouteConfig;
