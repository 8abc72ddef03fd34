import { describe, expect, it } from "vitest";
import {
  currentGroup,
  currentHolders,
  type LineProblem,
  type LineStepInput,
  MAX_LINE_STEPS,
  startLine,
  validateLine,
} from "./approval-line.ts";
import { DRAFTER, draftWith, play } from "./testing.ts";

const step = (
  kind: LineStepInput["kind"],
  group: number,
  assigneeId: string,
  mayCloseByDelegation = false,
): LineStepInput => ({ kind, group, assigneeId, mayCloseByDelegation });

describe("validating a line", () => {
  it.each<[string, LineStepInput[]]>([
    ["a single 결재", [step("approve", 1, "a")]],
    ["검토 then 결재", [step("review", 1, "a"), step("approve", 2, "b")]],
    [
      "a parallel 협조 of two between 검토 and 결재",
      [step("review", 1, "a"), step("cooperate", 2, "b"), step("cooperate", 2, "c"), step("approve", 3, "d")],
    ],
    ["a 검토 step with 전결 authority", [step("review", 1, "a", true), step("approve", 2, "b")]],
    ["a 결재 with 전결 authority", [step("approve", 1, "a", true)]],
    [
      "exactly the longest line allowed",
      Array.from({ length: MAX_LINE_STEPS }, (_, i) =>
        step(i === MAX_LINE_STEPS - 1 ? "approve" : "review", i + 1, `p${i}`),
      ),
    ],
  ])("accepts %s", (_description, steps) => {
    expect(validateLine(steps, DRAFTER)).toEqual({ ok: true });
  });

  it.each<[string, LineStepInput[], LineProblem[]]>([
    ["an empty line", [], [{ code: "empty" }]],
    ["a line ending in 검토", [step("review", 1, "a")], [{ code: "must-end-with-approve", index: 0 }]],
    [
      "a line ending in 협조",
      [step("approve", 1, "a"), step("cooperate", 2, "b")],
      [{ code: "must-end-with-approve", index: 1 }],
    ],
    [
      "a line ending in two parallel 결재",
      [step("approve", 1, "a"), step("approve", 1, "b")],
      [
        { code: "parallel-only-cooperate", index: 0 },
        { code: "parallel-only-cooperate", index: 1 },
        { code: "must-end-with-approve", index: 1 },
      ],
    ],
    [
      "a 검토 in parallel with a 협조",
      [step("review", 1, "a"), step("cooperate", 1, "b"), step("approve", 2, "c")],
      [{ code: "parallel-only-cooperate", index: 0 }],
    ],
    ["the drafter in the line", [step("approve", 1, DRAFTER)], [{ code: "drafter-in-line", index: 0 }]],
    [
      "one person twice",
      [step("review", 1, "a"), step("approve", 2, "a")],
      [{ code: "duplicate-person", index: 1 }],
    ],
    [
      "a 협조 with 전결 authority",
      [step("cooperate", 1, "a", true), step("approve", 2, "b")],
      [{ code: "cooperator-cannot-close", index: 0 }],
    ],
    ["a line starting at group 2", [step("approve", 2, "a")], [{ code: "groups-not-contiguous", index: 0 }]],
    [
      "a gap between groups",
      [step("review", 1, "a"), step("approve", 3, "b")],
      [{ code: "groups-not-contiguous", index: 1 }],
    ],
    [
      "groups out of order",
      [step("review", 2, "a"), step("review", 1, "b"), step("approve", 3, "c")],
      [
        { code: "groups-not-contiguous", index: 0 },
        { code: "groups-not-contiguous", index: 1 },
        { code: "groups-not-contiguous", index: 2 },
      ],
    ],
    ["a fractional group", [step("approve", 1.5, "a")], [{ code: "groups-not-contiguous", index: 0 }]],
    [
      "one step more than allowed",
      Array.from({ length: MAX_LINE_STEPS + 1 }, (_, i) =>
        step(i === MAX_LINE_STEPS ? "approve" : "review", i + 1, `p${i}`),
      ),
      [{ code: "too-many-steps" }],
    ],
  ])("refuses %s", (_description, steps, problems) => {
    expect(validateLine(steps, DRAFTER)).toEqual({ ok: false, problems });
  });
});

describe("starting a line", () => {
  it("makes fresh waiting steps with nothing signed", () => {
    expect(startLine([{ ...step("approve", 1, "a", true), id: "x" }])).toEqual([
      {
        id: "x",
        kind: "approve",
        group: 1,
        assigneeId: "a",
        mayCloseByDelegation: true,
        status: "waiting",
        actedBy: null,
        signedAs: null,
        postApproval: "none",
      },
    ]);
  });
});

describe("whose turn it is", () => {
  const draft = draftWith([
    { kind: "review", group: 1, assigneeId: "r" },
    { kind: "cooperate", group: 2, assigneeId: "c1" },
    { kind: "cooperate", group: 2, assigneeId: "c2" },
    { kind: "approve", group: 3, assigneeId: "d" },
  ]);

  it("is nobody's before 상신", () => {
    expect(currentGroup(draft)).toBeNull();
    expect(currentHolders(draft)).toEqual([]);
  });

  it("is the first group's after 상신", () => {
    const submitted = play(draft, [DRAFTER, { type: "submit" }]);
    expect(currentGroup(submitted)).toBe(1);
    expect(currentHolders(submitted)).toEqual(["r"]);
  });

  it("stays with the 협조자 who set it aside while the other has agreed", () => {
    const state = play(
      draft,
      [DRAFTER, { type: "submit" }],
      ["r", { type: "approve" }],
      ["c1", { type: "hold" }],
      ["c2", { type: "approve" }],
    );
    expect(currentGroup(state)).toBe(2);
    expect(currentHolders(state)).toEqual(["c1"]);
  });

  it("is nobody's once completed", () => {
    const done = play(
      draft,
      [DRAFTER, { type: "submit" }],
      ["r", { type: "approve" }],
      ["c1", { type: "approve" }],
      ["c2", { type: "approve" }],
      ["d", { type: "approve" }],
    );
    expect(currentGroup(done)).toBeNull();
    expect(currentHolders(done)).toEqual([]);
  });
});
