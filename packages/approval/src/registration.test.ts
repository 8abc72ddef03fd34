import { describe, expect, it } from "vitest";
import { effectiveDate, formatRegistrationNumber, registrationYear } from "./registration.ts";

describe("registration numbers", () => {
  it("reads 처리과명-일련번호", () => {
    expect(formatRegistrationNumber("디지털정부정책과", 12)).toBe("디지털정부정책과-12");
    expect(formatRegistrationNumber(" 행정실 ", 1)).toBe("행정실-1");
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses the serial %d", (serial) => {
    expect(() => formatRegistrationNumber("민원과", serial)).toThrow(RangeError);
  });

  it("refuses a blank department name", () => {
    expect(() => formatRegistrationNumber("  ", 1)).toThrow(RangeError);
  });
});

describe("the year and date in Seoul", () => {
  it.each<[string, number, string]>([
    ["2026-12-31T14:59:59Z", 2026, "2026-12-31"],
    ["2026-12-31T15:00:00Z", 2027, "2027-01-01"],
    ["2026-12-31T15:30:00Z", 2027, "2027-01-01"],
    ["2027-01-01T00:00:00Z", 2027, "2027-01-01"],
    ["2026-06-30T23:00:00Z", 2026, "2026-07-01"],
    ["2028-02-28T15:00:00Z", 2028, "2028-02-29"],
  ])("%s is %d, %s", (instant, year, date) => {
    expect(registrationYear(new Date(instant))).toBe(year);
    expect(effectiveDate(new Date(instant))).toBe(date);
  });

  it("refuses an invalid date", () => {
    expect(() => registrationYear(new Date("not a date"))).toThrow(RangeError);
    expect(() => effectiveDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
