import { ledgerCsv } from "@nuri/approval";
import { recordAudit, withTenant } from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";
import { type LedgerInput, readLedger } from "./list-ledger.server.ts";

export interface LedgerExport {
  /** e.g. 결재대장-디지털정부정책과-2026.csv */
  filename: string;
  /** text/csv; charset=utf-8, with a byte order mark so that Excel reads the Korean. */
  contentType: string;
  csv: string;
  rows: number;
}

/**
 * The 결재대장 of a department and year as a CSV file (same readers as listLedger). Exporting
 * records is recorded in the audit log (`approval.ledger_export`).
 */
export async function exportLedger(
  ctx: ApprovalsActor,
  input: LedgerInput & { lang?: "ko" | "en" } = {},
): Promise<LedgerExport> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const ledger = await readLedger(tx, ctx, input);
    const csv = ledgerCsv(
      ledger.rows.map((row) => {
        if (row.disclosure === null || row.retention === null) {
          // 상신 requires both; a completed document without them is a broken row, not a blank cell.
          throw new Error(
            `approval ${row.approvalId} of tenant ${ctx.tenantId} is completed without records metadata`,
          );
        }
        return {
          registrationNumber: row.registrationNumber,
          effectiveDate: row.effectiveDate,
          title: row.title,
          drafterName: row.drafterName,
          departmentName: ledger.department.name,
          approverName: row.finalApprover.name,
          formName: row.formName,
          disclosure: { class: row.disclosure, grounds: row.disclosureGrounds },
          retention: row.retention,
        };
      }),
      input.lang ?? "ko",
    );
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.ledger_export",
      target: { type: "department", id: ledger.department.id },
      ip: ctx.ip,
      details: { year: ledger.year, rows: ledger.rows.length },
    });
    return {
      filename: `결재대장-${ledger.department.name}-${ledger.year}.csv`,
      contentType: "text/csv; charset=utf-8",
      csv,
      rows: ledger.rows.length,
    };
  });
}
