import { data } from "react-router";
import { requireUser } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { notFound } from "../../errors.server.ts";
import { issueDocumentTicket } from "../../services/documents/issue-ticket.server.ts";
import type { Route } from "./+types/ticket";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// POST /t/:tenant/documents/:documentId/ticket: a fresh collab ticket for one connection. The
// editor asks before every connection and reconnection (packages/collab/src/client.ts), so a
// changed permission takes effect on the next connection and a removed one ends it. People
// without access, and people of other agencies, get a 404.
export async function action({ request, params }: Route.ActionArgs) {
  if (request.method !== "POST") throw new Response(null, { status: 405, headers: { Allow: "POST" } });
  const { tenant, user } = await requireUser(request, params);
  if (!UUID.test(params.documentId)) throw notFound();
  const { db } = await getAppDatabase();
  const ticket = await issueDocumentTicket(db, { tenantId: tenant.id, userId: user.id }, params.documentId);
  if (!ticket) throw notFound();
  return data(ticket, { headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  throw new Response(null, { status: 405, headers: { Allow: "POST" } });
}
