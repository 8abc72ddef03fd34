import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyAction } from "./actions.ts";
import { availableActions, currentHolders, isActive, validateLine } from "./approval-line.ts";
import type { Action, ActionResult, Actor, ApprovalState, StepKind } from "./model.ts";
import { DRAFTER, draftWith } from "./testing.ts";

// Random valid lines, then random actions by random people (the drafter, line members,
// substitutes standing in for any of them, strangers). Whatever is accepted must keep the
// document consistent; what availableActions offers must be exactly what applyAction accepts.

const RUNS = { numRuns: 1000, seed: 20_260_601 } as const;
const STRANGER = "stranger";
const ACTION_TYPES: Action["type"][] = [
  "submit",
  "approve",
  "close-by-delegation",
  "proxy-approve",
  "post-approve",
  "reject",
  "hold",
  "withdraw",
];

type GroupSpec = { kind: StepKind; mayCloseByDelegation: boolean }[];

const singleStep: fc.Arbitrary<GroupSpec> = fc
  .record({ kind: fc.constantFrom<StepKind>("review", "approve", "cooperate"), close: fc.boolean() })
  .map(({ kind, close }) => [{ kind, mayCloseByDelegation: kind !== "cooperate" && close }]);
const parallelCooperation: fc.Arbitrary<GroupSpec> = fc
  .integer({ min: 2, max: 3 })
  .map((n) => Array.from({ length: n }, () => ({ kind: "cooperate" as const, mayCloseByDelegation: false })));

/** 1–6 groups; the last a single 결재, possibly with 전결 authority. */
const lineArb = fc
  .tuple(fc.array(fc.oneof(singleStep, parallelCooperation), { maxLength: 5 }), fc.boolean())
  .map(([groups, finalCloses]) => {
    const all = [...groups, [{ kind: "approve" as const, mayCloseByDelegation: finalCloses }]];
    let n = 0;
    return draftWith(
      all.flatMap((group, index) =>
        group.map((step) => ({ ...step, group: index + 1, assigneeId: `p${++n}` })),
      ),
    );
  });

// A move picks, most of the time, one of the actions offered to someone (weighted towards
// signing, so lines get walked to their end); otherwise anything by anyone, to meet refusals.
const moveArb = fc.record({
  actor: fc.nat(),
  substitutes: fc.array(fc.nat(), { maxLength: 2 }),
  fromOffered: fc.nat({ max: 4 }),
  type: fc.nat(),
  payload: fc.nat(),
});
type Move = typeof moveArb extends fc.Arbitrary<infer T> ? T : never;

const scenarioArb = fc.tuple(lineArb, fc.array(moveArb, { minLength: 1, maxLength: 40, size: "max" }));

const everyone = (state: ApprovalState): string[] => [
  DRAFTER,
  ...state.steps.map((step) => step.assigneeId),
  STRANGER,
];

/** The payloads a screen would send for this action type. */
function sensiblePayloads(type: Action["type"], state: ApprovalState, actor: Actor): Action[] {
  switch (type) {
    case "proxy-approve":
      return currentHolders(state)
        .filter((id) => id !== actor.personId && actor.substituteFor.includes(id))
        .map((forPersonId) => ({ type, forPersonId }));
    case "post-approve":
      return state.steps
        .filter((step) => step.assigneeId === actor.personId && step.postApproval === "owed")
        .map((step) => ({ type, stepId: step.id }));
    case "reject":
      return [
        { type, to: "drafter", opinion: "다시 검토 바랍니다" },
        { type, to: "previous", opinion: "다시 검토 바랍니다" },
      ];
    default:
      return [{ type } as Action];
  }
}

