import type { Locale } from "./locale.ts";

// Dates are shown in Korea's time zone whatever the server's or the browser's zone is, so the
// server-rendered page and the hydrated one agree, and a date means the same day for everyone.
const TIME_ZONE = "Asia/Seoul";

const INTL_LOCALE: Record<Locale, string> = { ko: "ko-KR", en: "en-US" };

const dateOptions: Record<Locale, Intl.DateTimeFormatOptions> = {
  // 2026. 11. 24. — the form Korean official documents use.
  ko: { year: "numeric", month: "numeric", day: "numeric", timeZone: TIME_ZONE },
  // Nov 24, 2026 — a spelled-out month cannot be misread as day/month.
  en: { year: "numeric", month: "short", day: "numeric", timeZone: TIME_ZONE },
};

// A 24-hour clock: ICU's Korean day-period names differ between versions (오후 / PM), and a
// page rendered by Node must read the same after the browser hydrates it.
const timeOptions: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

/** A calendar date in Korea's time zone: `2026. 11. 24.` (ko), `Nov 24, 2026` (en). */
export function formatDate(date: Date | string | number, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], dateOptions[locale]).format(new Date(date));
}

/** A date and 24-hour time in Korea's time zone: `2026. 11. 24. 14:04` (ko), `Nov 24, 2026, 14:04` (en). */
export function formatDateTime(date: Date | string | number, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { ...dateOptions[locale], ...timeOptions }).format(
    new Date(date),
  );
}

/** A number with the locale's digit grouping: `1,234,567`. */
export function formatNumber(value: number, locale: Locale, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], options).format(value);
}

const KIB = 1024;
const MIB = 1024 * KIB;

/**
 * A file's size as Korean offices write it, in bytes, KB or MB (powers of 1,024, one decimal
 * below ten): `512 B`, `340 KB`, `1.5 MB`, `20 MB`.
 */
export function formatFileSize(bytes: number, locale: Locale): string {
  const [value, unit] =
    bytes >= MIB ? [bytes / MIB, "MB"] : bytes >= KIB ? [bytes / KIB, "KB"] : [bytes, "B"];
  const digits = unit !== "B" && value < 10 ? 1 : 0;
  return `${formatNumber(Number(value.toFixed(digits)), locale, { maximumFractionDigits: digits })} ${unit}`;
}
