import type { onboardingKo } from "./onboarding.ko.ts";

export const onboardingEn: Record<keyof typeof onboardingKo, string> = {};
