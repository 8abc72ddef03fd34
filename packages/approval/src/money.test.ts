import { describe, expect, it } from "vitest";
import { formatWonWithWords, koreanAmountInWords, MAX_AMOUNT } from "./money.ts";

describe("writing an amount in Korean words", () => {
  it.each<[number, string]>([
    [0, "영"],
    [1, "일"],
    [9, "구"],
    [10, "일십"],
    [11, "일십일"],
    [20, "이십"],
    [99, "구십구"],
    [100, "일백"],
    [101, "일백일"],
    [110, "일백일십"],
    [1_000, "일천"],
    [1_001, "일천일"],
    [9_999, "구천구백구십구"],
    [10_000, "일만"],
    [10_001, "일만일"],
    [11_000, "일만일천"],
    [100_000, "일십만"],
    [113_560, "일십일만삼천오백육십"],
    [1_000_000, "일백만"],
    [1_000_010, "일백만일십"],
    [10_000_000, "일천만"],
    [23_450_000, "이천삼백사십오만"],
    [100_000_000, "일억"],
    [100_000_001, "일억일"],
    [100_010_000, "일억일만"],
    [305_000_700, "삼억오백만칠백"],
    [1_000_000_000_000, "일조"],
    [1_000_000_000_001, "일조일"],
    [9_999_999_999_999, "구조구천구백구십구억구천구백구십구만구천구백구십구"],
  ])("%d → %s", (n, words) => {
    expect(koreanAmountInWords(n)).toBe(words);
  });

  it.each([-1, 0.5, MAX_AMOUNT + 1, Number.NaN, Number.POSITIVE_INFINITY])("refuses %d", (n) => {
    expect(() => koreanAmountInWords(n)).toThrow(RangeError);
    expect(() => formatWonWithWords(n)).toThrow(RangeError);
  });
});

describe("writing an amount in figures and words", () => {
  it.each<[number, string]>([
    [113_560, "금113,560원(금일십일만삼천오백육십원)"],
    [0, "금0원(금영원)"],
    [999, "금999원(금구백구십구원)"],
    [1_000, "금1,000원(금일천원)"],
    [1_000_000, "금1,000,000원(금일백만원)"],
    [MAX_AMOUNT, "금9,999,999,999,999원(금구조구천구백구십구억구천구백구십구만구천구백구십구원)"],
  ])("%d → %s", (n, text) => {
    expect(formatWonWithWords(n)).toBe(text);
  });
});
