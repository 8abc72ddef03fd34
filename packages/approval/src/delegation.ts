import { type LineStepInput, MAX_LINE_STEPS } from "./approval-line.ts";

/**
 * One row of the agency's 위임전결 규정: documents of `formId` (every form when null) up to
 * `maxAmount` won (any amount when null) are closed by the holder of `closerPositionId`.
 */
export type DelegationRule = { formId: string | null; maxAmount: number | null; closerPositionId: string };

/** A superior of the drafter, nearest first, as the org chart gives them. */
export type ChainPerson = { personId: string; positionId: string | null };

function pickByAmount(rules: readonly DelegationRule[], amount: number | null): DelegationRule | null {
  let best: DelegationRule | null = null;
  for (const rule of rules) {
    // A document without an amount cannot be said to stay under any ceiling.
    const covers = rule.maxAmount === null || (amount !== null && amount <= rule.maxAmount);
    if (!covers) continue;
    if (best === null) {
      best = rule;
    } else if (rule.maxAmount !== null && (best.maxAmount === null || rule.maxAmount < best.maxAmount)) {
      best = rule;
    }
  }
  return best;
}

/**
 * The 위임전결 rule that applies to a document: a rule of its form beats a general one; among
 * them the tightest ceiling that still covers the amount (unlimited rules last; ties go to the
 * earlier rule, so pass them in the administrator's order).
 */
export function findDelegationRule(
  rules: readonly DelegationRule[],
  document: { formId: string | null; amount: number | null },
): DelegationRule | null {
  const own = document.formId === null ? [] : rules.filter((rule) => rule.formId === document.formId);
  return (
    pickByAmount(own, document.amount) ??
    pickByAmount(
      rules.filter((rule) => rule.formId === null),
      document.amount,
    )
  );
}

/**
 * The line proposed to a drafter: up the chain of superiors to the 전결권자 the rules name (who
 * closes by 전결), or `levels` people deep when no rule applies. Empty when there is no chain.
 */
export function buildAutomaticLine(options: {
  chain: readonly ChainPerson[];
  rules: readonly DelegationRule[];
  formId: string | null;
  amount: number | null;
  levels: number;
}): LineStepInput[] {
  // A person with two posts (겸직) may appear twice in a chain; they sign once, at the first.
  const seen = new Set<string>();
  const chain = options.chain.filter((person) => {
    if (seen.has(person.personId)) return false;
    seen.add(person.personId);
    return true;
  });

  const rule = findDelegationRule(options.rules, { formId: options.formId, amount: options.amount });
  const closer =
    rule === null ? -1 : chain.findIndex((person) => person.positionId === rule.closerPositionId);
  if (closer >= 0 && closer < MAX_LINE_STEPS) {
    // The top of the chain decides in their own right; what they sign is 결재, not 전결.
    return lineOf(chain.slice(0, closer + 1), closer < chain.length - 1);
  }
  const depth = Math.min(Math.max(0, Math.floor(options.levels)), chain.length, MAX_LINE_STEPS);
  return lineOf(chain.slice(0, depth), false);
}

function lineOf(people: readonly ChainPerson[], lastClosesByDelegation: boolean): LineStepInput[] {
  return people.map((person, index) => {
    const last = index === people.length - 1;
    return {
      kind: last ? "approve" : "review",
      group: index + 1,
      assigneeId: person.personId,
      mayCloseByDelegation: last && lastClosesByDelegation,
    };
  });
}
