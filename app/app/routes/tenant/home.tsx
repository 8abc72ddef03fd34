import { requireUser } from "../../auth/guards.server.ts";
import type { Route } from "./+types/home";

export async function loader({ request, params }: Route.LoaderArgs) {
  const { user } = await requireUser(request, params);
  return { name: user.displayName };
}

export default function TenantHome({ loaderData }: Route.ComponentProps) {
  return <h1>{loaderData.name}</h1>;
}
