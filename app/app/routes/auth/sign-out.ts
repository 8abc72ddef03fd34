import { redirect } from "react-router";
import { clearSessionCookie } from "../../auth/cookie.server.ts";
import { clientIp, requireTenant, requireUser } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { signOut } from "../../services/auth/sign-out.server.ts";
import type { Route } from "./+types/sign-out";

// POST only: signing out changes state, so a link or a prefetch must not do it.
export async function action({ request, params, context }: Route.ActionArgs) {
  const { tenant, user, session } = await requireUser(request, params);
  const { db } = await getAppDatabase();
  await signOut(db, { tenant, user, sessionId: session.id, ip: clientIp(context) });
  return redirect(`/t/${tenant.slug}/sign-in?reason=signed-out`, {
    headers: { "Set-Cookie": clearSessionCookie() },
  });
}

export async function loader({ params }: Route.LoaderArgs) {
  const tenant = await requireTenant(params);
  return redirect(`/t/${tenant.slug}/`);
}
