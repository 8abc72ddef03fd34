import type { AuditActor, Db } from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";

/** Who is acting, for which tenant and from where: every org service takes this. */
export interface OrgActor {
  db: Db;
  /** From the guard, never from form data. */
  tenantId: string;
  actor: AuditActor;
  ip: string | null;
}

/** A refusal tied to one form field, so the form can show it beside the input. */
export class FieldError extends AppError {
  constructor(
    readonly field: string,
    code: string,
    messageKey: MessageKey,
  ) {
    super(code, messageKey, 400);
  }
}

/** The object named by an id does not exist in this tenant (or belongs to another one). */
export function orgNotFound(what: string): AppError {
  return new AppError(`org.${what}.not-found`, "org.error.notFound", 404);
}

/** The unique index a PostgreSQL unique violation names, looking through drizzle's wrapper. */
export function uniqueViolation(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; constraint_name?: unknown; cause?: unknown };
    if (candidate.code === "23505") return String(candidate.constraint_name ?? "");
    current = candidate.cause;
  }
  return null;
}

/** Runs `fn`; a unique violation of one of `fields`' indexes becomes that field's error. */
export async function mapUniqueViolations<T>(
  fn: () => Promise<T>,
  fields: Record<string, { field: string; messageKey: MessageKey }>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const index = uniqueViolation(error);
    const hit = index ? fields[index] : undefined;
    if (hit) throw new FieldError(hit.field, `org.unique.${index}`, hit.messageKey);
    throw error;
  }
}
