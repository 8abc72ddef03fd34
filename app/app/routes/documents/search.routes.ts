import type { RouteConfig } from "@react-router/dev/routes";

/** Routes of the documents search work, under /t/:tenant/documents. */
export const searchRoutes = [] satisfies RouteConfig;
