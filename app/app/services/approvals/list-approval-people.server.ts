import {
  and,
  asc,
  departments,
  eq,
  ilike,
  ne,
  or,
  positions,
  sql,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { characterCount } from "../documents/spaces-context.server.ts";
import { arrangeDepartments, flattenDepartments } from "../org/department-tree.ts";
import type { ApprovalsActor } from "./approval-state.server.ts";

/** The most people one search answers: the picker shows a short list, people narrow it. */
export const PEOPLE_SEARCH_LIMIT = 20;
/** The longest search text, in characters. */
export const PEOPLE_QUERY_MAX = 50;

/** A person offered for a line step, 참조 or 공동기안. */
export interface ApprovalPersonChoice {
  id: string;
  name: string;
  positionName: string;
  departmentId: string | null;
  departmentName: string;
  /** 디지털정부국 / 디지털정부정책과 */
  departmentPath: string;
}

/** A department offered for 수신. */
export interface ApprovalDepartmentChoice {
  id: string;
  name: string;
  path: string;
  depth: number;
}

async function departmentNodes(tx: TenantTx, tenantId: string) {
  const rows = await tx.select().from(departments).where(eq(departments.tenantId, tenantId));
  return flattenDepartments(arrangeDepartments(rows));
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * People of the agency to put on a line: active, not pupils, not the searcher, whose name,
 * department or 직위 contains `query`; with an empty query, the searcher's own department.
 * The most senior first (직위 order), then by name; at most PEOPLE_SEARCH_LIMIT.
 */
export async function searchApprovalPeople(
  ctx: Pick<ApprovalsActor, "db" | "tenantId" | "userId">,
  input: { query: string },
): Promise<ApprovalPersonChoice[]> {
  const query = (typeof input.query === "string" ? input.query : "").trim();
  if (characterCount(query) > PEOPLE_QUERY_MAX) {
    throw new AppError("approvals.people.query-too-long", "approvals.errors.queryTooLong", 400, {
      max: PEOPLE_QUERY_MAX,
    });
  }
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const { tenantId } = ctx;
    const pattern = `%${escapeLike(query)}%`;
    const matching = query
      ? or(
          ilike(users.displayName, pattern),
          ilike(departments.name, pattern),
          ilike(positions.name, pattern),
        )
      : sql`${users.departmentId} = (select u.department_id from users u
          where u.tenant_id = ${tenantId} and u.id = ${ctx.userId})`;
    const rows = await tx
      .select({
        id: users.id,
        name: users.displayName,
        positionName: positions.name,
        departmentId: users.departmentId,
        departmentName: departments.name,
      })
      .from(users)
      .leftJoin(
        departments,
        and(eq(departments.tenantId, users.tenantId), eq(departments.id, users.departmentId)),
      )
      .leftJoin(positions, and(eq(positions.tenantId, users.tenantId), eq(positions.id, users.positionId)))
      .where(
        and(
          eq(users.tenantId, tenantId),
          eq(users.status, "active"),
          ne(users.role, "student"),
          ne(users.id, ctx.userId),
          matching,
        ),
      )
      .orderBy(sql`${positions.sortOrder} asc nulls last`, asc(users.displayName), asc(users.id))
      .limit(PEOPLE_SEARCH_LIMIT);
    const paths = new Map((await departmentNodes(tx, tenantId)).map((node) => [node.id, node.path]));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      positionName: row.positionName ?? "",
      departmentId: row.departmentId,
      departmentName: row.departmentName ?? "",
      departmentPath: row.departmentId ? (paths.get(row.departmentId) ?? "") : "",
    }));
  });
}

/** The agency's open departments, as a tree in display order, for 수신. */
export async function listApprovalDepartments(
  ctx: Pick<ApprovalsActor, "db" | "tenantId">,
): Promise<ApprovalDepartmentChoice[]> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const nodes = await departmentNodes(tx, ctx.tenantId);
    return nodes
      .filter((node) => !node.closed)
      .map((node) => ({ id: node.id, name: node.name, path: node.path, depth: node.depth }));
  });
}
