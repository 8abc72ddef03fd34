// The query builder's operators, so that services use the same drizzle as the schema.
export {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  or,
  sql,
} from "drizzle-orm";
export { assertAppRoleIsSafe, UnsafeAppRoleError } from "./app-role.ts";
export { ensureBuiltinForms } from "./approval-forms.ts";
export {
  type AuditActor,
  type AuditEvent,
  type AuditVerification,
  recordAudit,
  verifyAuditChain,
} from "./audit.ts";
export {
  connectDatabase,
  type Database,
  DatabaseConnectError,
  type Db,
  describeConnectError,
  describeServer,
  openDatabase,
  type Sql,
  type SqlClient,
} from "./client.ts";
export { syncDepartmentChannels } from "./messaging.ts";
export * from "./schema/index.ts";
export { DEMO_OPERATOR, DEMO_PASSWORD } from "./seed/demo-data.ts";
export { type TenantTx, withControlPlane, withTenant } from "./tenant.ts";
