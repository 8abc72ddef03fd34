export { type CsvFileProblem, decodeCsv, parseCsv } from "./csv.ts";
export {
  type Directory,
  IMPORT_HEADERS,
  IMPORT_LIMITS,
  type ImportField,
  type ImportPlan,
  normalizePath,
  type PersonToImport,
  planPeopleImport,
  type RowError,
  type RowProblem,
} from "./people-import.ts";
