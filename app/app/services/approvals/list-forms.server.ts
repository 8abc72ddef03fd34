import { and, approvalForms, asc, eq, isNull, withTenant } from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";
import { ensureBuiltinForms } from "./ensure-builtin-forms.server.ts";

/** A form offered in the "new draft" picker. */
export interface FormChoice {
  id: string;
  key: string;
  name: string;
  description: string;
  builtin: boolean;
}

/** The tenant's forms a person may draft on (not archived), in their sort order, then by name. */
export async function listForms(ctx: Pick<ApprovalsActor, "db" | "tenantId">): Promise<FormChoice[]> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await ensureBuiltinForms(tx, ctx.tenantId);
    return tx
      .select({
        id: approvalForms.id,
        key: approvalForms.key,
        name: approvalForms.name,
        description: approvalForms.description,
        builtin: approvalForms.builtin,
      })
      .from(approvalForms)
      .where(and(eq(approvalForms.tenantId, ctx.tenantId), isNull(approvalForms.archivedAt)))
      .orderBy(asc(approvalForms.sortOrder), asc(approvalForms.name), asc(approvalForms.id));
  });
}
