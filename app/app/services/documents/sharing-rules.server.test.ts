import { describe, expect, it } from "vitest";
import { decideSharing, isBeyondOwnDepartment, type ShareChange } from "./sharing-rules.server.ts";

const ME = "me";
const SOMEONE = "someone";
const byOwner = { role: "editor" as const, createdBy: SOMEONE };
const byMe = { role: "editor" as const, createdBy: ME };

describe("who may change a document's sharing", () => {
  it.each([
    // [actor's role, change, expected]
    ["reader", { kind: "add", role: "reader" }, "not-sharer"],
    ["commenter", { kind: "add", role: "reader" }, "not-sharer"],
    [null, { kind: "add", role: "reader" }, "not-sharer"],
    ["editor", { kind: "add", role: "editor" }, "ok"],
    ["owner", { kind: "add", role: "editor" }, "ok"],
    ["editor", { kind: "change", role: "editor", existing: { role: "reader", createdBy: SOMEONE } }, "ok"],
    ["editor", { kind: "change", role: "reader", existing: byOwner }, "editor-cannot-lower"],
    ["editor", { kind: "change", role: "reader", existing: byMe }, "ok"],
    ["owner", { kind: "change", role: "reader", existing: byOwner }, "ok"],
    ["editor", { kind: "remove", existing: byOwner }, "editor-cannot-remove"],
    ["editor", { kind: "remove", existing: byMe }, "ok"],
    ["owner", { kind: "remove", existing: byOwner }, "ok"],
    ["commenter", { kind: "remove", existing: byMe }, "not-sharer"],
    ["editor", { kind: "link", access: "agency", publicLinksAllowed: true }, "owner-only"],
    ["owner", { kind: "link", access: "agency", publicLinksAllowed: false }, "ok"],
    ["owner", { kind: "link", access: "public", publicLinksAllowed: false }, "public-links-off"],
    ["owner", { kind: "link", access: "public", publicLinksAllowed: true }, "ok"],
    ["owner", { kind: "link", access: "off", publicLinksAllowed: false }, "ok"],
    ["editor", { kind: "transfer" }, "owner-only"],
    ["owner", { kind: "transfer" }, "ok"],
  ] as const)("%s: %j → %s", (role, change, expected) => {
    const decision = decideSharing({ id: ME, role }, change as ShareChange);
    expect(decision.ok ? "ok" : decision.reason).toBe(expected);
  });
});

describe("whether a share reaches beyond the sharer's own department", () => {
  // 국 ─┬─ 과 ── 팀
  //     └─ 다른과
  // 총무과
  const parentOf = new Map<string, string | null>([
    ["bureau", null],
    ["division", "bureau"],
    ["team", "division"],
    ["sibling", "bureau"],
    ["general", null],
  ]);

  it.each([
    ["a person of the same department", "division", { kind: "user", departmentId: "division" }, false],
    ["a person of a sub-department", "division", { kind: "user", departmentId: "team" }, false],
    ["a person of the parent bureau", "division", { kind: "user", departmentId: "bureau" }, true],
    ["a person of a sibling department", "division", { kind: "user", departmentId: "sibling" }, true],
    ["a person of another department", "division", { kind: "user", departmentId: "general" }, true],
    ["a person without a department", "division", { kind: "user", departmentId: null }, true],
    ["the sharer's own department", "division", { kind: "department", departmentId: "division" }, false],
    ["a sub-department", "division", { kind: "department", departmentId: "team" }, false],
    [
      "the parent bureau (it covers others)",
      "division",
      { kind: "department", departmentId: "bureau" },
      true,
    ],
    ["another department", "division", { kind: "department", departmentId: "general" }, true],
    ["the whole agency", "division", { kind: "tenant" }, true],
    ["a link for the agency", "division", { kind: "link" }, true],
    ["anyone, for a sharer without a department", null, { kind: "user", departmentId: "division" }, true],
  ] as const)("%s → %s", (_case, sharer, target, expected) => {
    expect(isBeyondOwnDepartment(sharer, target, parentOf)).toBe(expected);
  });

  it("stops on a cycle the org chart should never have", () => {
    const cyclic = new Map<string, string | null>([
      ["a", "b"],
      ["b", "a"],
    ]);
    expect(isBeyondOwnDepartment("c", { kind: "department", departmentId: "a" }, cyclic)).toBe(true);
  });
});
