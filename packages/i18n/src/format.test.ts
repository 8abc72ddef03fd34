import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatFileSize, formatNumber } from "./format.ts";

describe("formatDate", () => {
  it("writes Korean dates the way official documents do", () => {
    expect(formatDate(new Date("2026-11-24T03:00:00Z"), "ko")).toBe("2026. 11. 24.");
  });

  it("spells out the month in English", () => {
    expect(formatDate(new Date("2026-11-24T03:00:00Z"), "en")).toBe("Nov 24, 2026");
  });

  it("uses Korea's day, not the server's", () => {
    // 20:00 UTC on the 23rd is already 05:00 on the 24th in Seoul.
    expect(formatDate("2026-11-23T20:00:00Z", "ko")).toBe("2026. 11. 24.");
  });
});

describe("formatDateTime", () => {
  it("adds a 24-hour time in Korea's time zone", () => {
    expect(formatDateTime("2026-11-24T05:04:00Z", "ko")).toBe("2026. 11. 24. 14:04");
    expect(formatDateTime("2026-11-24T05:04:00Z", "en")).toBe("Nov 24, 2026, 14:04");
  });
});

describe("formatNumber", () => {
  it("groups digits", () => {
    expect(formatNumber(1234567, "ko")).toBe("1,234,567");
    expect(formatNumber(1234567.5, "en")).toBe("1,234,567.5");
  });

  it("passes Intl options through", () => {
    expect(formatNumber(0.25, "ko", { style: "percent" })).toBe("25%");
  });
});

describe("formatFileSize", () => {
  it("writes bytes, KB and MB in powers of 1,024, one decimal below ten", () => {
    expect(formatFileSize(512, "ko")).toBe("512 B");
    expect(formatFileSize(1536, "ko")).toBe("1.5 KB");
    expect(formatFileSize(348_160, "ko")).toBe("340 KB");
    expect(formatFileSize(1_572_864, "en")).toBe("1.5 MB");
    expect(formatFileSize(20 * 1024 * 1024, "ko")).toBe("20 MB");
    expect(formatFileSize(1023 * 1024 * 1024, "ko")).toBe("1,023 MB");
  });
});
