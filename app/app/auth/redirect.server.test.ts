import { describe, expect, it } from "vitest";
import { safeRedirect } from "./redirect.server.ts";

describe("safeRedirect", () => {
  it.each([
    ["/t/a/account/sessions", "/t/a/account/sessions"],
    ["/t/a/admin?x=1", "/t/a/admin?x=1"],
    [undefined, "/t/a/"],
    ["/t/b/", "/t/a/"],
    ["https://evil.example/t/a/", "/t/a/"],
    ["//evil.example/t/a/", "/t/a/"],
    ["/t/a/\\evil", "/t/a/"],
    ["/t/a/../b/", "/t/a/"],
    ["/t/a/sign-in", "/t/a/"],
  ])("%s → %s", (input, expected) => {
    expect(safeRedirect("a", input)).toBe(expected);
  });
});
