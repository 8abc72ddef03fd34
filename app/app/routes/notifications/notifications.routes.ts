import { index, prefix, type RouteConfig } from "@react-router/dev/routes";

/** The person's notifications under /t/:tenant/notifications (mentions, shares; later approvals, messages). */
export const notificationsRoutes = [
  ...prefix("notifications", [index("routes/notifications/notifications.tsx")]),
] satisfies RouteConfig;
