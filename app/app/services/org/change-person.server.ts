import {
  and,
  departments,
  eq,
  isNull,
  positions,
  ranks,
  recordAudit,
  type TenantTx,
  type User,
  type UserRole,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { createOneTimeLink } from "../auth/one-time-links.server.ts";
import { revokeUserSessions } from "../auth/sessions.server.ts";
import { FieldError, mapUniqueViolations, type OrgActor, orgNotFound } from "./org-context.server.ts";

const UNIQUE = {
  users_login_id_key: { field: "loginId", messageKey: "org.person.error.loginIdTaken" },
  users_email_key: { field: "email", messageKey: "org.person.error.emailTaken" },
  users_employee_number_key: { field: "employeeNumber", messageKey: "org.person.error.employeeNumberTaken" },
} as const;

export interface PersonInput {
  displayName: string;
  loginId: string;
  email: string | null;
  departmentId: string | null;
  positionId: string | null;
  rankId: string | null;
  role: UserRole;
  employeeNumber: string | null;
}

/** A link the administrator passes on once; only its hash is kept. */
export interface IssuedLink {
  userId: string;
  token: string;
  expiresAt: Date;
}

/** The roles a tenant of this kind uses. */
export function rolesFor(kind: "agency" | "school"): UserRole[] {
  return kind === "school" ? ["admin", "teacher", "staff", "student"] : ["admin", "member"];
}

async function requireChoices(tx: TenantTx, tenantId: string, input: PersonInput) {
  if (input.departmentId) {
    const [row] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(
        and(
          eq(departments.tenantId, tenantId),
          eq(departments.id, input.departmentId),
          isNull(departments.closedAt),
        ),
      );
    if (!row)
      throw new FieldError("departmentId", "org.person.unknown-department", "org.person.error.department");
  }
  if (input.positionId) {
    const [row] = await tx
      .select({ id: positions.id })
      .from(positions)
      .where(and(eq(positions.tenantId, tenantId), eq(positions.id, input.positionId)));
    if (!row) throw new FieldError("positionId", "org.person.unknown-position", "org.person.error.position");
  }
  if (input.rankId) {
    const [row] = await tx
      .select({ id: ranks.id })
      .from(ranks)
      .where(and(eq(ranks.tenantId, tenantId), eq(ranks.id, input.rankId)));
    if (!row) throw new FieldError("rankId", "org.person.unknown-rank", "org.person.error.rank");
  }
}

async function lockPerson(tx: TenantTx, tenantId: string, id: string): Promise<User> {
  const [row] = await tx
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .for("update");
  if (!row) throw orgNotFound("person");
  return row;
}

/** Creates a person without a password and issues their one-time set-up link. */
export async function createPerson(
  ctx: OrgActor & { tenantKind: "agency" | "school" },
  input: PersonInput,
): Promise<IssuedLink> {
  if (!rolesFor(ctx.tenantKind).includes(input.role)) {
    throw new FieldError("role", "org.person.role", "org.person.error.role");
  }
  return mapUniqueViolations(
    () =>
      withTenant(ctx.db, ctx.tenantId, async (tx) => {
        await requireChoices(tx, ctx.tenantId, input);
        const [user] = await tx
          .insert(users)
          .values({ tenantId: ctx.tenantId, ...input })
          .returning({ id: users.id });
        const link = await createOneTimeLink(tx, {
          tenantId: ctx.tenantId,
          userId: user!.id,
          purpose: "setup",
        });
        await recordAudit(tx, ctx.tenantId, {
          actor: ctx.actor,
          action: "org.person.create",
          target: { type: "user", id: user!.id },
          ip: ctx.ip,
          details: { loginId: input.loginId, name: input.displayName, role: input.role },
        });
        return { userId: user!.id, ...link };
      }),
    UNIQUE,
  );
}

/** Changes a person's details (including their department); the audit entry lists what changed. */
export async function updatePerson(
  ctx: OrgActor & { tenantKind: "agency" | "school" },
  input: PersonInput & { id: string },
): Promise<void> {
  if (!rolesFor(ctx.tenantKind).includes(input.role)) {
    throw new FieldError("role", "org.person.role", "org.person.error.role");
  }
  await mapUniqueViolations(
    () =>
      withTenant(ctx.db, ctx.tenantId, async (tx) => {
        const before = await lockPerson(tx, ctx.tenantId, input.id);
        if (before.id === ctx.actor.id && input.role !== "admin") {
          // Without this an administrator could lock the tenant out of its own admin pages.
          throw new FieldError("role", "org.person.self-demote", "org.person.error.selfDemote");
        }
        await requireChoices(tx, ctx.tenantId, input);
        const { id, ...fields } = input;
        const changed: Record<string, string | null> = {};
        for (const [key, value] of Object.entries(fields) as [keyof typeof fields, string | null][]) {
          if (before[key] !== value) changed[key] = value;
        }
        if (Object.keys(changed).length === 0) return;
        await tx
          .update(users)
          .set({ ...fields, updatedAt: new Date() })
          .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, id)));
        await recordAudit(tx, ctx.tenantId, {
          actor: ctx.actor,
          action: "departmentId" in changed ? "org.person.move" : "org.person.update",
          target: { type: "user", id },
          ip: ctx.ip,
          details: { loginId: input.loginId, changed: Object.keys(changed).join(","), ...changed },
        });
      }),
    UNIQUE,
  );
}

/** Disables a person (ending every session of theirs at once) or enables them again. */
export async function setPersonStatus(
  ctx: OrgActor,
  input: { id: string; status: "active" | "disabled" },
): Promise<{ sessionsRevoked: number }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const before = await lockPerson(tx, ctx.tenantId, input.id);
    if (before.status === input.status) return { sessionsRevoked: 0 };
    if (input.status === "disabled" && before.id === ctx.actor.id) {
      throw new AppError("org.person.self-disable", "org.person.error.selfDisable", 409);
    }
    await tx
      .update(users)
      .set({ status: input.status, updatedAt: new Date() })
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, input.id)));
    const revoked = input.status === "disabled" ? await revokeUserSessions(tx, ctx.tenantId, input.id) : 0;
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: input.status === "disabled" ? "org.person.disable" : "org.person.enable",
      target: { type: "user", id: input.id },
      ip: ctx.ip,
      details: { loginId: before.loginId, sessionsRevoked: revoked },
    });
    return { sessionsRevoked: revoked };
  });
}

/**
 * Resets a person's password: ends their sessions, lifts a lockout and issues a one-time reset
 * link. The old password keeps working only until that link is used; the sessions end now.
 */
export async function resetPersonPassword(ctx: OrgActor, input: { id: string }): Promise<IssuedLink> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const person = await lockPerson(tx, ctx.tenantId, input.id);
    const revoked = await revokeUserSessions(tx, ctx.tenantId, input.id);
    await tx
      .update(users)
      .set({ failedSignIns: 0, lockedUntil: null, updatedAt: new Date() })
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, input.id)));
    const link = await createOneTimeLink(tx, { tenantId: ctx.tenantId, userId: input.id, purpose: "reset" });
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "org.person.reset_password",
      target: { type: "user", id: input.id },
      ip: ctx.ip,
      details: { loginId: person.loginId, sessionsRevoked: revoked },
    });
    return { userId: input.id, ...link };
  });
}
