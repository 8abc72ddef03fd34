import type { Action, Actor, ApprovalState, ApprovalStep, StepKind } from "./model.ts";

/** The longest line a document may carry; the schema allows 50 groups, people rarely need 10. */
export const MAX_LINE_STEPS = 30;

/** One step of a line as the drafter (or an automatic rule) proposes it. */
export type LineStepInput = {
  kind: StepKind;
  group: number;
  assigneeId: string;
  mayCloseByDelegation: boolean;
};

/** What is wrong with a proposed line; `index` points at the offending step when there is one. */
export type LineProblem = {
  code:
    | "empty"
    | "must-end-with-approve"
    | "parallel-only-cooperate"
    | "drafter-in-line"
    | "duplicate-person"
    | "cooperator-cannot-close"
    | "groups-not-contiguous"
    | "too-many-steps";
  index?: number;
};

export type LineValidation = { ok: true } | { ok: false; problems: LineProblem[] };

/** Checks a proposed 결재선 against the rules 상신 enforces; lists every problem found. */
export function validateLine(steps: readonly LineStepInput[], drafterId: string): LineValidation {
  if (steps.length === 0) return { ok: false, problems: [{ code: "empty" }] };
  const problems: LineProblem[] = [];
  if (steps.length > MAX_LINE_STEPS) problems.push({ code: "too-many-steps" });

  const sizes = new Map<number, number>();
  for (const step of steps) sizes.set(step.group, (sizes.get(step.group) ?? 0) + 1);

  const seen = new Set<string>();
  steps.forEach((step, index) => {
    // Groups are numbered 1, 2, 3 … in the order the steps are listed, so the array order is
    // the order of signatures in the 결재란 and no group can be skipped or revisited.
    const previous = index === 0 ? 0 : steps[index - 1]!.group;
    const contiguous =
      Number.isInteger(step.group) &&
      (step.group === previous || step.group === previous + 1) &&
      step.group >= 1;
    if (!contiguous) problems.push({ code: "groups-not-contiguous", index });
    if ((sizes.get(step.group) ?? 0) > 1 && step.kind !== "cooperate") {
      problems.push({ code: "parallel-only-cooperate", index });
    }
    if (step.assigneeId === drafterId) problems.push({ code: "drafter-in-line", index });
    if (seen.has(step.assigneeId)) problems.push({ code: "duplicate-person", index });
    seen.add(step.assigneeId);
    if (step.kind === "cooperate" && step.mayCloseByDelegation) {
      problems.push({ code: "cooperator-cannot-close", index });
    }
  });

  const lastIndex = steps.length - 1;
  const last = steps[lastIndex]!;
  if (last.kind !== "approve" || sizes.get(last.group) !== 1) {
    problems.push({ code: "must-end-with-approve", index: lastIndex });
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/** Fresh steps for a line about to be stored: every step waiting, nothing signed. */
export function startLine(steps: readonly (LineStepInput & { id: string })[]): ApprovalStep[] {
  return steps.map((step) => ({
    id: step.id,
    kind: step.kind,
    group: step.group,
    assigneeId: step.assigneeId,
    mayCloseByDelegation: step.mayCloseByDelegation,
    status: "waiting",
    actedBy: null,
    signedAs: null,
    postApproval: "none",
  }));
}

/** A step whose holder is expected to act now (보류 keeps it theirs). */
export function isActive(step: ApprovalStep): boolean {
  return step.status === "pending" || step.status === "held";
}

/** The group whose turn it is, or null when the document is not moving along its line. */
export function currentGroup(state: ApprovalState): number | null {
  if (state.status !== "in_progress") return null;
  let group: number | null = null;
  for (const step of state.steps) {
    if (isActive(step) && (group === null || step.group < group)) group = step.group;
  }
  return group;
}

/** The people who have the document in their 결재대기 now. */
export function currentHolders(state: ApprovalState): string[] {
  const group = currentGroup(state);
  if (group === null) return [];
  return state.steps.filter((step) => step.group === group && isActive(step)).map((step) => step.assigneeId);
}

/** Whether any holder has done something since 상신: signed, set aside or returned. */
export function hasMovedOn(state: ApprovalState): boolean {
  return state.steps.some(
    (step) => step.status === "approved" || step.status === "held" || step.status === "rejected",
  );
}

/**
 * The actions to offer this actor now, in the order the buttons are shown. Each one succeeds in
 * `applyAction` with a sensible payload (an opinion for 반려, a holder this actor stands in for
 * under 대결, a step that owes 후결).
 */
export function availableActions(state: ApprovalState, actor: Actor): Action["type"][] {
  const me = actor.personId;
  const isDrafter = me === state.drafterId;
  const group = currentGroup(state);
  const mine =
    group === null
      ? undefined
      : state.steps.find((s) => s.group === group && isActive(s) && s.assigneeId === me);
  const actions: Action["type"][] = [];

  if (
    isDrafter &&
    (state.status === "draft" || state.status === "withdrawn") &&
    validateLine(state.steps, state.drafterId).ok
  ) {
    actions.push("submit");
  }
  if (mine) {
    actions.push("approve");
    if (mine.mayCloseByDelegation && mine.kind !== "cooperate") actions.push("close-by-delegation");
  }
  if (
    group !== null &&
    !isDrafter &&
    state.steps.some(
      (s) =>
        s.group === group && isActive(s) && s.assigneeId !== me && actor.substituteFor.includes(s.assigneeId),
    )
  ) {
    actions.push("proxy-approve");
  }
  if (
    (state.status === "in_progress" || state.status === "completed") &&
    state.steps.some((s) => s.assigneeId === me && s.postApproval === "owed")
  ) {
    actions.push("post-approve");
  }
  if (mine) {
    actions.push("reject");
    if (mine.status === "pending") actions.push("hold");
  }
  if (isDrafter && state.status === "in_progress" && !hasMovedOn(state)) actions.push("withdraw");
  return actions;
}
