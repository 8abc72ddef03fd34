import type { Disclosure, Retention, SignedAs } from "@nuri/approval";
import { and, departments, eq, sql, type TenantTx, users, withTenant } from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import type { ApprovalsActor } from "./approval-state.server.ts";
import {
  ApprovalsFieldError,
  approvalsNotFound,
  isTenantAdmin,
  isUuid,
  seoulDayOf,
  seoulYearOf,
} from "./approvals-admin-context.server.ts";

export const MIN_LEDGER_YEAR = 2000;
export const MAX_LEDGER_YEAR = 2100;

/** One registered document of the 결재대장. */
export interface LedgerRow {
  approvalId: string;
  /** 처리과명-일련번호. */
  registrationNumber: string;
  serial: number;
  /** 시행일자, YYYY-MM-DD in Asia/Seoul. */
  effectiveDate: string;
  title: string;
  drafterName: string;
  /**
   * Who closed the line: the signer of the last signed step, i.e. the 결재권자, the 전결 holder,
   * or the substitute under 대결 (`signedAs` says which; `forName` is the absent holder then).
   */
  finalApprover: { name: string; signedAs: SignedAs | null; forName: string | null };
  formName: string;
  /** 공개구분 and its grounds (정보공개법 제9조 제1항 각 호). */
  disclosure: Disclosure | null;
  disclosureGrounds: number[];
  /** 보존기간. */
  retention: Retention | null;
}

export interface Ledger {
  department: { id: string; name: string };
  year: number;
  /** The years this department has registered documents in, and the current one, newest first. */
  years: number[];
  rows: LedgerRow[];
}

export interface LedgerInput {
  /** The 처리과; the person's own department when left out. Only administrators pick any. */
  departmentId?: string | null;
  /** The calendar year in Asia/Seoul; the current one when left out. */
  year?: number | null;
  now?: Date;
}

/**
 * The 결재대장 of a department and year: its completed approvals in the order of their serial
 * numbers. Members of the department and the agency's administrators may read it.
 */
export async function listLedger(ctx: ApprovalsActor, input: LedgerInput = {}): Promise<Ledger> {
  return withTenant(ctx.db, ctx.tenantId, (tx) => readLedger(tx, ctx, input));
}

/** listLedger inside the caller's transaction (the CSV export shares it). */
export async function readLedger(tx: TenantTx, ctx: ApprovalsActor, input: LedgerInput): Promise<Ledger> {
  const now = input.now ?? new Date();
  const year = input.year ?? seoulYearOf(now);
  if (!Number.isInteger(year) || year < MIN_LEDGER_YEAR || year > MAX_LEDGER_YEAR) {
    throw new ApprovalsFieldError(
      "year",
      "approvals.ledger.year-invalid",
      "approvals.ledger.error.yearInvalid",
      {
        min: MIN_LEDGER_YEAR,
        max: MAX_LEDGER_YEAR,
      },
    );
  }
  const [me] = await tx
    .select({ departmentId: users.departmentId, role: users.role, status: users.status })
    .from(users)
    .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, ctx.userId)));
  const departmentId = input.departmentId || me?.departmentId;
  if (!departmentId) {
    throw new ApprovalsFieldError(
      "departmentId",
      "approvals.ledger.no-department",
      "approvals.ledger.error.noDepartment",
    );
  }
  const [department] = isUuid(departmentId)
    ? await tx
        .select({ id: departments.id, name: departments.name })
        .from(departments)
        .where(and(eq(departments.tenantId, ctx.tenantId), eq(departments.id, departmentId)))
    : [];
  if (!department) throw approvalsNotFound("department", "approvals.ledger.error.departmentNotFound");
  const member = me?.status === "active" && me.departmentId === department.id;
  if (!member && !(await isTenantAdmin(tx, ctx))) {
    throw new AppError("approvals.ledger.forbidden", "approvals.ledger.error.forbidden", 403);
  }

  // Served by approvals_registration_idx (tenant, department, year, serial), in its order.
  const rows = await tx.execute<{
    id: string;
    registration_number: string;
    registration_serial: number;
    effective_date: string | Date | null;
    completed_at: string | Date;
    title: string;
    drafter_name: string;
    form_name: string;
    disclosure: Disclosure | null;
    disclosure_grounds: number[] | string | null;
    retention: Retention | null;
    approver_name: string | null;
    approver_signed_as: SignedAs | null;
    approver_for_name: string | null;
  }>(sql`
    select a.id, a.registration_number, a.registration_serial, a.effective_date::text as effective_date,
      a.completed_at, a.title, u.display_name as drafter_name, f.name as form_name, a.disclosure,
      a.disclosure_grounds, a.retention,
      last_signed.name as approver_name, last_signed.signed_as as approver_signed_as,
      last_signed.for_name as approver_for_name
    from approvals a
      join users u on u.tenant_id = a.tenant_id and u.id = a.drafter_id
      join approval_forms f on f.tenant_id = a.tenant_id and f.id = a.form_id
      -- After 전결 the rest of the line is skipped, so the last signed step is the closer's.
      left join lateral (
        select coalesce(s.acted_by_name, s.assignee_name) as name, s.signed_as,
          case when s.signed_as = 'proxy' then s.assignee_name end as for_name
        from approval_steps s
        where s.tenant_id = a.tenant_id and s.approval_id = a.id and s.status = 'approved'
        order by s.ordinal desc
        limit 1
      ) last_signed on true
    where a.tenant_id = ${ctx.tenantId} and a.department_id = ${department.id}
      and a.registration_year = ${year} and a.status = 'completed'
    order by a.registration_serial`);
  const years = await tx.execute<{ year: number }>(sql`
    select distinct registration_year as year from approvals
      where tenant_id = ${ctx.tenantId} and department_id = ${department.id} and registration_year is not null`);
  const current = seoulYearOf(now);
  return {
    department,
    year,
    years: [...new Set([current, ...years.map((row) => Number(row.year))])].sort((a, b) => b - a),
    rows: rows.map((row) => ({
      approvalId: row.id,
      registrationNumber: row.registration_number,
      serial: Number(row.registration_serial),
      effectiveDate: dateText(row.effective_date ?? row.completed_at),
      title: row.title,
      drafterName: row.drafter_name,
      finalApprover: {
        name: row.approver_name ?? "",
        signedAs: row.approver_signed_as,
        forName: row.approver_for_name,
      },
      formName: row.form_name,
      disclosure: row.disclosure,
      disclosureGrounds: groundsOf(row.disclosure_grounds),
      retention: row.retention,
    })),
  };
}

function dateText(value: string | Date): string {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  // A completion without its 시행일자 falls back to the day it completed, in Seoul.
  return seoulDayOf(new Date(value));
}

function groundsOf(value: number[] | string | null): number[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.map(Number);
  // A smallint[] may arrive as its text form, {1,3}.
  return value
    .replace(/[{}]/g, "")
    .split(",")
    .filter((part) => part !== "")
    .map(Number);
}
