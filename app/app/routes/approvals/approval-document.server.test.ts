import { describe, expect, it } from "vitest";
import {
  addStep,
  moveStep,
  type PostedStep,
  parseLineAction,
  readPostedLine,
  toDraftLine,
} from "./approval-document.server.ts";

// The line editor of the approval page posts its rows as parallel lists; these turn them into
// the services' line, and the buttons' names into actions.

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";
const D = "00000000-0000-4000-8000-00000000000d";

const step = (kind: PostedStep["kind"], assigneeId: string, extra: Partial<PostedStep> = {}): PostedStep => ({
  kind,
  assigneeId,
  delegation: false,
  parallel: false,
  ...extra,
});

describe("the line editor's rows", () => {
  it("reads the rows in order, a 병렬 box joining a 협조 to the one before, never a 협조 to 전결", () => {
    const form = new FormData();
    for (const [assignee, kind, delegation] of [
      [A, "review", "0"],
      [B, "cooperate", "0"],
      [C, "cooperate", "1"],
      [D, "approve", "1"],
    ]) {
      form.append("stepAssignee", assignee!);
      form.append("stepKind", kind!);
      form.append("stepDelegation", delegation!);
    }
    form.append("stepParallel", C);
    const posted = readPostedLine(form);
    expect(posted).toEqual([
      step("review", A),
      step("cooperate", B),
      step("cooperate", C, { parallel: true }),
      step("approve", D, { delegation: true }),
    ]);
    expect(toDraftLine(posted)).toEqual([
      { kind: "review", group: 1, assigneeId: A, mayCloseByDelegation: false },
      { kind: "cooperate", group: 2, assigneeId: B, mayCloseByDelegation: false },
      { kind: "cooperate", group: 2, assigneeId: C, mayCloseByDelegation: false },
      { kind: "approve", group: 3, assigneeId: D, mayCloseByDelegation: true },
    ]);
  });

  it("keeps a 병렬 box from joining anything but two 협조, and an unknown kind is 결재", () => {
    const line = toDraftLine([
      step("review", A, { parallel: true }),
      step("cooperate", B, { parallel: true }),
    ]);
    expect(line.map((s) => s.group)).toEqual([1, 2]);
    const form = new FormData();
    form.append("stepAssignee", A);
    form.append("stepKind", "boss");
    expect(readPostedLine(form)).toEqual([step("approve", A)]);
  });

  it("puts 검토 and 협조 before the first 결재 and 결재 at the end; moves stay in range", () => {
    const line = [step("approve", A, { delegation: true })];
    const reviewed = addStep(line, "review", B);
    expect(reviewed.map((s) => s.assigneeId)).toEqual([B, A]);
    const cooperated = addStep(reviewed, "cooperate", C);
    expect(cooperated.map((s) => s.assigneeId)).toEqual([B, C, A]);
    const approved = addStep(cooperated, "approve", D);
    expect(approved.map((s) => s.assigneeId)).toEqual([B, C, A, D]);
    expect(moveStep(approved, 3, -1).map((s) => s.assigneeId)).toEqual([B, C, D, A]);
    expect(moveStep(approved, 0, -1)).toEqual(approved);
    expect(moveStep(approved, 3, 1)).toEqual(approved);
  });
});

describe("the action panel's buttons", () => {
  it("names the action, the person a 대결 is for, the step a 후결 signs, where a 반려 goes", () => {
    const form = new FormData();
    form.set("opinion", "의견입니다.");
    form.set("rejectTo", "previous");
    expect(parseLineAction("act:approve", form)).toEqual({ type: "approve", opinion: "의견입니다." });
    expect(parseLineAction(`act:proxy-approve:${A}`, form)).toEqual({
      type: "proxy-approve",
      forPersonId: A,
      opinion: "의견입니다.",
    });
    expect(parseLineAction(`act:post-approve:${B}`, form)).toEqual({
      type: "post-approve",
      stepId: B,
      opinion: "의견입니다.",
    });
    expect(parseLineAction("act:reject", form)).toEqual({
      type: "reject",
      to: "previous",
      opinion: "의견입니다.",
    });
    expect(parseLineAction("act:submit", form)).toBeNull();
    expect(parseLineAction("act:", form)).toBeNull();
  });
});
