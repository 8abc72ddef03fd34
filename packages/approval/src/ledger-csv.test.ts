import { describe, expect, it } from "vitest";
import { csvField, type LedgerCsvRow, ledgerCsv } from "./ledger-csv.ts";
import type { Retention } from "./records.ts";

// The 결재대장 export as Excel and any RFC 4180 reader see it.

function row(overrides: Partial<LedgerCsvRow> = {}): LedgerCsvRow {
  return {
    registrationNumber: "디지털정부정책과-12",
    effectiveDate: "2026-11-24",
    title: "2027년 전자결재 전환 계획 보고",
    drafterName: "김하늘",
    departmentName: "디지털정부정책과",
    approverName: "서민지",
    formName: "기안문",
    disclosure: { class: "public", grounds: [] },
    retention: "5y",
    ...overrides,
  };
}

/** A strict RFC 4180 reader: what a spreadsheet makes of the file. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (char === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += char;
      i++;
      continue;
    }
    if (char === '"') {
      if (field !== "") throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else if (char === "\r" || char === "\n") {
      throw new Error(`a bare line break outside quotes at ${i}`);
    } else {
      field += char;
    }
    i++;
  }
  if (quoted) throw new Error("an unterminated quoted field");
  if (field !== "" || record.length > 0) throw new Error("the last record has no CRLF");
  return records;
}

describe("ledgerCsv", () => {
  it("starts with a BOM and the Korean headers, one CRLF-ended record per document", () => {
    const csv = ledgerCsv(
      [
        row(),
        row({
          registrationNumber: "디지털정부정책과-13",
          disclosure: { class: "private", grounds: [5, 1] },
          retention: "permanent",
        }),
      ],
      "ko",
    );
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toBe(
      "\uFEFF" +
        "등록번호,시행일자,제목,기안자,처리과,결재권자,서식,공개구분,보존기간\r\n" +
        "디지털정부정책과-12,2026. 11. 24.,2027년 전자결재 전환 계획 보고,김하늘,디지털정부정책과,서민지,기안문,공개,5년\r\n" +
        '디지털정부정책과-13,2026. 11. 24.,2027년 전자결재 전환 계획 보고,김하늘,디지털정부정책과,서민지,기안문,"비공개(제1호, 제5호)",영구\r\n',
    );
  });

  it("writes English headers, labels and ISO dates for an English reader", () => {
    const csv = ledgerCsv(
      [row({ disclosure: { class: "partial", grounds: [6, 5] }, retention: "semi_permanent" })],
      "en",
    );
    expect(parseCsv(csv.slice(1))).toEqual([
      [
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
      [
        "디지털정부정책과-12",
        "2026-11-24",
        "2027년 전자결재 전환 계획 보고",
        "김하늘",
        "디지털정부정책과",
        "서민지",
        "기안문",
        "Partially disclosed (grounds 5, 6)",
        "Semi-permanent",
      ],
    ]);
  });

  it("quotes commas, quotes and line breaks so every cell reads back as written", () => {
    const title = '「디지털 "정부"」 계획, 1차\r\n2차\n3차';
    const csv = ledgerCsv([row({ title, drafterName: "김,하늘" })], "ko");
    const [, record] = parseCsv(csv.slice(1));
    expect(record).toHaveLength(9);
    expect(record![2]).toBe(title);
    expect(record![3]).toBe("김,하늘");
  });

  it.each([
    ['=HYPERLINK("https://evil.example","보기")', '\'=HYPERLINK("https://evil.example","보기")'],
    ["+82-44-205-1234", "'+82-44-205-1234"],
    ["-1+1", "'-1+1"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["예산 = 100", "예산 = 100"],
    ["'이미 따옴표", "'이미 따옴표"],
  ])("keeps a spreadsheet from running %j", (title, expected) => {
    const csv = ledgerCsv([row({ title })], "ko");
    expect(parseCsv(csv.slice(1))[1]![2]).toBe(expected);
  });

  it("guards every column, not only the title", () => {
    const csv = ledgerCsv([row({ drafterName: "=cmd", formName: "@x", approverName: "-2" })], "en");
    const record = parseCsv(csv.slice(1))[1]!;
    expect([record[3], record[5], record[6]]).toEqual(["'=cmd", "'-2", "'@x"]);
  });

  it("writes the headers alone for an empty ledger", () => {
    expect(ledgerCsv([], "ko")).toBe(
      "\uFEFF등록번호,시행일자,제목,기안자,처리과,결재권자,서식,공개구분,보존기간\r\n",
    );
  });

  it("refuses a malformed date, ground or retention rather than write a wrong ledger", () => {
    expect(() => ledgerCsv([row({ effectiveDate: "2026-11-31" })], "en")).toThrow(/YYYY-MM-DD/);
    expect(() => ledgerCsv([row({ disclosure: { class: "partial", grounds: [] } })], "en")).toThrow(/ground/);
    expect(() => ledgerCsv([row({ retention: "2y" as Retention })], "ko")).toThrow(/retention/);
  });
});

describe("csvField", () => {
  it("leaves a plain field as it is and doubles the quotes of a quoted one", () => {
    expect(csvField("디지털정부정책과-12")).toBe("디지털정부정책과-12");
    expect(csvField('말 "그대로"')).toBe('"말 ""그대로"""');
    expect(csvField("")).toBe("");
  });
});
