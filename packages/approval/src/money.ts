/** The largest amount written in words: 9조 9999억 9999만 9999원 (the schema stores bigint). */
export const MAX_AMOUNT = 9_999_999_999_999;

const DIGITS = ["영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"];
const SMALL_UNITS = ["", "십", "백", "천"];
const LARGE_UNITS = ["", "만", "억", "조"];

function assertAmount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_AMOUNT) {
    throw new RangeError(`An amount must be a whole number of won from 0 to ${MAX_AMOUNT}, got ${n}`);
  }
}

/** 0–9999 in words, with 일 written before every unit as official documents do (일천일백). */
function fourDigits(n: number): string {
  let words = "";
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(n / 10 ** place) % 10;
    if (digit !== 0) words += DIGITS[digit]! + SMALL_UNITS[place]!;
  }
  return words;
}

/**
 * An amount in Korean words the way official documents write it, so that it cannot be altered:
 * 113560 → 일십일만삼천오백육십, 10 → 일십, 1000000 → 일백만, 0 → 영.
 */
export function koreanAmountInWords(n: number): string {
  assertAmount(n);
  if (n === 0) return DIGITS[0]!;
  let words = "";
  let rest = n;
  for (let unit = 0; rest > 0; unit++) {
    const group = rest % 10_000;
    if (group !== 0) words = fourDigits(group) + LARGE_UNITS[unit]! + words;
    rest = Math.floor(rest / 10_000);
  }
  return words;
}

/** An amount in figures and words: 금113,560원(금일십일만삼천오백육십원). */
export function formatWonWithWords(n: number): string {
  assertAmount(n);
  // Grouped by hand: Intl's output depends on the runtime's ICU data, this must not.
  const figures = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `금${figures}원(금${koreanAmountInWords(n)}원)`;
}
