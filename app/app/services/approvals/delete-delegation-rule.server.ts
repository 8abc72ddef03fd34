import { and, approvalDelegationRules, eq, recordAudit, withTenant } from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";
import { approvalsNotFound, isUuid, requireTenantAdmin } from "./approvals-admin-context.server.ts";

/**
 * Removes one 위임전결 rule (administrators only). Lines already proposed keep the 전결 they
 * were given; new lines no longer follow the rule.
 */
export async function deleteDelegationRule(ctx: ApprovalsActor, input: { ruleId: string }): Promise<void> {
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireTenantAdmin(tx, ctx);
    const [deleted] = isUuid(input.ruleId)
      ? await tx
          .delete(approvalDelegationRules)
          .where(
            and(
              eq(approvalDelegationRules.tenantId, ctx.tenantId),
              eq(approvalDelegationRules.id, input.ruleId),
            ),
          )
          .returning()
      : [];
    if (!deleted) throw approvalsNotFound("delegation-rule", "approvals.admin.delegation.error.notFound");
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.delegation_rule.delete",
      target: { type: "approval_delegation_rule", id: deleted.id },
      ip: ctx.ip,
      details: {
        formId: deleted.formId,
        maxAmount: deleted.maxAmount,
        closerPositionId: deleted.closerPositionId,
      },
    });
  });
}
