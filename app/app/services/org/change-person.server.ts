import {
  and,
  departments,
  eq,
  isNull,
  positions,
  ranks,
  recordAudit,
  syncDepartmentChannels,
  type TenantTx,
  type User,
  type UserRole,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { cancelOneTimeLinks, createOneTimeLink } from "../auth/one-time-links.server.ts";
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
    // Shared lock: a department being closed right now is waited for (and then refused), so a
    // person never ends up in a closed department.
    const [row] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(
        and(
          eq(departments.tenantId, tenantId),
          eq(departments.id, input.departmentId),
          isNull(departments.closedAt),
        ),
      )
      .for("share");
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

/**
 * Locks the tenant's active administrators (in id order, so that two such changes wait for
 * each other instead of deadlocking). Call it BEFORE lockPerson, for the same reason.
 */
async function lockActiveAdmins(tx: TenantTx, tenantId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.role, "admin"), eq(users.status, "active")))
    .orderBy(users.id)
    .for("update");
  return rows.map((row) => row.id);
}

/** Refuses a change that takes `person` out of the active administrators if nobody would be left. */
function keepAnAdmin(person: User, admins: string[]) {
  if (person.role !== "admin" || person.status !== "active") return;
  if (admins.some((id) => id !== person.id)) return;
  throw new AppError("org.person.last-admin", "org.person.error.lastAdmin", 409);
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
        // 메시지: the department channels follow the org chart.
        await syncDepartmentChannels(tx);
        return { userId: user!.id, ...link };
      }),
    UNIQUE,
  );
}

/**
 * Changes a person's details (including their department); the audit entry lists what changed.
 * Taking the tenant's last active administrator out of the admin role is refused.
 */
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
        const admins = input.role !== "admin" ? await lockActiveAdmins(tx, ctx.tenantId) : null;
        const before = await lockPerson(tx, ctx.tenantId, input.id);
        if (before.id === ctx.actor.id && input.role !== "admin") {
          // Without this an administrator could lock the tenant out of its own admin pages.
          throw new FieldError("role", "org.person.self-demote", "org.person.error.selfDemote");
        }
        if (admins) keepAnAdmin(before, admins);
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
        // 메시지: the department channels follow the org chart.
        await syncDepartmentChannels(tx);
      }),
    UNIQUE,
  );
}

/**
 * Disables a person (ending every session and unused set-up/reset link of theirs at once) or
 * enables them again. The tenant's last active administrator cannot be disabled.
 */
export async function setPersonStatus(
  ctx: OrgActor,
  input: { id: string; status: "active" | "disabled" },
): Promise<{ sessionsRevoked: number }> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const admins = input.status === "disabled" ? await lockActiveAdmins(tx, ctx.tenantId) : null;
    const before = await lockPerson(tx, ctx.tenantId, input.id);
    if (before.status === input.status) return { sessionsRevoked: 0 };
    if (input.status === "disabled" && before.id === ctx.actor.id) {
      throw new AppError("org.person.self-disable", "org.person.error.selfDisable", 409);
    }
    if (admins) keepAnAdmin(before, admins);
    await tx
      .update(users)
      .set({ status: input.status, updatedAt: new Date() })
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, input.id)));
    const disabling = input.status === "disabled";
    const revoked = disabling ? await revokeUserSessions(tx, ctx.tenantId, input.id) : 0;
    // An unused set-up or reset link must not outlive the person's access.
    const linksCancelled = disabling ? await cancelOneTimeLinks(tx, ctx.tenantId, input.id) : 0;
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: disabling ? "org.person.disable" : "org.person.enable",
      target: { type: "user", id: input.id },
      ip: ctx.ip,
      details: { loginId: before.loginId, sessionsRevoked: revoked, linksCancelled },
    });
    // 메시지: the department channels follow the org chart.
    await syncDepartmentChannels(tx);
    return { sessionsRevoked: revoked };
  });
}

/**
 * Resets a person's password: removes it (the old password stops working at once: it may be
 * the reason for the reset), ends their sessions, lifts a lockout and issues a one-time reset
 * link through which the person chooses a new one.
 */
export async function resetPersonPassword(ctx: OrgActor, input: { id: string }): Promise<IssuedLink> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const person = await lockPerson(tx, ctx.tenantId, input.id);
    const revoked = await revokeUserSessions(tx, ctx.tenantId, input.id);
    await tx
      .update(users)
      .set({ passwordHash: null, failedSignIns: 0, lockedUntil: null, updatedAt: new Date() })
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
