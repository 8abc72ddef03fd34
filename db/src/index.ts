export { assertAppRoleIsSafe, UnsafeAppRoleError } from "./app-role.ts";
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
} from "./client.ts";
export { type PreparedDatabase, prepareDatabase } from "./runtime.ts";
export * from "./schema/index.ts";
export { type TenantTx, withControlPlane, withTenant } from "./tenant.ts";
