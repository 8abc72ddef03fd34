import type { Route } from "./+types/official-html";
import { officialFileResponse } from "./official-file.server.ts";

// GET /t/:tenant/approvals/:approvalId/official.html: the completed 기안문 as an HTML file.
export function loader(args: Route.LoaderArgs) {
  return officialFileResponse(args, "html");
}
