import { type CsvFileProblem, decodeCsv, parseCsv } from "./csv.ts";

/** Limits of one import: explicit, and tested. */
export const IMPORT_LIMITS = { maxBytes: 1024 * 1024, maxRows: 2000 } as const;

export type ImportField = "departmentPath" | "name" | "position" | "loginId" | "email" | "employeeNumber";

/** Column headers accepted for each field, Korean first (the template uses the Korean ones). */
export const IMPORT_HEADERS: Record<ImportField, string[]> = {
  departmentPath: ["부서", "부서 경로", "부서경로", "department", "department_path"],
  name: ["이름", "성명", "name"],
  position: ["직위", "position"],
  loginId: ["아이디", "로그인 아이디", "login_id", "login id"],
  email: ["이메일", "전자우편", "email"],
  employeeNumber: ["사번", "직원번호", "employee_number", "employee number"],
};

const REQUIRED: ImportField[] = ["departmentPath", "name", "loginId"];

export type RowProblem =
  | "required"
  | "too-long"
  | "invalid-login-id"
  | "invalid-email"
  | "unknown-department"
  | "unknown-position"
  | "duplicate-in-file"
  | "already-exists";

export interface RowError {
  /** The line in the spreadsheet, counting the header as 1. */
  line: number;
  field: ImportField;
  problem: RowProblem;
  value: string;
}

export interface PersonToImport {
  line: number;
  departmentId: string;
  departmentPath: string;
  name: string;
  positionId: string | null;
  loginId: string;
  email: string | null;
  employeeNumber: string | null;
}

/** What already exists in the tenant, as the rules need it. */
export interface Directory {
  /** Open departments by their path from the root, joined with " / " (e.g. "디지털정부국 / 디지털서비스과"). */
  departmentsByPath: Map<string, string>;
  positionsByName: Map<string, string>;
  loginIds: Set<string>;
  emails: Set<string>;
  employeeNumbers: Set<string>;
}

export type ImportPlan =
  | { ok: false; fileProblem: CsvFileProblem | "missing-columns"; missing?: ImportField[] }
  | { ok: true; encoding: "utf-8" | "cp949"; people: PersonToImport[]; errors: RowError[] };

const LOGIN_ID = /^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** "디지털정부국/디지털서비스과", "디지털정부국 > 디지털서비스과" … → "디지털정부국 / 디지털서비스과". */
export function normalizePath(path: string): string {
  return path
    .split(/\s*[/>]\s*/)
    .map((part) => part.trim())
    .filter(Boolean)
    .join(" / ");
}

/**
 * Reads a people CSV and checks every row against the file itself and the tenant's directory.
 * Pure: the caller loads the directory and, only when `errors` is empty, inserts `people` in
 * one transaction. Every problem of every row is reported, so one round of fixes suffices.
 */
export function planPeopleImport(bytes: Uint8Array, directory: Directory): ImportPlan {
  const decoded = decodeCsv(bytes, IMPORT_LIMITS.maxBytes);
  if (!decoded.ok) return { ok: false, fileProblem: decoded.problem };
  const parsed = parseCsv(decoded.text.replace(/^\uFEFF/, ""), IMPORT_LIMITS.maxRows);
  if (!parsed.ok) return { ok: false, fileProblem: parsed.problem };
  const [header, ...rows] = parsed.rows;
  const columns = new Map<ImportField, number>();
  header!.forEach((title, index) => {
    const key = title.toLowerCase().replace(/\s+/g, " ").trim();
    for (const [field, names] of Object.entries(IMPORT_HEADERS) as [ImportField, string[]][]) {
      if (names.includes(key) && !columns.has(field)) columns.set(field, index);
    }
  });
  const missing = REQUIRED.filter((f) => !columns.has(f));
  if (missing.length > 0) return { ok: false, fileProblem: "missing-columns", missing };
  if (rows.length === 0) return { ok: false, fileProblem: "empty" };

  const errors: RowError[] = [];
  const people: PersonToImport[] = [];
  const seen = {
    loginId: new Map<string, number>(),
    email: new Map<string, number>(),
    employeeNumber: new Map<string, number>(),
  };
  rows.forEach((cells, index) => {
    const line = index + 2;
    const get = (field: ImportField) => {
      const column = columns.get(field);
      return column === undefined ? "" : (cells[column] ?? "").trim();
    };
    const problem = (field: ImportField, p: RowProblem, value: string) =>
      errors.push({ line, field, problem: p, value });
    const before = errors.length;

    const departmentPath = normalizePath(get("departmentPath"));
    const name = get("name");
    const positionName = get("position");
    const loginId = get("loginId").toLowerCase();
    const email = get("email").toLowerCase();
    const employeeNumber = get("employeeNumber");

    if (!departmentPath) problem("departmentPath", "required", "");
    else if (!directory.departmentsByPath.has(departmentPath))
      problem("departmentPath", "unknown-department", departmentPath);
    if (!name) problem("name", "required", "");
    else if ([...name].length > 50) problem("name", "too-long", name);
    if (positionName && !directory.positionsByName.has(positionName))
      problem("position", "unknown-position", positionName);
    if (!loginId) problem("loginId", "required", "");
    else if (!LOGIN_ID.test(loginId)) problem("loginId", "invalid-login-id", loginId);
    if (email && !EMAIL.test(email)) problem("email", "invalid-email", email);
    if ([...employeeNumber].length > 32) problem("employeeNumber", "too-long", employeeNumber);

    for (const [field, value, existing] of [
      ["loginId", loginId, directory.loginIds],
      ["email", email, directory.emails],
      ["employeeNumber", employeeNumber, directory.employeeNumbers],
    ] as const) {
      if (!value) continue;
      if (existing.has(value)) problem(field, "already-exists", value);
      else if (seen[field].has(value)) problem(field, "duplicate-in-file", value);
      else seen[field].set(value, line);
    }

    if (errors.length === before) {
      people.push({
        line,
        departmentId: directory.departmentsByPath.get(departmentPath)!,
        departmentPath,
        name,
        positionId: positionName ? directory.positionsByName.get(positionName)! : null,
        loginId,
        email: email || null,
        employeeNumber: employeeNumber || null,
      });
    }
  });
  return { ok: true, encoding: decoded.encoding, people, errors };
}
