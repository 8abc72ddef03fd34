import { describe, expect, it } from "vitest";
import type { LineStepInput } from "./approval-line.ts";
import {
  buildAutomaticLine,
  type ChainPerson,
  type DelegationRule,
  findDelegationRule,
} from "./delegation.ts";

const EXPENSE = "form-expense";
const LEAVE = "form-leave";
// Positions: 팀장, 과장, 국장, 실장 (the top of this agency's chain here).
const [TEAM, CHIEF, DIRECTOR, HEAD] = ["pos-team", "pos-chief", "pos-director", "pos-head"];

// 지출: up to 1,000,000원 전결 by 과장, above by 국장; 휴가 by 과장 whatever; the rest by 실장.
const rules: DelegationRule[] = [
  { formId: EXPENSE, maxAmount: 1_000_000, closerPositionId: CHIEF },
  { formId: EXPENSE, maxAmount: null, closerPositionId: DIRECTOR },
  { formId: LEAVE, maxAmount: null, closerPositionId: CHIEF },
  { formId: null, maxAmount: 50_000_000, closerPositionId: DIRECTOR },
  { formId: null, maxAmount: null, closerPositionId: HEAD },
];

const chain: ChainPerson[] = [
  { personId: "chief", positionId: CHIEF },
  { personId: "director", positionId: DIRECTOR },
  { personId: "head", positionId: HEAD },
];

const review = (assigneeId: string, group: number): LineStepInput => ({
  kind: "review",
  group,
  assigneeId,
  mayCloseByDelegation: false,
});
const approve = (assigneeId: string, group: number, mayCloseByDelegation: boolean): LineStepInput => ({
  kind: "approve",
  group,
  assigneeId,
  mayCloseByDelegation,
});

describe("finding the 위임전결 rule", () => {
  it.each<[string, string | null, number | null, DelegationRule | null]>([
    ["지출 of 500,000원: 과장", EXPENSE, 500_000, rules[0]!],
    ["지출 of exactly 1,000,000원: 과장", EXPENSE, 1_000_000, rules[0]!],
    ["지출 of 1,000,001원: 국장", EXPENSE, 1_000_001, rules[1]!],
    ["지출 without an amount: only an unlimited rule covers it", EXPENSE, null, rules[1]!],
    ["휴가 of any kind: 과장", LEAVE, null, rules[2]!],
    ["another form of 10,000,000원: the general rule", "form-other", 10_000_000, rules[3]!],
    ["another form of 60,000,000원: the unlimited general rule", "form-other", 60_000_000, rules[4]!],
    ["a document without a form: general rules only", null, 0, rules[3]!],
  ])("%s", (_description, formId, amount, expected) => {
    expect(findDelegationRule(rules, { formId, amount })).toBe(expected);
  });

  it("falls back to general rules when the form's own do not cover the amount", () => {
    const capped: DelegationRule[] = [
      { formId: EXPENSE, maxAmount: 1_000_000, closerPositionId: CHIEF },
      { formId: null, maxAmount: null, closerPositionId: HEAD },
    ];
    expect(findDelegationRule(capped, { formId: EXPENSE, amount: 2_000_000 })).toBe(capped[1]);
  });

  it("finds nothing when no rule covers the document", () => {
    const capped: DelegationRule[] = [{ formId: null, maxAmount: 1_000, closerPositionId: CHIEF }];
    expect(findDelegationRule(capped, { formId: EXPENSE, amount: 2_000 })).toBeNull();
    expect(findDelegationRule(capped, { formId: EXPENSE, amount: null })).toBeNull();
    expect(findDelegationRule([], { formId: EXPENSE, amount: 0 })).toBeNull();
  });

  it("takes the earlier of two rules with the same ceiling", () => {
    const twins: DelegationRule[] = [
      { formId: null, maxAmount: 100, closerPositionId: CHIEF },
      { formId: null, maxAmount: 100, closerPositionId: DIRECTOR },
    ];
    expect(findDelegationRule(twins, { formId: null, amount: 50 })).toBe(twins[0]);
  });
});

describe("building an automatic line", () => {
  it.each<[string, Parameters<typeof buildAutomaticLine>[0], LineStepInput[]]>([
    [
      "지출 of 500,000원: the 과장 closes by 전결",
      { chain, rules, formId: EXPENSE, amount: 500_000, levels: 2 },
      [approve("chief", 1, true)],
    ],
    [
      "지출 of 3,000,000원: the 과장 reviews, the 국장 closes by 전결",
      { chain, rules, formId: EXPENSE, amount: 3_000_000, levels: 2 },
      [review("chief", 1), approve("director", 2, true)],
    ],
    [
      "a drafter under a 팀장: the 팀장 reviews first",
      {
        chain: [{ personId: "team", positionId: TEAM }, ...chain],
        rules,
        formId: EXPENSE,
        amount: 500_000,
        levels: 2,
      },
      [review("team", 1), approve("chief", 2, true)],
    ],
    [
      "a rule naming the top of the chain: an ordinary 결재, not 전결",
      { chain, rules, formId: "form-other", amount: 60_000_000, levels: 2 },
      [review("chief", 1), review("director", 2), approve("head", 3, false)],
    ],
    [
      "a rule whose position nobody in the chain holds: the form's levels",
      { chain: chain.slice(1), rules, formId: LEAVE, amount: null, levels: 2 },
      [review("director", 1), approve("head", 2, false)],
    ],
    [
      "no rule: two levels deep",
      { chain, rules: [], formId: EXPENSE, amount: 500_000, levels: 2 },
      [review("chief", 1), approve("director", 2, false)],
    ],
    [
      "no rule and more levels than superiors: the whole chain",
      { chain, rules: [], formId: null, amount: null, levels: 5 },
      [review("chief", 1), review("director", 2), approve("head", 3, false)],
    ],
    [
      "no rule, one level: the nearest superior decides",
      { chain, rules: [], formId: null, amount: null, levels: 1 },
      [approve("chief", 1, false)],
    ],
    [
      "no superiors: the drafter chooses",
      { chain: [], rules, formId: EXPENSE, amount: 500_000, levels: 2 },
      [],
    ],
    [
      "a person in two posts (겸직) appears once",
      {
        chain: [chain[0]!, { personId: "chief", positionId: TEAM }, chain[1]!],
        rules: [],
        formId: null,
        amount: null,
        levels: 2,
      },
      [review("chief", 1), approve("director", 2, false)],
    ],
  ])("%s", (_description, options, expected) => {
    expect(buildAutomaticLine(options)).toEqual(expected);
  });
});
