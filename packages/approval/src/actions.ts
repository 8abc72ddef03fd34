import { currentGroup, currentHolders, hasMovedOn, isActive, validateLine } from "./approval-line.ts";
import type {
  Action,
  ActionResult,
  Actor,
  ApprovalState,
  ApprovalStep,
  Effect,
  RefusalReason,
  SignedAs,
} from "./model.ts";

// The app reads the state under a row lock on the document, asks here, and writes the answer
// back in the same transaction. So the loser of two concurrent clicks reads the winner's state
// and is refused with `already-acted` ("이미 처리된 문서입니다") rather than signing twice.

/** The longest 의견 stored with an action (approval_events.opinion allows 2000 characters). */
export const MAX_OPINION_LENGTH = 2000;

type Refusal = { ok: false; reason: RefusalReason };
type Found = { ok: true; step: ApprovalStep } | Refusal;

const refuse = (reason: RefusalReason): Refusal => ({ ok: false, reason });

const cleared = (step: ApprovalStep, status: "waiting" | "pending"): ApprovalStep => ({
  ...step,
  status,
  actedBy: null,
  signedAs: null,
  postApproval: "none",
});

const notify = (personIds: string[], reason: Extract<Effect, { type: "notify" }>["reason"]): Effect[] =>
  personIds.length === 0 ? [] : [{ type: "notify", personIds, reason }];

/**
 * Finds the step `personId` holds in the current group. Someone with no step in the line is
 * not concerned at all (`not-your-turn`); a line member whose step is behind them, or whose
 * document has left the line, was overtaken by events (`already-acted`).
 */
function findCurrentStepOf(state: ApprovalState, personId: string, absentCode: RefusalReason): Found {
  const own = state.steps.filter((step) => step.assigneeId === personId);
  if (own.length === 0) return refuse(absentCode);
  if (state.status === "draft") return refuse("wrong-status");
  if (state.status !== "in_progress") return refuse("already-acted");
  const group = currentGroup(state);
  const step = own.find((s) => s.group === group && isActive(s));
  if (step) return { ok: true, step };
  if (own.some((s) => s.status === "approved" || s.status === "rejected" || s.status === "skipped")) {
    return refuse("already-acted");
  }
  return refuse(absentCode);
}

/** Completes the document: numbered once, the drafter told. */
function complete(
  state: ApprovalState,
  steps: ApprovalStep[],
  stepId: string,
  effects: Effect[],
): ActionResult {
  return {
    ok: true,
    state: { ...state, status: "completed", steps, registered: true },
    effects: [...effects, { type: "assign-number" }, ...notify([state.drafterId], "completed")],
    stepId,
  };
}

/** Signs one step of the current group, then opens the next group or completes the document. */
function sign(
  state: ApprovalState,
  signed: ApprovalStep,
  by: string,
  signedAs: SignedAs,
  effects: Effect[],
): ActionResult {
  let steps = state.steps.map(
    (step): ApprovalStep =>
      step.id === signed.id
        ? {
            ...step,
            status: "approved",
            actedBy: by,
            signedAs,
            postApproval: signedAs === "proxy" ? "owed" : step.postApproval,
          }
        : step,
  );
  const groupDone = steps.every((step) => step.group !== signed.group || step.status === "approved");
  if (!groupDone) return { ok: true, state: { ...state, steps }, effects, stepId: signed.id };

  let next: number | null = null;
  for (const step of steps) {
    if (step.status === "waiting" && step.group > signed.group && (next === null || step.group < next)) {
      next = step.group;
    }
  }
  if (next === null) return complete(state, steps, signed.id, effects);
  steps = steps.map((step) => (step.group === next ? cleared(step, "pending") : step));
  const holders = steps.filter((step) => step.group === next).map((step) => step.assigneeId);
  return {
    ok: true,
    state: { ...state, steps },
    effects: [...effects, ...notify(holders, "task")],
    stepId: signed.id,
  };
}

function submit(state: ApprovalState, actor: Actor): ActionResult {
  if (actor.personId !== state.drafterId) return refuse("not-drafter");
  if (state.status !== "draft" && state.status !== "withdrawn") return refuse("wrong-status");
  if (!validateLine(state.steps, state.drafterId).ok) return refuse("invalid-line");
  const first = Math.min(...state.steps.map((step) => step.group));
  const steps = state.steps.map((step) => cleared(step, step.group === first ? "pending" : "waiting"));
  const holders = steps.filter((step) => step.group === first).map((step) => step.assigneeId);
  return {
    ok: true,
    state: { ...state, status: "in_progress", steps },
    effects: [{ type: "freeze-body" }, ...notify(holders, "task")],
    stepId: null,
  };
}

function closeByDelegation(state: ApprovalState, actor: Actor): ActionResult {
  const found = findCurrentStepOf(state, actor.personId, "not-your-turn");
  if (!found.ok) return found;
  const closing = found.step;
  if (closing.kind === "cooperate") return refuse("cooperator-cannot-close");
  if (!closing.mayCloseByDelegation) return refuse("no-delegation");
  // Everything not yet signed is closed by this 전결 and shows as 전결 in the 결재란.
  const steps = state.steps.map(
    (step): ApprovalStep =>
      step.id === closing.id
        ? { ...step, status: "approved", actedBy: actor.personId, signedAs: "delegated" }
        : isActive(step) || step.status === "waiting"
          ? { ...cleared(step, "waiting"), status: "skipped" }
          : step,
  );
  return complete(state, steps, closing.id, []);
}

