// Registration numbers run per 처리과 and calendar year, and the year is Korea's: a document
// completed at 00:30 on 1 January in Seoul belongs to the new year whatever the server's zone.
const SEOUL_DATE = new Intl.DateTimeFormat("en-US", {
  timeZone: "Asia/Seoul",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

function seoulDate(now: Date): { year: number; month: string; day: string } {
  if (Number.isNaN(now.getTime())) throw new RangeError("Expected a valid date");
  const parts = Object.fromEntries(SEOUL_DATE.formatToParts(now).map((part) => [part.type, part.value]));
  return { year: Number(parts.year), month: parts.month!, day: parts.day! };
}

/** The 문서번호 of a registered document: 처리과명-일련번호, e.g. 디지털정부정책과-12. */
export function formatRegistrationNumber(departmentName: string, serial: number): string {
  const name = departmentName.trim();
  if (name === "") throw new RangeError("A registration number needs the 처리과 name");
  if (!Number.isInteger(serial) || serial < 1) {
    throw new RangeError(`A registration serial is a whole number from 1, got ${serial}`);
  }
  return `${name}-${serial}`;
}

/** The calendar year in Asia/Seoul, which the registration serial restarts with. */
export function registrationYear(now: Date): number {
  return seoulDate(now).year;
}

/** The 시행일자 (YYYY-MM-DD) in Asia/Seoul. */
export function effectiveDate(now: Date): string {
  const { year, month, day } = seoulDate(now);
  return `${String(year).padStart(4, "0")}-${month}-${day}`;
}
