import { formatOfficialDate, formatOfficialDisclosure } from "./official-document.ts";
import type { Disclosure, Retention } from "./records.ts";

// The 결재대장 (문서등록대장) as a CSV file that Excel opens as it is: UTF-8 with a byte order
// mark (without it Excel reads Korean as the ANSI code page and garbles it), RFC 4180 quoting
// and CRLF line ends, and no cell that a spreadsheet would run as a formula.

/** One registered document of the 결재대장. */
export interface LedgerCsvRow {
  /** 처리과명-일련번호. */
  registrationNumber: string;
  /** 시행일자, YYYY-MM-DD. */
  effectiveDate: string;
  title: string;
  drafterName: string;
  /** 처리과. */
  departmentName: string;
  /** 결재권자: the person who closed the line (결재, 전결 or 대결). */
  approverName: string;
  formName: string;
  disclosure: { class: Disclosure; grounds: number[] };
  retention: Retention;
}

const BOM = "\uFEFF";
const CRLF = "\r\n";

// The 결재대장's columns are records terms (문서등록대장), so the Korean file keeps their words.
const HEADERS = {
  ko: ["등록번호", "시행일자", "제목", "기안자", "처리과", "결재권자", "서식", "공개구분", "보존기간"],
  en: [
    "Registration number",
    "Effective date",
    "Title",
    "Drafter",
    "Processing unit",
    "Approver",
    "Form",
    "Disclosure",
    "Retention",
  ],
} as const;

const RETENTION_LABELS: Record<"ko" | "en", Record<Retention, string>> = {
  ko: {
    "1y": "1년",
    "3y": "3년",
    "5y": "5년",
    "10y": "10년",
    "30y": "30년",
    semi_permanent: "준영구",
    permanent: "영구",
  },
  en: {
    "1y": "1 year",
    "3y": "3 years",
    "5y": "5 years",
    "10y": "10 years",
    "30y": "30 years",
    semi_permanent: "Semi-permanent",
    permanent: "Permanent",
  },
};

const DISCLOSURE_LABELS_EN: Record<Disclosure, string> = {
  public: "Public",
  partial: "Partially disclosed",
  private: "Not disclosed",
};

// A spreadsheet runs a cell that starts with one of these as a formula (or, for tab and CR,
// strips them and looks again): OWASP's CSV injection guidance.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: guarded against formulas, quoted when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

function disclosureLabel(disclosure: LedgerCsvRow["disclosure"], lang: "ko" | "en"): string {
  // Validates the grounds the same way the official document does.
  const korean = formatOfficialDisclosure(disclosure);
  if (lang === "ko") return korean;
  const grounds = [...new Set(disclosure.grounds)].sort((a, b) => a - b);
  const label = DISCLOSURE_LABELS_EN[disclosure.class];
  return grounds.length === 0 ? label : `${label} (grounds ${grounds.join(", ")})`;
}

function retentionLabel(retention: Retention, lang: "ko" | "en"): string {
  const label = RETENTION_LABELS[lang][retention];
  if (label === undefined) throw new RangeError(`Unknown retention period "${retention}"`);
  return label;
}

/** The 결재대장 as CSV text (BOM, CRLF, RFC 4180), with Korean or English headers. */
export function ledgerCsv(rows: readonly LedgerCsvRow[], lang: "ko" | "en"): string {
  const lines = [HEADERS[lang].map(csvField).join(",")];
  for (const row of rows) {
    // 2026. 11. 24. in Korean, as on the document; ISO in English, which no reader misreads.
    // Formatting it either way refuses a malformed date.
    const koreanDate = formatOfficialDate(row.effectiveDate);
    const date = lang === "ko" ? koreanDate : row.effectiveDate;
    lines.push(
      [
        row.registrationNumber,
        date,
        row.title,
        row.drafterName,
        row.departmentName,
        row.approverName,
        row.formName,
        disclosureLabel(row.disclosure, lang),
        retentionLabel(row.retention, lang),
      ]
        .map(csvField)
        .join(","),
    );
  }
  return BOM + lines.join(CRLF) + CRLF;
}