function proxyApprove(state: ApprovalState, actor: Actor, forPersonId: string): ActionResult {
  if (forPersonId === actor.personId || !actor.substituteFor.includes(forPersonId))
    return refuse("not-absent");
  // A drafter named as someone's substitute still may not sign their own document.
  if (actor.personId === state.drafterId) return refuse("not-your-turn");
  const found = findCurrentStepOf(state, forPersonId, "not-absent");
  if (!found.ok) return found;
  // 대결 is an ordinary signature of the absent holder's step, even one with 전결 authority:
  // the substitute decides in the holder's place, and the holder reviews it afterwards (후결).
  return sign(state, found.step, actor.personId, "proxy", notify([forPersonId], "post-approval"));
}

function postApprove(state: ApprovalState, actor: Actor, stepId: string): ActionResult {
  const step = state.steps.find((s) => s.id === stepId);
  if (!step || step.assigneeId !== actor.personId) return refuse("no-post-approval-owed");
  if (step.postApproval === "done") return refuse("already-acted");
  if (step.postApproval !== "owed") return refuse("no-post-approval-owed");
  if (state.status !== "in_progress" && state.status !== "completed") return refuse("wrong-status");
  const steps = state.steps.map((s): ApprovalStep => (s.id === stepId ? { ...s, postApproval: "done" } : s));
  return { ok: true, state: { ...state, steps }, effects: [], stepId };
}

function reject(
  state: ApprovalState,
  actor: Actor,
  to: "drafter" | "previous",
  opinion: string,
): ActionResult {
  // Only the holder returns a document; a substitute signs under 대결 but does not 반려.
  const found = findCurrentStepOf(state, actor.personId, "not-your-turn");
  if (!found.ok) return found;
  if (typeof opinion !== "string" || opinion.trim() === "") return refuse("opinion-required");
  const rejecting = found.step;
  let previous: number | null = null;
  for (const step of state.steps) {
    if (step.group < rejecting.group && (previous === null || step.group > previous)) previous = step.group;
  }

  if (to === "drafter" || previous === null) {
    // Parallel 협조 steps still open lose their turn: a rejected document is nobody's task.
    const steps = state.steps.map(
      (step): ApprovalStep =>
        step.id === rejecting.id
          ? { ...step, status: "rejected", actedBy: actor.personId, signedAs: null }
          : isActive(step)
            ? cleared(step, "waiting")
            : step,
    );
    return {
      ok: true,
      state: { ...state, status: "rejected", steps },
      effects: notify([state.drafterId], "rejected"),
      stepId: rejecting.id,
    };
  }

  // The previous group signs again: their earlier signatures no longer cover the document.
  const steps = state.steps.map((step) =>
    step.group === rejecting.group
      ? cleared(step, "waiting")
      : step.group === previous
        ? cleared(step, "pending")
        : step,
  );
  const holders = steps.filter((step) => step.group === previous).map((step) => step.assigneeId);
  return {
    ok: true,
    state: { ...state, steps },
    effects: [...notify(holders, "task"), ...notify([state.drafterId], "rejected")],
    stepId: rejecting.id,
  };
}

function hold(state: ApprovalState, actor: Actor): ActionResult {
  const found = findCurrentStepOf(state, actor.personId, "not-your-turn");
  if (!found.ok) return found;
  if (found.step.status === "held") return refuse("already-acted");
  const steps = state.steps.map((s): ApprovalStep => (s.id === found.step.id ? { ...s, status: "held" } : s));
  return { ok: true, state: { ...state, steps }, effects: [], stepId: found.step.id };
}

function withdraw(state: ApprovalState, actor: Actor): ActionResult {
  if (actor.personId !== state.drafterId) return refuse("not-drafter");
  if (state.status !== "in_progress") return refuse("wrong-status");
  if (hasMovedOn(state)) return refuse("already-moved-on");
  const holders = currentHolders(state);
  const steps = state.steps.map((step) => cleared(step, "waiting"));
  return {
    ok: true,
    state: { ...state, status: "withdrawn", steps },
    effects: notify(holders, "withdrawn"),
    stepId: null,
  };
}

/**
 * What `action` by `actor` does to the document: the new state and what the app must also do,
 * or why it is refused. Never changes `state`.
 */
export function applyAction(state: ApprovalState, actor: Actor, action: Action): ActionResult {
  switch (action.type) {
    case "submit":
      return submit(state, actor);
    case "approve": {
      const found = findCurrentStepOf(state, actor.personId, "not-your-turn");
      if (!found.ok) return found;
      return sign(state, found.step, actor.personId, "self", []);
    }
    case "close-by-delegation":
      return closeByDelegation(state, actor);
    case "proxy-approve":
      return proxyApprove(state, actor, action.forPersonId);
    case "post-approve":
      return postApprove(state, actor, action.stepId);
    case "reject":
      return reject(state, actor, action.to, action.opinion);
    case "hold":
      return hold(state, actor);
    case "withdraw":
      return withdraw(state, actor);
  }
}
