import { hashPassword } from "@nuri/auth";
import { and, type Db, eq, recordAudit, type Tenant, users, withTenant } from "@nuri/db";
// Not a React hook despite its name: it marks a link used.
import {
  cancelOneTimeLinks,
  useOneTimeLink as consumeOneTimeLink,
  findOneTimeLink,
} from "./one-time-links.server.ts";
import { checkNewPassword, type FieldError } from "./password-rules.server.ts";
import { createSession, revokeUserSessions } from "./sessions.server.ts";

/** The person a set-up or reset link is for, if the link still works in this tenant. */
export async function findPasswordLink(
  db: Db,
  tenant: Tenant,
  token: string,
): Promise<{ displayName: string; loginId: string } | null> {
  return withTenant(db, tenant.id, async (tx) => {
    const link = await findOneTimeLink(tx, tenant.id, token);
    if (!link) return null;
    const [user] = await tx
      .select({ displayName: users.displayName, loginId: users.loginId })
      .from(users)
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, link.userId), eq(users.status, "active")));
    return user ?? null;
  });
}

export type SetPasswordResult =
  | { ok: true; token: string }
  | { ok: false; reason: "invalid-link" }
  | { ok: false; reason: "invalid-input"; errors: Partial<Record<"password" | "confirm", FieldError>> };

/**
 * Sets a person's password through a one-time link, in one transaction: the link is used up,
 * the password set, every earlier session ended, and a session opened for this browser.
 */
export async function setPasswordWithLink(
  db: Db,
  input: {
    tenant: Tenant;
    token: string;
    password: string;
    confirm: string;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<SetPasswordResult> {
  const { tenant } = input;
  const person = await findPasswordLink(db, tenant, input.token);
  if (!person) return { ok: false, reason: "invalid-link" };
  const errors = checkNewPassword(tenant, person.loginId, input.password, input.confirm);
  if (errors.password || errors.confirm) return { ok: false, reason: "invalid-input", errors };
  const passwordHash = await hashPassword(input.password);

  return withTenant(db, tenant.id, async (tx): Promise<SetPasswordResult> => {
    const link = await findOneTimeLink(tx, tenant.id, input.token);
    if (!link || !(await consumeOneTimeLink(tx, tenant.id, link.id)))
      return { ok: false, reason: "invalid-link" };
    const now = new Date();
    const [user] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, failedSignIns: 0, lockedUntil: null, updatedAt: now })
      .where(and(eq(users.tenantId, tenant.id), eq(users.id, link.userId), eq(users.status, "active")))
      .returning();
    if (!user) throw new Error(`one-time link ${link.id} of tenant ${tenant.id} names no active person`);
    await cancelOneTimeLinks(tx, tenant.id, user.id, now);
    const revoked = await revokeUserSessions(tx, tenant.id, user.id);
    await recordAudit(tx, tenant.id, {
      actor: { kind: "user", id: user.id, label: user.displayName },
      action: "auth.password_set",
      target: { type: "user", id: user.id },
      ip: input.ip,
      details: { purpose: link.purpose, sessionsEnded: revoked },
    });
    const token = await createSession(tx, {
      tenantId: tenant.id,
      userId: user.id,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    return { ok: true, token };
  });
}
