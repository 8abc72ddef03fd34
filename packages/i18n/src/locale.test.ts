import { describe, expect, it } from "vitest";
import { DEFAULT_LOCALE, isLocale, pickLocale } from "./locale.ts";

describe("pickLocale", () => {
  it("defaults to Korean when nothing is known", () => {
    expect(DEFAULT_LOCALE).toBe("ko");
    expect(pickLocale()).toBe("ko");
    expect(pickLocale(undefined, null, "")).toBe("ko");
  });

  it.each([
    ["en", "en"],
    ["ko", "ko"],
    ["en-US,en;q=0.9", "en"],
    ["ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"],
    ["fr-FR,fr;q=0.9,en;q=0.5", "en"],
    ["en;q=0.5,ko;q=0.8", "ko"],
    ["EN-gb", "en"],
    ["ko;q=0,en;q=0.1", "en"],
    ["fr, de", "ko"],
    ["*", "ko"],
    ["en;q=abc", "ko"],
  ] as const)("reads %j as %s", (header, expected) => {
    expect(pickLocale(header)).toBe(expected);
  });

  it("lets an earlier source win over a later one", () => {
    expect(pickLocale("en", "ko", "ko-KR")).toBe("en");
    expect(pickLocale(null, "en", "ko-KR")).toBe("en");
  });

  it("skips a source that names no supported language", () => {
    expect(pickLocale("ja", undefined, "en-US")).toBe("en");
  });
});

describe("isLocale", () => {
  it("accepts exactly the supported tags", () => {
    expect(isLocale("ko")).toBe(true);
    expect(isLocale("en")).toBe(true);
    expect(isLocale("en-US")).toBe(false);
    expect(isLocale("KO")).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
