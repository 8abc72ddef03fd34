import { layout, type RouteConfig, route } from "@react-router/dev/routes";

/** 기관 가입 신청 (/apply) and the platform operators' console (/platform …). */
export const onboardingRoutes = [
  route("apply", "routes/onboarding/apply.tsx"),
  route("apply/received", "routes/onboarding/apply-received.tsx"),
  route("platform/sign-in", "routes/onboarding/platform-sign-in.tsx"),
  route("platform/sign-out", "routes/onboarding/platform-sign-out.tsx"),
  route("platform", "routes/onboarding/platform-index.ts"),
  layout("routes/onboarding/platform-layout.tsx", [
    route("platform/applications", "routes/onboarding/platform-applications.tsx"),
    route("platform/applications/:id", "routes/onboarding/platform-application.tsx"),
  ]),
] satisfies RouteConfig;
