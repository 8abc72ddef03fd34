import { index, type RouteConfig, route } from "@react-router/dev/routes";
import { approvalsRoutes } from "./routes/approvals/approvals.routes.ts";
import { authPublicRoutes, authTenantRoutes } from "./routes/auth/auth.routes.ts";
import { documentsRoutes } from "./routes/documents/documents.routes.ts";
import { messagesRoutes } from "./routes/messages/messages.routes.ts";
import { notificationsRoutes } from "./routes/notifications/notifications.routes.ts";
import { onboardingRoutes } from "./routes/onboarding/onboarding.routes.ts";
import { orgAdminRoutes } from "./routes/org/org.routes.ts";

// Each feature area lists its routes in routes/<area>/<area>.routes.ts; this file only
// assembles them. Tenant pages live under /t/:tenant (ADR 0006).
export default [
  index("routes/home.tsx"),
  route("health", "routes/health.ts"),
  ...authPublicRoutes,
  ...onboardingRoutes,
  route("t/:tenant", "routes/tenant/layout.tsx", [
    ...authTenantRoutes,
    ...orgAdminRoutes,
    ...documentsRoutes,
    ...notificationsRoutes,
    ...messagesRoutes,
    ...approvalsRoutes,
  ]),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
