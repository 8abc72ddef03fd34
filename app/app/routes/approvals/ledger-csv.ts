import { AppError, notFound } from "../../errors.server.ts";
import { exportLedger } from "../../services/approvals/export-ledger.server.ts";
import { attachmentDisposition } from "../../services/documents/export.server.ts";
import type { Route } from "./+types/ledger-csv";
import { messageOf, requireApprovalsContext } from "./approvals-route.server.ts";

// GET /t/:tenant/approvals/ledger.csv?departmentId=&year= — the 결재대장 as a CSV file (UTF-8 with
// a byte order mark, so Excel reads the Korean), for the same readers as the page; the export is
// audited by the service. A department of another agency is 404; one the person may not read is
// 403, in words.

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, locale } = await requireApprovalsContext(request, params, context);
  const query = new URL(request.url).searchParams;
  const year = query.get("year");
  try {
    const file = await exportLedger(ctx, {
      departmentId: query.get("departmentId") || null,
      year: year && /^\d{1,6}$/.test(year) ? Number(year) : year ? Number.NaN : null,
      lang: locale,
    });
    return new Response(file.csv, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": attachmentDisposition(file.filename),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 404) throw notFound();
    return new Response(messageOf(locale, error), {
      status: error.status,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
}
