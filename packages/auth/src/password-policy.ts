/** The password rules of a tenant. `minLength` is the length needed with two character classes. */
export interface PasswordPolicy {
  minLength: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 10 };

/** Longer passwords are refused before hashing: argon2 over megabytes is a denial of service. */
export const MAX_PASSWORD_LENGTH = 128;

export type PasswordProblem = "too-weak" | "too-long" | "contains-login-id";

export type PasswordCheck =
  | { ok: true }
  | { ok: false; problem: PasswordProblem; minLength: number; minLengthWithThree: number };

/** Counts the classes among: lower-case, upper-case, digits, everything else (symbols, Hangul …). */
export function characterClasses(password: string): number {
  let classes = 0;
  if (/[a-z]/.test(password)) classes++;
  if (/[A-Z]/.test(password)) classes++;
  if (/[0-9]/.test(password)) classes++;
  if (/[^a-zA-Z0-9]/.test(password)) classes++;
  return classes;
}

/**
 * Applies the rule the Korean public sector uses: `minLength` characters (default 10) with two
 * character classes, or two fewer (never under 8) with three. Counts characters, not bytes.
 * A password may not contain the person's login id.
 */
export function checkPassword(password: string, policy: PasswordPolicy, loginId?: string): PasswordCheck {
  const minLength = policy.minLength;
  const minLengthWithThree = Math.max(8, minLength - 2);
  const fail = (problem: PasswordProblem): PasswordCheck => ({
    ok: false,
    problem,
    minLength,
    minLengthWithThree,
  });
  const length = [...password].length;
  if (length > MAX_PASSWORD_LENGTH) return fail("too-long");
  const classes = characterClasses(password);
  const strong = (length >= minLength && classes >= 2) || (length >= minLengthWithThree && classes >= 3);
  if (!strong) return fail("too-weak");
  if (loginId && loginId.length >= 3 && password.toLowerCase().includes(loginId.toLowerCase())) {
    return fail("contains-login-id");
  }
  return { ok: true };
}
