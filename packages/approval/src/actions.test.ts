import { describe, expect, it } from "vitest";
import { applyAction } from "./actions.ts";
import { availableActions } from "./approval-line.ts";
import type { Action, Actor, ApprovalState, Effect, RefusalReason } from "./model.ts";
import { DRAFTER, draftWith, notifyOf, person, play, statuses } from "./testing.ts";

// The line most cases use: 검토 (r) → 협조 of two in parallel (c1, c2) → 검토 by the 과장 who
// may close by 전결 (chief) → 결재 by the 국장 (director). "sub" stands in for the absent.
const draft = draftWith([
  { kind: "review", group: 1, assigneeId: "r" },
  { kind: "cooperate", group: 2, assigneeId: "c1" },
  { kind: "cooperate", group: 2, assigneeId: "c2" },
  { kind: "review", group: 3, assigneeId: "chief", mayCloseByDelegation: true },
  { kind: "approve", group: 4, assigneeId: "director" },
]);

const submit: Action = { type: "submit" };
const approve: Action = { type: "approve" };
const close: Action = { type: "close-by-delegation", opinion: "전결합니다" };
const proxyFor = (forPersonId: string): Action => ({ type: "proxy-approve", forPersonId });
const postApprove = (stepId: string): Action => ({ type: "post-approve", stepId });
const reject = (to: "drafter" | "previous", opinion = "예산 과목을 다시 확인해 주십시오"): Action => ({
  type: "reject",
  to,
  opinion,
});
const hold: Action = { type: "hold", opinion: "검토 중" };
const withdraw: Action = { type: "withdraw" };
const sub = (...forIds: string[]): Actor => person("sub", forIds);

const submitted = play(draft, [DRAFTER, submit]);
const atCooperation = play(submitted, ["r", approve]);
const atChief = play(atCooperation, ["c1", approve], ["c2", approve]);
const atDirector = play(atChief, ["chief", approve]);
const completed = play(atDirector, ["director", approve]);
const rejected = play(atChief, ["chief", reject("drafter")]);
const withdrawn = play(submitted, [DRAFTER, withdraw]);
const proxiedChief = play(atChief, [sub("chief"), proxyFor("chief")]);

type Expected =
  // `badPayload`: the action is right for this actor now, only its payload is not.
  | { reason: RefusalReason; badPayload?: true }
  | { status: ApprovalState["status"]; steps: string; stepId: string | null; effects: Effect[] };

