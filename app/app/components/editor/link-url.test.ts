import { describe, expect, it } from "vitest";
import { isSafeHref, normalizeLinkUrl } from "./link-url.ts";

describe("link addresses", () => {
  it.each([
    ["https://www.korea.kr/news", "https://www.korea.kr/news"],
    ["  HTTP://example.go.kr  ", "HTTP://example.go.kr"],
    ["mailto:minji@digital.go.kr", "mailto:minji@digital.go.kr"],
    ["www.korea.kr", "https://www.korea.kr"],
    ["정부24.kr/민원", "https://정부24.kr/민원"],
    ["/t/digital-gov/documents/1", "/t/digital-gov/documents/1"],
  ])("keeps %s", (input, expected) => {
    expect(normalizeLinkUrl(input)).toBe(expected);
  });

  it.each([
    ["javascript:alert(1)"],
    ["java\nscript:alert(1)"],
    ["JaVaScRiPt:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["//evil.example"],
    ["/\\evil.example"],
    ["vbscript:msgbox"],
    ["file:///etc/passwd"],
    [""],
    ["   "],
    ["그냥 글자"],
    [`https://example.go.kr/${"a".repeat(2100)}`],
  ])("refuses %j", (input) => {
    expect(normalizeLinkUrl(input)).toBeNull();
  });

  it("accepts as stored only what it would store", () => {
    expect(isSafeHref("https://www.korea.kr")).toBe(true);
    expect(isSafeHref("www.korea.kr")).toBe(false);
    expect(isSafeHref("javascript:void(0)")).toBe(false);
  });
});
