// Messages of the onboarding area. Keys start with "onboarding." ; the English file must match.
export const onboardingKo = {} as const;
