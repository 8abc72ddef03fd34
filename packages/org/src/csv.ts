/** Why a CSV file could not be read at all (as opposed to a row that is invalid). */
export type CsvFileProblem =
  | "too-large"
  | "empty"
  | "unterminated-quote"
  | "too-many-rows"
  | "unknown-encoding";

export type CsvDecode =
  | { ok: true; text: string; encoding: "utf-8" | "cp949" }
  | { ok: false; problem: CsvFileProblem };

/**
 * Decodes a spreadsheet's CSV export. Korean Excel saves "CSV" as CP949 (EUC-KR's superset) and
 * "CSV UTF-8" with a byte order mark; either may arrive. Valid UTF-8 is taken as UTF-8, anything
 * else is read as CP949 (the WHATWG "euc-kr" decoder is CP949); bytes valid in neither are refused.
 */
export function decodeCsv(bytes: Uint8Array, maxBytes: number): CsvDecode {
  if (bytes.length > maxBytes) return { ok: false, problem: "too-large" };
  // A NUL byte means UTF-16 ("Unicode text" from Excel) or a binary file, never a CSV we read.
  if (bytes.includes(0)) return { ok: false, problem: "unknown-encoding" };
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text, encoding: "utf-8" };
  } catch {
    try {
      return { ok: true, text: new TextDecoder("euc-kr", { fatal: true }).decode(bytes), encoding: "cp949" };
    } catch {
      return { ok: false, problem: "unknown-encoding" };
    }
  }
}

export type CsvParse = { ok: true; rows: string[][] } | { ok: false; problem: CsvFileProblem };

/**
 * Parses RFC 4180 CSV: quoted fields with doubled quotes and line breaks inside, CRLF or LF.
 * Blank lines are dropped; cells are trimmed.
 */
export function parseCsv(text: string, maxRows: number): CsvParse {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(cell.trim());
    if (row.some((c) => c !== "")) rows.push(row);
    row = [];
    cell = "";
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (ch === ",") {
      row.push(cell.trim());
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      endRow();
      if (ch === "\r" && text[i + 1] === "\n") i++;
      if (rows.length > maxRows + 1) return { ok: false, problem: "too-many-rows" };
    } else {
      cell += ch;
    }
    i++;
  }
  if (quoted) return { ok: false, problem: "unterminated-quote" };
  endRow();
  if (rows.length === 0) return { ok: false, problem: "empty" };
  if (rows.length > maxRows + 1) return { ok: false, problem: "too-many-rows" };
  return { ok: true, rows };
}
