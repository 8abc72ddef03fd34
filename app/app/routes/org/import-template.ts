import { IMPORT_HEADERS } from "@nuri/org";
import type { Route } from "./+types/import-template";
import { requireAdminContext } from "./admin-context.server.ts";

// UTF-8 with a byte order mark, so that Korean Excel opens it without garbling the headers.
const TEMPLATE = `\uFEFF${Object.values(IMPORT_HEADERS)
  .map((names) => names[0])
  .join(",")}\r\n`;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  await requireAdminContext(request, params, context);
  return new Response(TEMPLATE, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="people-template.csv"; filename*=UTF-8''${encodeURIComponent("사용자_일괄등록_양식.csv")}`,
      "Cache-Control": "no-store",
    },
  });
}
