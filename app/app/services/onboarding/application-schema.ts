import type { MessageKey } from "@nuri/i18n";
import { z } from "zod";

// The application form's rules, shared by the form page and the service. Error messages are
// message keys; the route translates them into the applicant's language.

/** The address slug: lower-case letters, digits and hyphens, 2–40, not starting or ending with a hyphen. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;
/** Same as users.login_id (db/migrations/0001_foundation.sql). */
export const LOGIN_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/;
/** 기관코드: the 7-digit 행정표준코드. */
export const AGENCY_CODE_PATTERN = /^[0-9]{7}$/;
/** Korean telephone numbers: 02-123-4567, 031-123-4567, 010-1234-5678, 070-…, 1588-1234. */
export const PHONE_PATTERN =
  /^(?:0(?:2|[3-6][1-5]|70|1[016789])-?[0-9]{3,4}-?[0-9]{4}|1[5-9][0-9]{2}-?[0-9]{4})$/;

const required = "onboarding.error.required" satisfies MessageKey;

const text = (max: number) =>
  z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .max(max, { error: max === 50 ? "onboarding.error.tooLong50" : "onboarding.error.tooLong100" })
    .refine((value) => !value.includes("\0"), { error: "form.invalidCharacters" });

const email = z
  .string({ error: required })
  .trim()
  .min(1, { error: required })
  .max(254, { error: "onboarding.error.email" })
  .toLowerCase()
  .pipe(z.email({ error: "onboarding.error.email" }));

export const ApplicationSchema = z.object({
  name: text(100),
  agencyCode: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(z.string().regex(AGENCY_CODE_PATTERN, { error: "onboarding.error.agencyCode" }).optional()),
  kind: z.enum(["agency", "school"], { error: "onboarding.error.kind" }),
  slug: z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .regex(SLUG_PATTERN, { error: "onboarding.error.slug" })
    // seven digits read as a 기관코드 on the sign-in page, so no address may look like one
    .refine((slug) => !AGENCY_CODE_PATTERN.test(slug), { error: "onboarding.error.slugDigits" }),
  contactName: text(50),
  contactEmail: email,
  contactPhone: z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .regex(PHONE_PATTERN, { error: "onboarding.error.phone" }),
  adminName: text(50),
  adminLoginId: z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .toLowerCase()
    .regex(LOGIN_ID_PATTERN, { error: "onboarding.error.loginId" }),
  adminEmail: email,
});

export type Application = z.infer<typeof ApplicationSchema>;
export type ApplicationField = keyof Application;

export const APPLICATION_FIELDS = Object.keys(ApplicationSchema.shape) as ApplicationField[];

export const RejectionSchema = z.object({
  reason: z
    .string({ error: "onboarding.error.reasonRequired" })
    .trim()
    .min(1, { error: "onboarding.error.reasonRequired" })
    .max(500, { error: "onboarding.error.reasonTooLong" }),
});

/** The first message key per field of a failed parse. */
export function fieldErrorKeys(error: z.ZodError): Partial<Record<string, MessageKey>> {
  const errors: Partial<Record<string, MessageKey>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "");
    errors[field] ??= issue.message as MessageKey;
  }
  return errors;
}
