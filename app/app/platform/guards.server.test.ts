import { describe, expect, it } from "vitest";
import { safeOperatorRedirect } from "./guards.server.ts";

describe("safeOperatorRedirect", () => {
  it.each([
    [null, "/platform/applications"],
    ["/platform/applications/123?x=1", "/platform/applications/123?x=1"],
    ["/platform/sign-in", "/platform/applications"],
    ["/platform", "/platform/applications"],
    ["//evil.example/platform/x", "/platform/applications"],
    ["https://evil.example/platform/x", "/platform/applications"],
    ["/t/digital-gov/", "/platform/applications"],
  ])("sends %s to %s", (target, expected) => {
    expect(safeOperatorRedirect(target)).toBe(expected);
  });
});
