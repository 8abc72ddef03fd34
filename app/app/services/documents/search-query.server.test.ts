import { describe, expect, it } from "vitest";
import {
  containsPattern,
  parseSearchQuery,
  SEARCH_MAX_TERMS,
  SEARCH_QUERY_MAX_LENGTH,
} from "./search-query.server.ts";

const terms = (raw: string) => {
  const parsed = parseSearchQuery(raw);
  if (!parsed.ok) throw new Error(`refused: ${parsed.reason}`);
  return parsed.terms.map((t) => t.text);
};
const reason = (raw: string) => {
  const parsed = parseSearchQuery(raw);
  return parsed.ok ? "ok" : parsed.reason;
};

describe("parseSearchQuery", () => {
  it("splits at white space, keeps quoted phrases whole and counts a repeated term once", () => {
    expect(terms("  디지털정부   추진\t계획 ")).toEqual(["디지털정부", "추진", "계획"]);
    expect(terms('"디지털 정부" 계획')).toEqual(["디지털 정부", "계획"]);
    expect(terms("Cloud cloud CLOUD 예산 예산")).toEqual(["Cloud", "예산"]);
    expect(terms('따옴표가 "하나뿐')).toEqual(["따옴표가", '"하나뿐']);
  });

  it("composes decomposed Hangul (NFC) and turns control characters into spaces", () => {
    const decomposed = "\u1112\u1161\u11ab\u1100\u116e\u11a8"; // 한국 typed as jamo
    expect(terms(decomposed)).toEqual(["한국"]);
    expect(terms("예산\u0000집행\u200b결과")).toEqual(["예산", "집행", "결과"]);
  });

  it("marks terms without cased letters caseless", () => {
    const parsed = parseSearchQuery("정 정부 디지털 Cloud 2026 straße");
    expect(parsed.ok && parsed.terms).toEqual([
      { text: "정", caseless: true },
      { text: "정부", caseless: true },
      { text: "디지털", caseless: true },
      { text: "Cloud", caseless: false },
      { text: "2026", caseless: true },
      { text: "straße", caseless: false },
    ]);
  });

  it("refuses an empty query, one too long, too many terms and a term without letters or digits", () => {
    expect(reason("")).toBe("empty");
    expect(reason("   \n\t ")).toBe("empty");
    expect(reason('""')).toBe("empty");
    expect(reason("가".repeat(SEARCH_QUERY_MAX_LENGTH))).toBe("ok");
    expect(reason("가".repeat(SEARCH_QUERY_MAX_LENGTH + 1))).toBe("tooLong");
    // counted in characters, not UTF-16 units: 100 emoji-free Hanja outside the BMP are fine
    expect(reason("𠀀".repeat(SEARCH_QUERY_MAX_LENGTH))).toBe("ok");
    const many = Array.from({ length: SEARCH_MAX_TERMS + 1 }, (_, i) => `낱말${i}`).join(" ");
    expect(reason(many)).toBe("tooManyTerms");
    expect(reason("예산 %%")).toBe("noLetters");
    expect(reason("… ·")).toBe("noLetters");
  });
});

describe("containsPattern", () => {
  it("makes LIKE's wildcards and escape character literal", () => {
    expect(containsPattern("100%")).toBe("%100\\%%");
    expect(containsPattern("a_b")).toBe("%a\\_b%");
    expect(containsPattern("C:\\temp")).toBe("%C:\\\\temp%");
    expect(containsPattern("정부")).toBe("%정부%");
  });
});
