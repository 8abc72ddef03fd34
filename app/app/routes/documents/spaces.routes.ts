import type { RouteConfig } from "@react-router/dev/routes";

/** Routes of the documents spaces work, under /t/:tenant/documents. */
export const spacesRoutes = [] satisfies RouteConfig;
