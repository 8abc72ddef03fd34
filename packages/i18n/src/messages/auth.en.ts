import type { authKo } from "./auth.ko.ts";

export const authEn: Record<keyof typeof authKo, string> = {};
