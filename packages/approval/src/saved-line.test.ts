import { describe, expect, it } from "vitest";
import { type DirectoryEntry, flagSavedLine, type SavedLineFlag, type SavedLineStep } from "./saved-line.ts";

const directory = new Map<string, DirectoryEntry>([
  ["same", { active: true, departmentId: "d1", positionId: "p1" }],
  ["retired", { active: false, departmentId: "d1", positionId: "p1" }],
  ["other-dept", { active: true, departmentId: "d2", positionId: "p1" }],
  ["promoted", { active: true, departmentId: "d1", positionId: "p2" }],
  ["no-post", { active: true, departmentId: null, positionId: null }],
  ["retired-and-moved", { active: false, departmentId: "d9", positionId: "p9" }],
]);

const saved = (assigneeId: string, departmentId: string | null = "d1", positionId: string | null = "p1") => ({
  assigneeId,
  departmentId,
  positionId,
});

describe("flagging a saved line", () => {
  it.each<[string, SavedLineStep, SavedLineFlag["problem"] | null]>([
    ["nobody changed", saved("same"), null],
    ["a holder who retired", saved("retired"), "retired"],
    ["a holder who moved to another department", saved("other-dept"), "moved"],
    ["a holder whose position changed", saved("promoted"), "moved"],
    ["a holder who lost their department", saved("no-post"), "moved"],
    ["a holder saved without a department who still has none", saved("no-post", null, null), null],
    ["a holder who both retired and moved: retired comes first", saved("retired-and-moved"), "retired"],
    ["a holder the agency does not know", saved("ghost"), "missing"],
  ])("%s", (_description, step, problem) => {
    expect(flagSavedLine([step], directory)).toEqual(
      problem ? [{ index: 0, assigneeId: step.assigneeId, problem }] : [],
    );
  });

  it("points at every flagged step by its position in the line", () => {
    expect(
      flagSavedLine([saved("same"), saved("retired"), saved("same"), saved("ghost")], directory),
    ).toEqual([
      { index: 1, assigneeId: "retired", problem: "retired" },
      { index: 3, assigneeId: "ghost", problem: "missing" },
    ]);
  });
});
