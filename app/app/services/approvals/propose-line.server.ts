import {
  buildAutomaticLine,
  type ChainPerson,
  type DelegationRule,
  type LineStepInput,
} from "@nuri/approval";
import {
  and,
  approvalDelegationRules,
  approvalForms,
  asc,
  departments,
  eq,
  positions,
  sql,
  type TenantTx,
  users,
} from "@nuri/db";

/**
 * The drafter's superiors, nearest first: the head of their department, then of each department
 * above it. A department's head is its active member with the most senior 직위 (the lowest
 * positions.sort_order; ties by name). A department without anyone holding a 직위 adds no one;
 * one headed by the drafter adds no one either (its next in rank answers to the drafter), and
 * the chain goes on upward.
 */
export async function superiorsOf(tx: TenantTx, tenantId: string, drafterId: string): Promise<ChainPerson[]> {
  const rows = await tx.execute<{ depth: number; person_id: string; position_id: string }>(sql`
    with recursive chain (id, depth) as (
      select u.department_id, 0 from ${users} u
        where u.tenant_id = ${tenantId} and u.id = ${drafterId} and u.department_id is not null
      union all
      select d.parent_id, chain.depth + 1 from ${departments} d join chain on d.id = chain.id
        where d.tenant_id = ${tenantId} and d.parent_id is not null and chain.depth < 64
    )
    select distinct on (chain.depth) chain.depth, u.id as person_id, u.position_id
    from chain
    join ${users} u on u.tenant_id = ${tenantId} and u.department_id = chain.id and u.status = 'active'
    join ${positions} p on p.tenant_id = ${tenantId} and p.id = u.position_id
    order by chain.depth, p.sort_order, u.display_name, u.id`);
  return rows
    .filter((row) => row.person_id !== drafterId)
    .map((row) => ({ personId: row.person_id, positionId: row.position_id }));
}

/**
 * The line proposed to a drafter for a form and an amount: up their superiors (superiorsOf)
 * as deep as the form's default line asks, or to the 전결권자 the tenant's 위임전결 rules name
 * (buildAutomaticLine decides). Empty when the drafter has no superior or the form is unknown.
 */
export async function proposeLine(
  tx: TenantTx,
  input: { tenantId: string; drafterId: string; formId: string; amount: number | null },
): Promise<LineStepInput[]> {
  const { tenantId } = input;
  const [form] = await tx
    .select({ defaultLine: approvalForms.defaultLine })
    .from(approvalForms)
    .where(and(eq(approvalForms.tenantId, tenantId), eq(approvalForms.id, input.formId)));
  if (!form) return [];
  const chain = await superiorsOf(tx, tenantId, input.drafterId);
  if (chain.length === 0) return [];
  const rules = await loadDelegationRules(tx, tenantId);
  return buildAutomaticLine({
    chain,
    rules,
    formId: input.formId,
    amount: input.amount,
    levels: form.defaultLine?.levels ?? 2,
  });
}

/** The tenant's 위임전결 rules in the administrator's order (findDelegationRule gives ties to the earlier). */
export async function loadDelegationRules(tx: TenantTx, tenantId: string): Promise<DelegationRule[]> {
  return tx
    .select({
      formId: approvalDelegationRules.formId,
      maxAmount: approvalDelegationRules.maxAmount,
      closerPositionId: approvalDelegationRules.closerPositionId,
    })
    .from(approvalDelegationRules)
    .where(eq(approvalDelegationRules.tenantId, tenantId))
    .orderBy(asc(approvalDelegationRules.sortOrder), asc(approvalDelegationRules.createdAt));
}