const cases: [string, ApprovalState, Actor | string, Action, Expected][] = [
  // 상신
  [
    "the drafter submits a draft: the first group gets the task and the body freezes",
    draft,
    DRAFTER,
    submit,
    {
      status: "in_progress",
      steps: "pending waiting waiting waiting waiting",
      stepId: null,
      effects: [{ type: "freeze-body" }, notifyOf("task", "r")],
    },
  ],
  [
    "the drafter submits a withdrawn document anew",
    withdrawn,
    DRAFTER,
    submit,
    {
      status: "in_progress",
      steps: "pending waiting waiting waiting waiting",
      stepId: null,
      effects: [{ type: "freeze-body" }, notifyOf("task", "r")],
    },
  ],
  ["someone other than the drafter submits", draft, "r", submit, { reason: "not-drafter" }],
  [
    "the drafter submits a document already in progress",
    submitted,
    DRAFTER,
    submit,
    { reason: "wrong-status" },
  ],
  ["the drafter submits a completed document", completed, DRAFTER, submit, { reason: "wrong-status" }],
  [
    "the drafter submits a rejected document (재기안 makes a new one)",
    rejected,
    DRAFTER,
    submit,
    { reason: "wrong-status" },
  ],
  [
    "the drafter submits a line that does not end in 결재",
    draftWith([{ kind: "review", group: 1, assigneeId: "r" }]),
    DRAFTER,
    submit,
    { reason: "invalid-line" },
  ],
  [
    "the drafter submits a line that names the drafter",
    draftWith([{ kind: "approve", group: 1, assigneeId: DRAFTER }]),
    DRAFTER,
    submit,
    { reason: "invalid-line" },
  ],

  // 승인
  [
    "the reviewer approves: both 협조자 get the task at once",
    submitted,
    "r",
    approve,
    {
      status: "in_progress",
      steps: "approved pending pending waiting waiting",
      stepId: "s1",
      effects: [notifyOf("task", "c1", "c2")],
    },
  ],
  [
    "one of two parallel 협조자 agrees: the group waits for the other",
    atCooperation,
    "c1",
    approve,
    { status: "in_progress", steps: "approved approved pending waiting waiting", stepId: "s2", effects: [] },
  ],
  [
    "the second 협조자 agrees: the group is done and the 과장 gets the task",
    play(atCooperation, ["c1", approve]),
    "c2",
    approve,
    {
      status: "in_progress",
      steps: "approved approved approved pending waiting",
      stepId: "s3",
      effects: [notifyOf("task", "chief")],
    },
  ],
  [
    "the 과장 approves without using 전결: the 국장 gets the task",
    atChief,
    "chief",
    approve,
    {
      status: "in_progress",
      steps: "approved approved approved approved pending",
      stepId: "s4",
      effects: [notifyOf("task", "director")],
    },
  ],
  [
    "the 국장 approves the last step: the document completes and is numbered once",
    atDirector,
    "director",
    approve,
    {
      status: "completed",
      steps: "approved approved approved approved approved",
      stepId: "s5",
      effects: [{ type: "assign-number" }, notifyOf("completed", DRAFTER)],
    },
  ],
  [
    "the reviewer approves a second time (이미 처리된 문서)",
    atCooperation,
    "r",
    approve,
    { reason: "already-acted" },
  ],
  ["the 국장 approves before their turn", atCooperation, "director", approve, { reason: "not-your-turn" }],
  ["someone outside the line approves", atCooperation, "stranger", approve, { reason: "not-your-turn" }],
  ["the drafter approves their own document", submitted, DRAFTER, approve, { reason: "not-your-turn" }],
  ["a line member approves a draft not yet submitted", draft, "r", approve, { reason: "wrong-status" }],
  [
    "the 국장 approves a completed document again",
    completed,
    "director",
    approve,
    { reason: "already-acted" },
  ],
  ["the 국장 approves a rejected document", rejected, "director", approve, { reason: "already-acted" }],
  ["the reviewer approves a withdrawn document", withdrawn, "r", approve, { reason: "already-acted" }],

  // 전결
  [
    "the 과장 closes by 전결: the 국장's step is skipped and the document completes",
    atChief,
    "chief",
    close,
    {
      status: "completed",
      steps: "approved approved approved approved skipped",
      stepId: "s4",
      effects: [{ type: "assign-number" }, notifyOf("completed", DRAFTER)],
    },
  ],
  [
    "the reviewer asks for 전결 without delegated authority",
    submitted,
    "r",
    close,
    { reason: "no-delegation" },
  ],
  ["a 협조자 asks for 전결", atCooperation, "c1", close, { reason: "cooperator-cannot-close" }],
  ["the 과장 asks for 전결 before their turn", submitted, "chief", close, { reason: "not-your-turn" }],
  ["the 과장 asks for 전결 on a completed document", completed, "chief", close, { reason: "already-acted" }],

  // 대결
  [
    "a substitute signs for the absent 과장: an ordinary signature, 후결 owed, the 국장 next",
    atChief,
    sub("chief"),
    proxyFor("chief"),
    {
      status: "in_progress",
      steps: "approved approved approved approved pending",
      stepId: "s4",
      effects: [notifyOf("post-approval", "chief"), notifyOf("task", "director")],
    },
  ],
  [
    "a substitute signs for the absent 국장: the document completes",
    atDirector,
    sub("director"),
    proxyFor("director"),
    {
      status: "completed",
      steps: "approved approved approved approved approved",
      stepId: "s5",
      effects: [
        notifyOf("post-approval", "director"),
        { type: "assign-number" },
        notifyOf("completed", DRAFTER),
      ],
    },
  ],
  [
    "a substitute signs for a 과장 who had set the document aside",
    play(atChief, ["chief", hold]),
    sub("chief"),
    proxyFor("chief"),
    {
      status: "in_progress",
      steps: "approved approved approved approved pending",
      stepId: "s4",
      effects: [notifyOf("post-approval", "chief"), notifyOf("task", "director")],
    },
  ],
  [
    "a substitute signs for a holder whose turn has not come",
    submitted,
    sub("chief"),
    proxyFor("chief"),
    { reason: "not-absent" },
  ],
  [
    "someone not named as substitute signs for the 과장",
    atChief,
    sub(),
    proxyFor("chief"),
    { reason: "not-absent" },
  ],
  [
    "a substitute signs for someone outside the line",
    atChief,
    sub("stranger"),
    proxyFor("stranger"),
    { reason: "not-absent" },
  ],
  [
    "a substitute signs for a 과장 who has just approved (이미 처리된 문서)",
    atDirector,
    sub("chief"),
    proxyFor("chief"),
    { reason: "already-acted" },
  ],
  [
    "the drafter, named as substitute, signs their own document",
    atChief,
    person(DRAFTER, ["chief"]),
    proxyFor("chief"),
    { reason: "not-your-turn" },
  ],

  // 후결
  [
    "the 과장 back from absence signs 후결 while the document is in progress",
    proxiedChief,
    "chief",
    postApprove("s4"),
    {
      status: "in_progress",
      steps: "approved approved approved approved pending",
      stepId: "s4",
      effects: [],
    },
  ],
  [
    "the 국장 signs 후결 after completion: nothing else changes",
    play(atDirector, [sub("director"), proxyFor("director")]),
    "director",
    postApprove("s5"),
    { status: "completed", steps: "approved approved approved approved approved", stepId: "s5", effects: [] },
  ],
  [
    "the 과장 signs 후결 twice",
    play(proxiedChief, ["chief", postApprove("s4")]),
    "chief",
    postApprove("s4"),
    { reason: "already-acted" },
  ],
  [
    "the substitute signs the 후결 owed by the 과장",
    proxiedChief,
    "sub",
    postApprove("s4"),
    { reason: "no-post-approval-owed" },
  ],
  [
    "the reviewer signs 후결 on their own signature",
    atCooperation,
    "r",
    postApprove("s1"),
    { reason: "no-post-approval-owed" },
  ],
  [
    "someone signs 후결 on a step that does not exist",
    proxiedChief,
    "chief",
    postApprove("s9"),
    { reason: "no-post-approval-owed", badPayload: true },
  ],
  [
    "the 과장 signs 후결 on a document since rejected",
    play(proxiedChief, ["director", reject("drafter")]),
    "chief",
    postApprove("s4"),
    { reason: "wrong-status" },
  ],

  // 반려
  [
    "the 과장 rejects to the drafter",
    atChief,
    "chief",
    reject("drafter"),
    {
      status: "rejected",
      steps: "approved approved approved rejected waiting",
      stepId: "s4",
      effects: [notifyOf("rejected", DRAFTER)],
    },
  ],
  [
    "the 과장 rejects to the previous step: both 협조자 must agree again",
    atChief,
    "chief",
    reject("previous"),
    {
      status: "in_progress",
      steps: "approved pending pending waiting waiting",
      stepId: "s4",
      effects: [notifyOf("task", "c1", "c2"), notifyOf("rejected", DRAFTER)],
    },
  ],
  [
    "the first reviewer rejects to the previous step: there is none, so it goes to the drafter",
    submitted,
    "r",
    reject("previous"),
    {
      status: "rejected",
      steps: "rejected waiting waiting waiting waiting",
      stepId: "s1",
      effects: [notifyOf("rejected", DRAFTER)],
    },
  ],
  [
    "a 협조자 disagrees: the document goes back and the other 협조자 loses the task",
    atCooperation,
    "c1",
    reject("drafter"),
    {
      status: "rejected",
      steps: "approved rejected waiting waiting waiting",
      stepId: "s2",
      effects: [notifyOf("rejected", DRAFTER)],
    },
  ],
  [
    "a 협조자 disagrees after the other agreed: the agreement stays on record",
    play(atCooperation, ["c2", approve]),
    "c1",
    reject("drafter"),
    {
      status: "rejected",
      steps: "approved rejected approved waiting waiting",
      stepId: "s2",
      effects: [notifyOf("rejected", DRAFTER)],
    },
  ],
  [
    "the holder who set the document aside rejects it",
    play(submitted, ["r", hold]),
    "r",
    reject("drafter"),
    {
      status: "rejected",
      steps: "rejected waiting waiting waiting waiting",
      stepId: "s1",
      effects: [notifyOf("rejected", DRAFTER)],
    },
  ],
  [
    "a 반려 without a reason",
    atChief,
    "chief",
    { type: "reject", to: "drafter", opinion: "" },
    { reason: "opinion-required", badPayload: true },
  ],
  [
    "a 반려 whose reason is blank",
    atChief,
    "chief",
    reject("previous", " \n\t"),
    { reason: "opinion-required", badPayload: true },
  ],
  ["someone outside the line rejects", atChief, "stranger", reject("drafter"), { reason: "not-your-turn" }],
  [
    "a substitute rejects for the absent 과장",
    atChief,
    sub("chief"),
    reject("drafter"),
    { reason: "not-your-turn" },
  ],
  [
    "the 국장 rejects a completed document",
    completed,
    "director",
    reject("drafter"),
    { reason: "already-acted" },
  ],

  // 보류
  [
    "the reviewer sets the document aside",
    submitted,
    "r",
    hold,
    { status: "in_progress", steps: "held waiting waiting waiting waiting", stepId: "s1", effects: [] },
  ],
  ["the reviewer sets it aside twice", play(submitted, ["r", hold]), "r", hold, { reason: "already-acted" }],
  [
    "the reviewer approves what they set aside: the hold is released",
    play(submitted, ["r", hold]),
    "r",
    approve,
    {
      status: "in_progress",
      steps: "approved pending pending waiting waiting",
      stepId: "s1",
      effects: [notifyOf("task", "c1", "c2")],
    },
  ],
  [
    "one 협조자 holds, the other agrees: the group still waits",
    play(atCooperation, ["c1", hold]),
    "c2",
    approve,
    { status: "in_progress", steps: "approved held approved waiting waiting", stepId: "s3", effects: [] },
  ],
  [
    "the 과장 closes by 전결 what they had set aside",
    play(atChief, ["chief", hold]),
    "chief",
    close,
    {
      status: "completed",
      steps: "approved approved approved approved skipped",
      stepId: "s4",
      effects: [{ type: "assign-number" }, notifyOf("completed", DRAFTER)],
    },
  ],
  ["someone whose turn has not come sets it aside", submitted, "chief", hold, { reason: "not-your-turn" }],

  // 회수
  [
    "the drafter withdraws before anyone acted",
    submitted,
    DRAFTER,
    withdraw,
    {
      status: "withdrawn",
      steps: "waiting waiting waiting waiting waiting",
      stepId: null,
      effects: [notifyOf("withdrawn", "r")],
    },
  ],
  [
    "the drafter withdraws after the first approval",
    atCooperation,
    DRAFTER,
    withdraw,
    { reason: "already-moved-on" },
  ],
  [
    "the drafter withdraws after the reviewer set it aside",
    play(submitted, ["r", hold]),
    DRAFTER,
    withdraw,
    { reason: "already-moved-on" },
  ],
  [
    "the drafter withdraws after a 반려 to the previous step left nothing signed",
    play(atCooperation, ["c1", reject("previous")]),
    DRAFTER,
    withdraw,
    {
      status: "withdrawn",
      steps: "waiting waiting waiting waiting waiting",
      stepId: null,
      effects: [notifyOf("withdrawn", "r")],
    },
  ],
  ["a line member withdraws", submitted, "r", withdraw, { reason: "not-drafter" }],
  ["the drafter withdraws a draft", draft, DRAFTER, withdraw, { reason: "wrong-status" }],
  ["the drafter withdraws a completed document", completed, DRAFTER, withdraw, { reason: "wrong-status" }],
  ["the drafter withdraws a rejected document", rejected, DRAFTER, withdraw, { reason: "wrong-status" }],
];

