import type { FormField } from "@nuri/approval";
import { and, approvalForms, asc, eq, type TenantTx, withTenant } from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";
import { requireTenantAdmin } from "./approvals-admin-context.server.ts";
import { ensureBuiltinForms } from "./ensure-builtin-forms.server.ts";

/** A form as the administration page shows it, archived ones included. */
export interface FormAdminView {
  id: string;
  /** 'general', 'expense' … for the built-in forms; 'custom-…' for the agency's own. */
  key: string;
  name: string;
  description: string;
  fields: FormField[];
  /** The money field 위임전결 rules compare with. */
  amountField: string | null;
  /** How many superiors the default line walks up (1–5). */
  defaultLevels: number;
  /** Built-in forms keep their fields; only name, description and default line change. */
  builtin: boolean;
  sortOrder: number;
  archivedAt: Date | null;
}

/** Every form of the agency, built-in ones first as they are ordered (administrators only). */
export async function listFormsAdmin(ctx: ApprovalsActor): Promise<FormAdminView[]> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireTenantAdmin(tx, ctx);
    await ensureBuiltinForms(tx, ctx.tenantId);
    return readForms(tx, ctx.tenantId);
  });
}

/** The agency's forms (or the one `formId` names) as the administration page shows them. */
export async function readForms(tx: TenantTx, tenantId: string, formId?: string): Promise<FormAdminView[]> {
  const rows = await tx
    .select()
    .from(approvalForms)
    .where(and(eq(approvalForms.tenantId, tenantId), formId ? eq(approvalForms.id, formId) : undefined))
    .orderBy(asc(approvalForms.sortOrder), asc(approvalForms.name), asc(approvalForms.id));
  return rows.map((row) => ({
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    fields: row.fields,
    amountField: row.amountField,
    defaultLevels: row.defaultLine.levels,
    builtin: row.builtin,
    sortOrder: row.sortOrder,
    archivedAt: row.archivedAt,
  }));
}
