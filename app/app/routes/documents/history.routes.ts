import type { RouteConfig } from "@react-router/dev/routes";

/** Routes of the documents history work, under /t/:tenant/documents. */
export const historyRoutes = [] satisfies RouteConfig;
