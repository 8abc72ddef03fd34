import { z } from "zod";

// Form schemas of the admin pages. Their messages are message keys, translated by parseForm.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const idSchema = z.string().regex(UUID, { error: "org.error.notFound" });

/** An optional id from a select: "" is none. */
export const optionalIdSchema = z
  .string()
  .optional()
  .transform((value) => (value ? value : null))
  .pipe(idSchema.nullable());

export const requiredText = (max: number) =>
  z
    .string({ error: "org.field.required" })
    .trim()
    .min(1, { error: "org.field.required" })
    .max(max, { error: "org.field.tooLong" })
    // PostgreSQL refuses NUL in text: a 400 with a message, not a 500
    .refine((value) => !value.includes("\0"), { error: "form.invalidCharacters" });

/** An optional text field: blank is null. */
export const optionalText = (inner: z.ZodString) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim() || null)
    .pipe(inner.refine((value) => !value.includes("\0"), { error: "form.invalidCharacters" }).nullable());

export const directionSchema = z.enum(["up", "down"], { error: "org.field.invalidChoice" });

export const DepartmentFieldsSchema = z.object({
  name: requiredText(100),
  code: optionalText(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, { error: "org.field.invalidCode" })),
});

export const PersonSchema = z.object({
  displayName: requiredText(50),
  loginId: z
    .string({ error: "org.field.required" })
    .trim()
    .toLowerCase()
    .min(1, { error: "org.field.required" })
    .regex(/^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/, { error: "org.field.invalidLoginId" }),
  email: optionalText(
    z
      .string()
      .toLowerCase()
      .max(254, { error: "org.field.tooLong" })
      .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: "org.field.invalidEmail" }),
  ),
  departmentId: optionalIdSchema,
  positionId: optionalIdSchema,
  rankId: optionalIdSchema,
  role: z.enum(["admin", "member", "teacher", "staff", "student"], { error: "org.field.invalidChoice" }),
  employeeNumber: optionalText(z.string().max(32, { error: "org.field.tooLong" })),
});
export type PersonForm = z.infer<typeof PersonSchema>;
