// The built-in forms live with the schema (db/src/approval-forms.ts) so that the demo seed
// gives them, and its 위임전결 rules, to the demo agency too.
export { ensureBuiltinForms } from "@nuri/db";