/** Every payload worth trying, sensible or not. */
function anyPayloads(type: Action["type"], state: ApprovalState): Action[] {
  switch (type) {
    case "proxy-approve":
      return everyone(state).map((forPersonId) => ({ type, forPersonId }));
    case "post-approve":
      return [...state.steps.map((step) => step.id), "nowhere"].map((stepId) => ({ type, stepId }));
    case "reject":
      return (["drafter", "previous"] as const).flatMap((to) => [
        { type, to, opinion: "다시 검토 바랍니다" },
        { type, to, opinion: "  " },
      ]);
    default:
      return [{ type } as Action];
  }
}

const WEIGHT: Partial<Record<Action["type"], number>> = { approve: 6, "proxy-approve": 3, "post-approve": 2 };

function interpret(state: ApprovalState, move: Move): { actor: Actor; action: Action } {
  const people = everyone(state);
  const actorAt = (index: number): Actor => {
    const personId = people[index % people.length]!;
    const substituteFor = move.substitutes
      .map((i) => people[i % people.length]!)
      .filter((id) => id !== personId);
    return { personId, substituteFor };
  };
  if (move.fromOffered > 0) {
    const options = people.flatMap((_, index) => {
      const actor = actorAt(move.actor + index);
      return availableActions(state, actor).flatMap((type) =>
        Array.from({ length: WEIGHT[type] ?? 1 }, () => ({ actor, type })),
      );
    });
    if (options.length > 0) {
      const { actor, type } = options[move.type % options.length]!;
      const payloads = sensiblePayloads(type, state, actor);
      return { actor, action: payloads[move.payload % payloads.length]! };
    }
  }
  const actor = actorAt(move.actor);
  const type = ACTION_TYPES[move.type % ACTION_TYPES.length]!;
  const payloads = anyPayloads(type, state);
  return { actor, action: payloads[move.payload % payloads.length]! };
}

type Step = { before: ApprovalState; actor: Actor; action: Action; result: ActionResult };

function run(start: ApprovalState, moves: Move[]): { steps: Step[]; final: ApprovalState } {
  let state = start;
  const steps: Step[] = [];
  for (const move of moves) {
    const { actor, action } = interpret(state, move);
    const before = structuredClone(state);
    const result = applyAction(state, actor, action);
    expect(state, "applyAction must not change its input").toEqual(before);
    steps.push({ before: state, actor, action, result });
    if (result.ok) state = result.state;
  }
  return { steps, final: state };
}

/** The actions that legitimately clear signatures: a new 상신, 회수, and 반려 to the previous step. */
function resets(step: Step): "all" | { groups: number[] } | null {
  const { action, before, result } = step;
  if (!result.ok) return null;
  if (action.type === "submit" || action.type === "withdraw") return "all";
  if (action.type === "reject" && result.state.status === "in_progress") {
    const rejected = before.steps.find((s) => s.id === result.stepId)!;
    return { groups: [rejected.group, rejected.group - 1] };
  }
  return null;
}

function checkConsistent(state: ApprovalState): void {
  const activeGroups = new Set(state.steps.filter(isActive).map((step) => step.group));
  expect(activeGroups.size, "at most one group has the document at a time").toBeLessThanOrEqual(1);
  expect(activeGroups.size === 1, "somebody holds the document exactly while it is in progress").toBe(
    state.status === "in_progress",
  );
  expect(state.registered, "completed ⇔ registered").toBe(state.status === "completed");
  if (state.status === "completed") {
    expect(state.steps.every((step) => step.status === "approved" || step.status === "skipped")).toBe(true);
  }
  if (state.status === "rejected") {
    expect(state.steps.filter((step) => step.status === "rejected")).toHaveLength(1);
  }
  if (state.status === "draft" || state.status === "withdrawn") {
    expect(state.steps.every((step) => step.status === "waiting" && step.actedBy === null)).toBe(true);
  }
  for (const step of state.steps) {
    const signed = step.status === "approved";
    expect(step.signedAs !== null, "a step carries a signature exactly when approved").toBe(signed);
    expect(step.actedBy !== null).toBe(signed || step.status === "rejected");
    expect(step.postApproval !== "none", "후결 is owed only for a 대결").toBe(
      signed && step.signedAs === "proxy",
    );
  }
}

