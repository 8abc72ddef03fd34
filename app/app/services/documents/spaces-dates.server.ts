import { formatDate, formatDateTime, type Locale } from "@nuri/i18n";

// Dates in the document lists: recent ones relative ("3분 전", "어제"), older ones as a date
// ("2026. 11. 24."), always with the exact date and time for a tooltip and <time dateTime>.
// Formatted on the server against the request's `now`, so the hydrated page reads the same.

const INTL_LOCALE: Record<Locale, string> = { ko: "ko-KR", en: "en-US" };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SEOUL_OFFSET = 9 * HOUR;

export interface ListDate {
  /** What the list shows: relative within a week, a date after that. */
  label: string;
  /** The exact moment, for the title and assistive technology. */
  exact: string;
  /** ISO 8601, for <time dateTime>. */
  iso: string;
}

/** Calendar days between two moments, counted in Korea's time zone. */
function seoulDaysBetween(earlier: Date, later: Date): number {
  const day = (date: Date) => Math.floor((date.getTime() + SEOUL_OFFSET) / DAY);
  return day(later) - day(earlier);
}

/** A list's date: "방금 전", "N분 전", "N시간 전" (today), "어제", "N일 전" (a week), then a date. */
export function describeListDate(date: Date, now: Date, locale: Locale): ListDate {
  const exact = formatDateTime(date, locale);
  const iso = date.toISOString();
  const relative = new Intl.RelativeTimeFormat(INTL_LOCALE[locale], { numeric: "auto" });
  const elapsed = now.getTime() - date.getTime();
  const days = seoulDaysBetween(date, now);
  let label: string;
  if (elapsed < 0 || days > 6) label = formatDate(date, locale);
  else if (elapsed < MINUTE) label = relative.format(0, "second");
  else if (elapsed < HOUR) label = relative.format(-Math.floor(elapsed / MINUTE), "minute");
  else if (days === 0) label = relative.format(-Math.floor(elapsed / HOUR), "hour");
  else label = relative.format(-days, "day");
  return { label, exact, iso };
}
