import type { RouteConfig } from "@react-router/dev/routes";

/** 기관 가입 신청 (/apply) and the platform operators' console (/platform …). */
export const onboardingRoutes = [] satisfies RouteConfig;
