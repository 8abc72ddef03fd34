import { index, layout, prefix, type RouteConfig, route } from "@react-router/dev/routes";

/**
 * 전자결재 under /t/:tenant/approvals: the side menu's frame (layout.tsx) around the 문서함, the
 * settings and the 결재대장; the document pages; the CSV of the 결재대장. Paths are relative to
 * /t/:tenant/approvals. The administrators' pages are in routes/org/org.routes.ts (/admin/approvals).
 * Students never reach any of it: every loader and action here answers them 404.
 */
export const approvalsRoutes = [
  ...prefix("approvals", [
    layout("routes/approvals/layout.tsx", [
      // The same page serves 결재대기 (the index) and every other box.
      index("routes/approvals/inbox.tsx", { id: "approvals-inbox-waiting" }),
      route("box/:box", "routes/approvals/inbox.tsx", { id: "approvals-inbox" }),
      route("absence", "routes/approvals/absence.tsx"),
      route("lines", "routes/approvals/lines.tsx"),
      route("ledger", "routes/approvals/ledger.tsx"),

      // ── The approval document pages (기안하기, a document and its sub-routes) go here, inside
      // the side menu's frame: new, :approvalId, … ──
      route("new", "routes/approvals/new.tsx"),
      route(":approvalId", "routes/approvals/document.tsx"),
    ]),
    route("ledger.csv", "routes/approvals/ledger-csv.ts"),
    // The approval page's resources: collab tickets for its body, the official document, and
    // the files of its 붙임.
    route(":approvalId/ticket", "routes/approvals/ticket.ts"),
    route(":approvalId/official.html", "routes/approvals/official-html.ts"),
    route(":approvalId/official.pdf", "routes/approvals/official-pdf.ts"),
    route(":approvalId/attachments/:attachmentId", "routes/approvals/attachment.ts"),
  ]),
] satisfies RouteConfig;
