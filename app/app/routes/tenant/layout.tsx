import { Outlet } from "react-router";
import { requireTenant } from "../../auth/guards.server.ts";
import type { Route } from "./+types/layout";

// Every page of a tenant sits under /t/:tenant. The tenant must exist and be active, or the
// whole subtree answers 404; each child page decides whether it needs a signed-in person.
export async function loader({ params }: Route.LoaderArgs) {
  const tenant = await requireTenant(params);
  return { tenant: { slug: tenant.slug, name: tenant.name, kind: tenant.kind } };
}

export default function TenantLayout() {
  return <Outlet />;
}