function checkTransition(step: Step): void {
  if (!step.result.ok) return;
  const after = step.result.state;
  const reset = resets(step);
  step.before.steps.forEach((old, index) => {
    const now = after.steps[index]!;
    expect(now.id).toBe(old.id);
    if (now.status === "approved" && old.status !== "approved") {
      expect(["pending", "held"], "only a step whose turn it is gets signed").toContain(old.status);
    }
    const mayReset = reset === "all" || reset?.groups.includes(old.group) === true;
    if (mayReset) return;
    if (old.status === "approved" || old.status === "skipped" || old.status === "rejected") {
      // No step is signed twice: once signed (or closed, or returned), it stays as it is.
      expect(now.status).toBe(old.status);
      expect(now.actedBy).toBe(old.actedBy);
      expect(now.signedAs).toBe(old.signedAs);
      if (old.postApproval === "done") expect(now.postApproval).toBe("done");
    }
  });
}

/** Where availableActions and applyAction disagree for this actor, or null. */
function disagreementOf(state: ApprovalState, actor: Actor): string | null {
  const offered = availableActions(state, actor);
  for (const type of ACTION_TYPES) {
    if (offered.includes(type)) {
      const payloads = sensiblePayloads(type, state, actor);
      if (payloads.length === 0) return `${type} offered with nothing to act on`;
      const refused = payloads.find((action) => !applyAction(state, actor, action).ok);
      if (refused) return `${JSON.stringify(refused)} offered but refused`;
    } else {
      const accepted = anyPayloads(type, state).find((action) => applyAction(state, actor, action).ok);
      if (accepted) return `${JSON.stringify(accepted)} accepted but not offered`;
    }
  }
  return null;
}

describe("any sequence of approval actions", () => {
  it("keeps the document consistent and never signs a step twice", () => {
    fc.assert(
      fc.property(scenarioArb, ([start, moves]) => {
        expect(validateLine(start.steps, DRAFTER).ok).toBe(true);
        const { steps } = run(start, moves);
        for (const step of steps) {
          if (!step.result.ok) continue;
          checkConsistent(step.result.state);
          checkTransition(step);
        }
      }),
      RUNS,
    );
  });

  it("numbers a document exactly once, exactly when it completes, and never by a 협조 step", () => {
    fc.assert(
      fc.property(scenarioArb, ([start, moves]) => {
        const { steps, final } = run(start, moves);
        let numbers = 0;
        for (const { before, result } of steps) {
          if (!result.ok) continue;
          const assigned = result.effects.filter((effect) => effect.type === "assign-number").length;
          numbers += assigned;
          const completes = before.status !== "completed" && result.state.status === "completed";
          expect(assigned).toBe(completes ? 1 : 0);
          if (completes) {
            const acted = before.steps.find((s) => s.id === result.stepId);
            expect(acted?.kind, "a 협조 step never completes a document").not.toBe("cooperate");
          }
        }
        expect(numbers).toBe(final.status === "completed" ? 1 : 0);
      }),
      RUNS,
    );
  });

  it("offers exactly the actions applyAction accepts", () => {
    fc.assert(
      fc.property(scenarioArb, ([start, moves]) => {
        const { steps, final } = run(start, moves);
        // Every state met, for the person who acted in it; the last one for everyone, each both
        // plainly and as substitute for all the others.
        const checks: [ApprovalState, Actor][] = steps.map((step) => [step.before, step.actor]);
        for (const personId of everyone(final)) {
          checks.push([final, { personId, substituteFor: [] }]);
          checks.push([final, { personId, substituteFor: everyone(final).filter((id) => id !== personId) }]);
        }
        for (const [state, actor] of checks) {
          const disagreement = disagreementOf(state, actor);
          if (disagreement)
            expect.fail(`${disagreement} for ${JSON.stringify(actor)} on ${JSON.stringify(state)}`);
        }
      }),
      RUNS,
    );
  });
});
