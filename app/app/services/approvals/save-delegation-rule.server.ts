import { MAX_AMOUNT } from "@nuri/approval";
import {
  and,
  approvalDelegationRules,
  approvalForms,
  count,
  eq,
  isNull,
  ne,
  positions,
  recordAudit,
  sql,
  withTenant,
} from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";
import {
  ApprovalsFieldError,
  approvalsNotFound,
  isUuid,
  lockScope,
  requireTenantAdmin,
} from "./approvals-admin-context.server.ts";
import { type DelegationRuleView, readDelegationRules } from "./list-delegation-rules.server.ts";

/** The most 위임전결 rules an agency keeps; real 위임전결 규정 tables run to a few dozen rows. */
export const MAX_DELEGATION_RULES = 100;

export interface SaveDelegationRuleInput {
  /** The rule to change; absent or null adds a new one at the end. */
  ruleId?: string | null;
  /** The form the rule covers; null covers every form. */
  formId: string | null;
  /** The highest amount (원) the rule covers; null covers any amount. */
  maxAmount: number | null;
  /** The 직위 whose holder closes the line (전결). */
  closerPositionId: string;
}

/**
 * Adds or changes one 위임전결 rule (administrators only): documents of a form (or of every
 * form) up to an amount (or of any amount) are closed by the holder of a position.
 */
export async function saveDelegationRule(
  ctx: ApprovalsActor,
  input: SaveDelegationRuleInput,
): Promise<DelegationRuleView> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireTenantAdmin(tx, ctx);
    if (
      input.maxAmount !== null &&
      !(Number.isInteger(input.maxAmount) && input.maxAmount >= 0 && input.maxAmount <= MAX_AMOUNT)
    ) {
      throw new ApprovalsFieldError(
        "maxAmount",
        "approvals.delegation-rule.amount-invalid",
        "approvals.admin.delegation.error.amountInvalid",
        { max: MAX_AMOUNT.toLocaleString("en-US") },
      );
    }
    if (!input.closerPositionId) {
      throw new ApprovalsFieldError(
        "closerPositionId",
        "approvals.delegation-rule.position-required",
        "approvals.admin.delegation.error.positionRequired",
      );
    }
    // Rules of one agency change one at a time, so the duplicate and count checks hold.
    await lockScope(tx, `delegation-rules:${ctx.tenantId}`);

    let before: DelegationRuleView | undefined;
    if (input.ruleId) {
      [before] = isUuid(input.ruleId) ? await readDelegationRules(tx, ctx.tenantId, input.ruleId) : [];
      if (!before) throw approvalsNotFound("delegation-rule", "approvals.admin.delegation.error.notFound");
    }

    if (input.formId !== null) {
      const [form] = isUuid(input.formId)
        ? await tx
            .select({ amountField: approvalForms.amountField })
            .from(approvalForms)
            .where(
              and(
                eq(approvalForms.tenantId, ctx.tenantId),
                eq(approvalForms.id, input.formId),
                isNull(approvalForms.archivedAt),
              ),
            )
        : [];
      if (!form) {
        throw new ApprovalsFieldError(
          "formId",
          "approvals.delegation-rule.form-not-found",
          "approvals.admin.delegation.error.formNotFound",
        );
      }
      if (input.maxAmount !== null && form.amountField === null) {
        throw new ApprovalsFieldError(
          "maxAmount",
          "approvals.delegation-rule.form-has-no-amount",
          "approvals.admin.delegation.error.formHasNoAmount",
        );
      }
    }

    const [position] = isUuid(input.closerPositionId)
      ? await tx
          .select({ id: positions.id })
          .from(positions)
          .where(and(eq(positions.tenantId, ctx.tenantId), eq(positions.id, input.closerPositionId)))
      : [];
    if (!position) {
      throw new ApprovalsFieldError(
        "closerPositionId",
        "approvals.delegation-rule.position-not-found",
        "approvals.admin.delegation.error.positionNotFound",
      );
    }

    // Two rules of one form and ceiling would tie, and which one wins would be an accident.
    const [twin] = await tx
      .select({ id: approvalDelegationRules.id })
      .from(approvalDelegationRules)
      .where(
        and(
          eq(approvalDelegationRules.tenantId, ctx.tenantId),
          sql`${approvalDelegationRules.formId} is not distinct from ${input.formId}`,
          sql`${approvalDelegationRules.maxAmount} is not distinct from ${input.maxAmount}`,
          before ? ne(approvalDelegationRules.id, before.id) : undefined,
        ),
      );
    if (twin) {
      throw new ApprovalsFieldError(
        "maxAmount",
        "approvals.delegation-rule.duplicate",
        "approvals.admin.delegation.error.duplicate",
      );
    }

    const values = {
      formId: input.formId,
      maxAmount: input.maxAmount,
      closerPositionId: input.closerPositionId,
    };
    let ruleId: string;
    if (before) {
      ruleId = before.id;
      await tx
        .update(approvalDelegationRules)
        .set(values)
        .where(
          and(eq(approvalDelegationRules.tenantId, ctx.tenantId), eq(approvalDelegationRules.id, ruleId)),
        );
    } else {
      const [stats] = await tx
        .select({ rules: count(), last: sql<number | null>`max(${approvalDelegationRules.sortOrder})` })
        .from(approvalDelegationRules)
        .where(eq(approvalDelegationRules.tenantId, ctx.tenantId));
      if ((stats?.rules ?? 0) >= MAX_DELEGATION_RULES) {
        throw new ApprovalsFieldError(
          "formId",
          "approvals.delegation-rule.too-many",
          "approvals.admin.delegation.error.tooMany",
          { max: MAX_DELEGATION_RULES },
        );
      }
      const [row] = await tx
        .insert(approvalDelegationRules)
        .values({
          tenantId: ctx.tenantId,
          ...values,
          sortOrder: (stats?.last ?? -1) + 1,
          createdBy: ctx.userId,
        })
        .returning({ id: approvalDelegationRules.id });
      ruleId = row!.id;
    }

    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: before ? "approval.delegation_rule.update" : "approval.delegation_rule.create",
      target: { type: "approval_delegation_rule", id: ruleId },
      ip: ctx.ip,
      details: {
        formId: input.formId,
        maxAmount: input.maxAmount,
        closerPositionId: input.closerPositionId,
        ...(before
          ? {
              fromFormId: before.formId,
              fromMaxAmount: before.maxAmount,
              fromCloserPositionId: before.closerPositionId,
            }
          : {}),
      },
    });
    const [saved] = await readDelegationRules(tx, ctx.tenantId, ruleId);
    return saved!;
  });
}
