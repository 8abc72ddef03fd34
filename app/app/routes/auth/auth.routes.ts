import { index, type RouteConfig, route } from "@react-router/dev/routes";

/** Public sign-in pages (/sign-in …). */
export const authPublicRoutes = [route("sign-in", "routes/auth/sign-in.tsx")] satisfies RouteConfig;

/** Pages under /t/:tenant: the tenant's home, sign-in and out, the person's own account and sessions. */
export const authTenantRoutes = [
  index("routes/tenant/home.tsx"),
  route("sign-in", "routes/auth/tenant-sign-in.tsx"),
  route("sign-out", "routes/auth/sign-out.ts"),
  route("set-password/:token", "routes/auth/set-password.tsx"),
  route("account/sessions", "routes/auth/sessions.tsx"),
  route("account/password", "routes/auth/password.tsx"),
] satisfies RouteConfig;
