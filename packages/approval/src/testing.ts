// Builders shared by the tests of this package (not exported from the package).
import { applyAction } from "./actions.ts";
import { type LineStepInput, startLine } from "./approval-line.ts";
import type { Action, Actor, ApprovalState, Effect } from "./model.ts";

export const DRAFTER = "drafter";

/** Someone acting, optionally standing in (대결) for the people named. */
export function person(personId: string, substituteFor: string[] = []): Actor {
  return { personId, substituteFor };
}

type StepSpec = Omit<LineStepInput, "mayCloseByDelegation"> & { mayCloseByDelegation?: boolean };

/** A draft by DRAFTER with the given line; step ids are s1, s2 … in order. */
export function draftWith(steps: StepSpec[]): ApprovalState {
  return {
    status: "draft",
    drafterId: DRAFTER,
    registered: false,
    steps: startLine(
      steps.map((step, index) => ({ mayCloseByDelegation: false, ...step, id: `s${index + 1}` })),
    ),
  };
}

/** Plays the moves in order; a refused move is a mistake in the fixture, so it throws. */
export function play(state: ApprovalState, ...moves: [Actor | string, Action][]): ApprovalState {
  let current = state;
  for (const [who, action] of moves) {
    const actor = typeof who === "string" ? person(who) : who;
    const result = applyAction(current, actor, action);
    if (!result.ok) {
      throw new Error(`fixture move ${action.type} by ${actor.personId} was refused: ${result.reason}`);
    }
    current = result.state;
  }
  return current;
}

/** The statuses of the steps in order, as one readable string. */
export function statuses(state: ApprovalState): string {
  return state.steps.map((step) => step.status).join(" ");
}

export const notifyOf = (
  reason: Extract<Effect, { type: "notify" }>["reason"],
  ...personIds: string[]
): Effect => ({
  type: "notify",
  personIds,
  reason,
});
