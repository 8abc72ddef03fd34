/** 공개구분: 공개, 부분공개, 비공개. */
export type Disclosure = "public" | "partial" | "private";

/** 보존기간, as stored (document_retention). */
export const RETENTION_PERIODS = ["1y", "3y", "5y", "10y", "30y", "semi_permanent", "permanent"] as const;
export type Retention = (typeof RETENTION_PERIODS)[number];

/** 정보공개법 제9조 제1항 제1호–제8호: the grounds for withholding information. */
export const DISCLOSURE_GROUNDS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

export type RecordsProblem =
  | "disclosure-required"
  | "retention-required"
  | "grounds-required"
  | "grounds-invalid"
  | "grounds-not-allowed";

export type RecordsInput = {
  disclosure: Disclosure | null;
  grounds: readonly number[];
  retention: string | null;
};

const DISCLOSURES: readonly string[] = ["public", "partial", "private"];

/**
 * Checks the records metadata 상신 requires: a 공개구분 (부분공개 and 비공개 cite at least one
 * ground, 공개 cites none) and a 보존기간.
 */
export function validateRecords(
  input: RecordsInput,
): { ok: true } | { ok: false; problems: RecordsProblem[] } {
  const problems: RecordsProblem[] = [];
  const disclosure =
    input.disclosure !== null && DISCLOSURES.includes(input.disclosure) ? input.disclosure : null;
  if (disclosure === null) problems.push("disclosure-required");

  const grounds = input.grounds;
  const valid =
    grounds.every((g) => Number.isInteger(g) && g >= 1 && g <= 8) && new Set(grounds).size === grounds.length;
  if (disclosure === "public" && grounds.length > 0) {
    // Disclosure is the rule: a public document withholds nothing, so it cites no ground.
    problems.push("grounds-not-allowed");
  } else if (!valid) {
    problems.push("grounds-invalid");
  } else if ((disclosure === "partial" || disclosure === "private") && grounds.length === 0) {
    problems.push("grounds-required");
  }

  if (input.retention === null || !(RETENTION_PERIODS as readonly string[]).includes(input.retention)) {
    problems.push("retention-required");
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
