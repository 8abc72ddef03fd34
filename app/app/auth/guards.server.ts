import { and, eq, type Tenant, tenants, type User, withControlPlane } from "@nuri/db";
import { redirect } from "react-router";
import { getAppDatabase } from "../db.server.ts";
import { notFound } from "../errors.server.ts";
import { type SessionContext, validateSession } from "../services/auth/sessions.server.ts";
import { readSessionCookie } from "./cookie.server.ts";

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** The active tenant named by the URL's `:tenant`, or a 404 (unknown, pending, suspended alike). */
export async function requireTenant(params: { tenant?: string }): Promise<Tenant> {
  const slug = params.tenant ?? "";
  if (!SLUG.test(slug)) throw notFound();
  const { db } = await getAppDatabase();
  const [tenant] = await withControlPlane(db, (tx) =>
    tx
      .select()
      .from(tenants)
      .where(and(eq(tenants.slug, slug), eq(tenants.status, "active"))),
  );
  if (!tenant) throw notFound();
  return tenant;
}

export interface SignedIn extends SessionContext {
  tenant: Tenant;
}

/** The signed-in person of this tenant, or null. A session of another tenant does not count. */
export async function getSignedIn(request: Request, tenant: Tenant): Promise<SessionContext | null> {
  const token = readSessionCookie(request);
  if (!token) return null;
  const { db } = await getAppDatabase();
  return validateSession(db, tenant, token);
}

/**
 * The signed-in person of the URL's tenant. Someone not signed in here is sent to this tenant's
 * sign-in page and brought back afterwards; a person of another agency is not signed in here.
 */
export async function requireUser(request: Request, params: { tenant?: string }): Promise<SignedIn> {
  const tenant = await requireTenant(params);
  const signedIn = await getSignedIn(request, tenant);
  if (!signedIn) {
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/t/${tenant.slug}/sign-in?redirectTo=${encodeURIComponent(back)}`);
  }
  return { tenant, ...signedIn };
}

/** Like requireUser, for the tenant administrator's pages; anyone else gets a 404. */
export async function requireTenantAdmin(request: Request, params: { tenant?: string }): Promise<SignedIn> {
  const signedIn = await requireUser(request, params);
  if (signedIn.user.role !== "admin") throw notFound();
  return signedIn;
}

/** How the audit log names a person. */
export function auditActor(user: User) {
  return { kind: "user" as const, id: user.id, label: user.displayName };
}

/** The client's address as the server saw it, from the load context (null under the dev server). */
export function clientIp(context: { clientIp?: string | null } | undefined): string | null {
  return context?.clientIp ?? null;
}
