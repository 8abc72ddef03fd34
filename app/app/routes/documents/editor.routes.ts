import type { RouteConfig } from "@react-router/dev/routes";

/** Routes of the documents editor work, under /t/:tenant/documents. */
export const editorRoutes = [] satisfies RouteConfig;
