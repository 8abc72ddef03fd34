import { index, type RouteConfig } from "@react-router/dev/routes";

/** Public sign-in pages (/sign-in …). */
export const authPublicRoutes = [] satisfies RouteConfig;

/** Pages under /t/:tenant: the tenant's home, the person's own account and sessions. */
export const authTenantRoutes = [index("routes/tenant/home.tsx")] satisfies RouteConfig;
