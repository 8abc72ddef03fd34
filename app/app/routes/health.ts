import { checkServiceHealth } from "../services/status/check-service-health.server.ts";

// GET /health: for load balancers, launch scripts and people. A resource route (no component),
// so it answers JSON and never renders the page shell.
export async function loader() {
  const health = await checkServiceHealth();
  const headers = { "Cache-Control": "no-store" };
  if (health.database === "unreachable") {
    return Response.json({ status: "error", database: "unreachable" }, { status: 503, headers });
  }
  return Response.json(
    { status: "ok", database: "ok", tenants: health.tenants, time: new Date().toISOString() },
    { headers },
  );
}
