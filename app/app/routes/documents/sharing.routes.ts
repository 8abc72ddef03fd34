import type { RouteConfig } from "@react-router/dev/routes";

/** Routes of the documents sharing work, under /t/:tenant/documents. */
export const sharingRoutes = [] satisfies RouteConfig;
