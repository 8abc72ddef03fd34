import { Outlet, useMatches } from "react-router";
import { getSignedIn, requireTenant } from "../../auth/guards.server.ts";
import { TenantShell } from "../../components/shell/tenant-shell.tsx";
import { getAppDatabase } from "../../db.server.ts";
import { loadShellPerson } from "../../services/auth/load-shell.server.ts";
import authStyles from "../../styles/auth.css?url";
import type { Route } from "./+types/layout";

// Every page of a tenant sits under /t/:tenant. The tenant must exist and be active, or the
// whole subtree answers 404. Each child page decides whether it needs a signed-in person; a
// person signed in at another tenant gets 404 from requireUser (ADR 0006).
// Signed-in pages get the tenant's frame (menu, person menu); pages that declare
// `handle = { shell: "bare" }` (sign-in, set-password) never do.

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const tenant = await requireTenant(params);
  const signedIn = await getSignedIn(request, tenant);
  if (!signedIn) return { tenant: null, person: null };
  // Only a person of this tenant gets its frame. Anyone else gets nothing of the tenant from
  // this loader: a child page that is not theirs answers 404 (requireUser), and without this
  // the tenant's name would still travel in the hydration data beside the 404.
  const { db } = await getAppDatabase();
  const person = await loadShellPerson(db, tenant, signedIn.user);
  return { tenant: { slug: tenant.slug, name: tenant.name, kind: tenant.kind }, person };
}

export default function TenantLayout({ loaderData }: Route.ComponentProps) {
  const matches = useMatches();
  const bare = matches.some((match) => (match.handle as { shell?: string } | undefined)?.shell === "bare");
  if (bare || !loaderData.person || !loaderData.tenant) return <Outlet />;
  return (
    <TenantShell tenant={loaderData.tenant} person={loaderData.person}>
      <Outlet />
    </TenantShell>
  );
}
