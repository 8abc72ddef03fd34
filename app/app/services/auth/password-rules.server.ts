import { checkPassword, MAX_PASSWORD_LENGTH } from "@nuri/auth";
import type { Tenant } from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";

/** A field error as the page shows it: a message key and its placeholders. */
export interface FieldError {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** The tenant's password rule, for the hint under a new-password field. */
export function passwordPolicyHint(tenant: Tenant): FieldError {
  return {
    key: "auth.password.policy",
    params: {
      minLength: tenant.passwordMinLength,
      minLengthWithThree: Math.max(8, tenant.passwordMinLength - 2),
    },
  };
}

/**
 * The problems of a new password and its confirmation under the tenant's policy, by field
 * (`password`, `confirm`); an empty object when both are fine.
 */
export function checkNewPassword(
  tenant: Tenant,
  loginId: string,
  password: string,
  confirm: string,
): Partial<Record<"password" | "confirm", FieldError>> {
  if (!password) return { password: { key: "auth.field.passwordRequired" } };
  const check = checkPassword(password, { minLength: tenant.passwordMinLength }, loginId);
  if (!check.ok) {
    if (check.problem === "too-long") {
      return { password: { key: "auth.password.tooLong", params: { max: MAX_PASSWORD_LENGTH } } };
    }
    if (check.problem === "contains-login-id") return { password: { key: "auth.password.containsLoginId" } };
    return {
      password: {
        key: "auth.password.tooWeak",
        params: { minLength: check.minLength, minLengthWithThree: check.minLengthWithThree },
      },
    };
  }
  if (password !== confirm) return { confirm: { key: "auth.password.mismatch" } };
  return {};
}
