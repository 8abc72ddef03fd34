import type { RouteConfig } from "@react-router/dev/routes";

/** The tenant administrator's pages under /t/:tenant/admin: org chart, people, import, audit log. */
export const orgAdminRoutes = [] satisfies RouteConfig;
