import type { Route } from "./+types/official-pdf";
import { officialFileResponse } from "./official-file.server.ts";

// GET /t/:tenant/approvals/:approvalId/official.pdf: the completed 기안문 as a PDF, with its
// Korean fonts embedded.
export function loader(args: Route.LoaderArgs) {
  return officialFileResponse(args, "pdf");
}
