import {
  and,
  approvalDelegationRules,
  approvalForms,
  asc,
  eq,
  positions,
  type TenantTx,
  withTenant,
} from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";
import { requireTenantAdmin } from "./approvals-admin-context.server.ts";

/** One row of the agency's 위임전결 규정, as the administration page shows it. */
export interface DelegationRuleView {
  id: string;
  /** Null: the rule covers every form. */
  formId: string | null;
  formName: string | null;
  formArchived: boolean;
  /** Null: any amount. */
  maxAmount: number | null;
  closerPositionId: string;
  closerPositionName: string;
  sortOrder: number;
}

/** The agency's 위임전결 rules in their order (administrators only). */
export async function listDelegationRules(ctx: ApprovalsActor): Promise<DelegationRuleView[]> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireTenantAdmin(tx, ctx);
    return readDelegationRules(tx, ctx.tenantId);
  });
}

/** The rules with their form and position names; `ruleId` narrows to one. */
export async function readDelegationRules(
  tx: TenantTx,
  tenantId: string,
  ruleId?: string,
): Promise<DelegationRuleView[]> {
  const rows = await tx
    .select({
      id: approvalDelegationRules.id,
      formId: approvalDelegationRules.formId,
      formName: approvalForms.name,
      formArchivedAt: approvalForms.archivedAt,
      maxAmount: approvalDelegationRules.maxAmount,
      closerPositionId: approvalDelegationRules.closerPositionId,
      closerPositionName: positions.name,
      sortOrder: approvalDelegationRules.sortOrder,
    })
    .from(approvalDelegationRules)
    .innerJoin(
      positions,
      and(
        eq(positions.tenantId, approvalDelegationRules.tenantId),
        eq(positions.id, approvalDelegationRules.closerPositionId),
      ),
    )
    .leftJoin(
      approvalForms,
      and(
        eq(approvalForms.tenantId, approvalDelegationRules.tenantId),
        eq(approvalForms.id, approvalDelegationRules.formId),
      ),
    )
    .where(
      and(
        eq(approvalDelegationRules.tenantId, tenantId),
        ruleId ? eq(approvalDelegationRules.id, ruleId) : undefined,
      ),
    )
    .orderBy(asc(approvalDelegationRules.sortOrder), asc(approvalDelegationRules.createdAt));
  return rows.map(({ formArchivedAt, ...row }) => ({ ...row, formArchived: formArchivedAt !== null }));
}
