import { and, eq, type Tenant, tenants, type User, withControlPlane } from "@nuri/db";
import { redirect } from "react-router";
import { getAppDatabase } from "../db.server.ts";
import { notFound } from "../errors.server.ts";
import { inspectSession, type SessionContext, validateSession } from "../services/auth/sessions.server.ts";
import { clearSessionCookie, readSessionCookie, type SessionCookie } from "./cookie.server.ts";

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
  const cookie = readSessionCookie(request);
  if (!cookie || cookie.tenantId !== tenant.id) return null;
  const { db } = await getAppDatabase();
  return validateSession(db, tenant, cookie.token);
}

/**
 * Whether the request comes from a person signed in at another tenant: their session is looked
 * up in their own tenant (where they are a member), never in this one. Used to answer them 404.
 */
async function isSignedInElsewhere(cookie: SessionCookie | null, tenant: Tenant): Promise<boolean> {
  if (!cookie || cookie.tenantId === tenant.id) return false;
  const { db } = await getAppDatabase();
  const [home] = await withControlPlane(db, (tx) =>
    tx
      .select()
      .from(tenants)
      .where(and(eq(tenants.id, cookie.tenantId), eq(tenants.status, "active"))),
  );
  return home ? (await validateSession(db, home, cookie.token)) !== null : false;
}

/**
 * The signed-in person of the URL's tenant. A visitor who is not signed in is sent to this
 * tenant's sign-in page and brought back afterwards; a person signed in at another agency gets
 * a 404, as if the page did not exist (they learn nothing of this tenant).
 */
export async function requireUser(request: Request, params: { tenant?: string }): Promise<SignedIn> {
  const tenant = await requireTenant(params);
  const cookie = readSessionCookie(request);
  const { db } = await getAppDatabase();
  const result = cookie?.tenantId === tenant.id ? await inspectSession(db, tenant, cookie.token) : null;
  if (!result?.ok) {
    if (await isSignedInElsewhere(cookie, tenant)) throw notFound();
    const url = new URL(request.url);
    const back = `${url.pathname}${url.search}`;
    const query = new URLSearchParams({ redirectTo: back });
    // Only a session of THIS tenant that timed out says so; another agency's cookie is left alone.
    const expired = result?.reason === "expired";
    if (expired) query.set("reason", "expired");
    throw redirect(
      `/t/${tenant.slug}/sign-in?${query}`,
      expired ? { headers: { "Set-Cookie": clearSessionCookie() } } : undefined,
    );
  }
  return { tenant, ...result.context };
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