describe("applying an approval action", () => {
  it.each(cases)("%s", (_description, state, who, action, expected) => {
    const actor = typeof who === "string" ? person(who) : who;
    const before = structuredClone(state);
    const result = applyAction(state, actor, action);
    expect(state, "applyAction must not change its input").toEqual(before);

    if ("reason" in expected) {
      expect(result).toEqual({ ok: false, reason: expected.reason });
      const offered = availableActions(state, actor).includes(action.type);
      expect(offered, "only an action refused for its payload may still be offered").toBe(
        !!expected.badPayload,
      );
      return;
    }
    if (!result.ok) throw new Error(`expected success, was refused: ${result.reason}`);
    expect({
      status: result.state.status,
      steps: statuses(result.state),
      stepId: result.stepId,
      effects: result.effects,
    }).toEqual(expected);
    expect(result.state.registered).toBe(expected.status === "completed");
    expect(availableActions(state, actor), "an accepted action must be offered").toContain(action.type);
  });
});

describe("who signed what", () => {
  it("records a 전결 as delegated and the steps it closed as skipped, unsigned", () => {
    const result = play(atChief, ["chief", close]);
    expect(result.steps[3]).toMatchObject({ status: "approved", actedBy: "chief", signedAs: "delegated" });
    expect(result.steps[4]).toMatchObject({ status: "skipped", actedBy: null, signedAs: null });
  });

  it("records a 대결 as signed by the substitute, with 후결 owed and then done", () => {
    expect(proxiedChief.steps[3]).toMatchObject({
      assigneeId: "chief",
      actedBy: "sub",
      signedAs: "proxy",
      postApproval: "owed",
    });
    const after = play(proxiedChief, ["chief", postApprove("s4")]);
    expect(after.steps[3]).toMatchObject({ actedBy: "sub", signedAs: "proxy", postApproval: "done" });
  });

  it("closes a 전결 step under 대결 only as an ordinary signature, unless it is the last", () => {
    const closerLast = draftWith([
      { kind: "review", group: 1, assigneeId: "r" },
      { kind: "approve", group: 2, assigneeId: "chief", mayCloseByDelegation: true },
    ]);
    const done = play(closerLast, [DRAFTER, submit], ["r", approve], [sub("chief"), proxyFor("chief")]);
    expect(done.status).toBe("completed");
    expect(done.steps[1]).toMatchObject({ signedAs: "proxy", postApproval: "owed" });
  });

  it("clears the signatures of the group a 반려 to the previous step sends the document back to", () => {
    const back = play(proxiedChief, ["director", reject("previous")]);
    expect(statuses(back)).toBe("approved approved approved pending waiting");
    expect(back.steps[3]).toMatchObject({ actedBy: null, signedAs: null, postApproval: "none" });
    expect(back.steps[0]).toMatchObject({ actedBy: "r", signedAs: "self" });
  });

  it("lets the loser of two concurrent approvals see 이미 처리된 문서 on the fresh state", () => {
    // Both read `atChief`; the row lock serialises them, so the second reads the first's result.
    const first = applyAction(atChief, person("chief"), approve);
    if (!first.ok) throw new Error("the first approval must succeed");
    expect(applyAction(first.state, sub("chief"), proxyFor("chief"))).toEqual({
      ok: false,
      reason: "already-acted",
    });
    expect(applyAction(first.state, person("chief"), approve)).toEqual({
      ok: false,
      reason: "already-acted",
    });
  });
});

describe("the buttons offered", () => {
  it.each<[string, ApprovalState, Actor, Action["type"][]]>([
    ["the drafter of a draft", draft, person(DRAFTER), ["submit"]],
    ["the drafter right after 상신", submitted, person(DRAFTER), ["withdraw"]],
    ["the reviewer at their turn", submitted, person("r"), ["approve", "reject", "hold"]],
    ["the reviewer who set it aside", play(submitted, ["r", hold]), person("r"), ["approve", "reject"]],
    [
      "the 과장 with 전결 authority",
      atChief,
      person("chief"),
      ["approve", "close-by-delegation", "reject", "hold"],
    ],
    ["a substitute of the 과장", atChief, sub("chief"), ["proxy-approve"]],
    ["the 과장 owing 후결", proxiedChief, person("chief"), ["post-approve"]],
    ["the 국장 before their turn", atChief, person("director"), []],
    ["anyone on a completed document", completed, person("director"), []],
  ])("%s", (_description, state, actor, expected) => {
    expect(availableActions(state, actor)).toEqual(expected);
  });
});
