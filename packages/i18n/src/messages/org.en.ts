import type { orgKo } from "./org.ko.ts";

export const orgEn: Record<keyof typeof orgKo, string> = {};
