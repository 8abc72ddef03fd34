import { describe, expect, it } from "vitest";
import { type RecordsInput, type RecordsProblem, validateRecords } from "./records.ts";

describe("validating records metadata", () => {
  it.each<[string, RecordsInput]>([
    ["공개 with no ground, 5년", { disclosure: "public", grounds: [], retention: "5y" }],
    ["부분공개 citing 1호, 영구", { disclosure: "partial", grounds: [1], retention: "permanent" }],
    [
      "비공개 citing 5호 and 6호, 준영구",
      { disclosure: "private", grounds: [5, 6], retention: "semi_permanent" },
    ],
    [
      "비공개 citing every ground, 1년",
      { disclosure: "private", grounds: [1, 2, 3, 4, 5, 6, 7, 8], retention: "1y" },
    ],
  ])("accepts %s", (_description, input) => {
    expect(validateRecords(input)).toEqual({ ok: true });
  });

  it.each<[string, RecordsInput, RecordsProblem[]]>([
    ["no 공개구분", { disclosure: null, grounds: [], retention: "5y" }, ["disclosure-required"]],
    ["no 보존기간", { disclosure: "public", grounds: [], retention: null }, ["retention-required"]],
    ["an unknown 보존기간", { disclosure: "public", grounds: [], retention: "2y" }, ["retention-required"]],
    [
      "nothing at all",
      { disclosure: null, grounds: [], retention: null },
      ["disclosure-required", "retention-required"],
    ],
    [
      "부분공개 without a ground",
      { disclosure: "partial", grounds: [], retention: "3y" },
      ["grounds-required"],
    ],
    [
      "비공개 without a ground",
      { disclosure: "private", grounds: [], retention: "3y" },
      ["grounds-required"],
    ],
    [
      "공개 citing a ground",
      { disclosure: "public", grounds: [2], retention: "10y" },
      ["grounds-not-allowed"],
    ],
    ["a ground of 9호", { disclosure: "private", grounds: [9], retention: "30y" }, ["grounds-invalid"]],
    ["a ground of 0호", { disclosure: "private", grounds: [0], retention: "30y" }, ["grounds-invalid"]],
    ["a fractional ground", { disclosure: "partial", grounds: [1.5], retention: "30y" }, ["grounds-invalid"]],
    ["a ground twice", { disclosure: "partial", grounds: [3, 3], retention: "30y" }, ["grounds-invalid"]],
    [
      "an unknown 공개구분",
      { disclosure: "secret" as RecordsInput["disclosure"], grounds: [], retention: "1y" },
      ["disclosure-required"],
    ],
  ])("refuses %s", (_description, input, problems) => {
    expect(validateRecords(input)).toEqual({ ok: false, problems });
  });
});
