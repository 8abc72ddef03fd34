import { data } from "react-router";
import { notFound } from "../../errors.server.ts";
import { issueApprovalTicket } from "../../services/approvals/issue-approval-ticket.server.ts";
import type { Route } from "./+types/ticket";
import { requireApprovalsActor } from "./approval-document.server.ts";

// POST /t/:tenant/approvals/:approvalId/ticket: a fresh collab ticket for one connection to the
// approval's body, with what the approval's rules allow the person now (write while drafting
// it or amending it at their step, read otherwise). The editor asks before every connection
// and reconnection, so 상신 or an approval taking the right away ends writing at the next one.
// People with no relation to the approval, and people of other agencies, get a 404.

const ROLE = { edit: "editor", comment: "commenter", read: "reader" } as const;

export async function action({ request, params, context }: Route.ActionArgs) {
  if (request.method !== "POST") throw new Response(null, { status: 405, headers: { Allow: "POST" } });
  const { ctx } = await requireApprovalsActor(request, params, context);
  const ticket = await issueApprovalTicket(ctx.db, ctx, params.approvalId);
  if (!ticket) throw notFound();
  // The editor's session speaks in document roles (components/editor/session.ts).
  return data(
    { ticket: ticket.ticket, url: ticket.url, role: ROLE[ticket.permission], documentId: ticket.documentId },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export function loader() {
  throw new Response(null, { status: 405, headers: { Allow: "POST" } });
}
