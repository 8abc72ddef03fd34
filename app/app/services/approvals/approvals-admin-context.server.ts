import { and, eq, sql, type TenantTx, users } from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";
import type { ApprovalsActor } from "./approval-state.server.ts";

// What the settings services of 전자결재 share (forms, 위임전결 rules, 부재 설정, saved lines,
// inboxes, 결재대장): the administrator check, field errors, and Korea's calendar days.

/** A refusal tied to one form field, so the form can show it beside the input. */
export class ApprovalsFieldError extends AppError {
  constructor(
    readonly field: string,
    code: string,
    messageKey: MessageKey,
    params: Record<string, string | number> = {},
  ) {
    super(code, messageKey, 400, params);
  }
}

/**
 * The form, rule, absence or line named by an id does not exist in this tenant, belongs to
 * another agency, or is not the person's own: all answer alike.
 */
export function approvalsNotFound(what: string, messageKey: MessageKey): AppError {
  return new AppError(`approvals.${what}.not-found`, messageKey, 404);
}

/** Whether the person is an active administrator of the tenant, read from the database. */
export async function isTenantAdmin(tx: TenantTx, ctx: Pick<ApprovalsActor, "tenantId" | "userId">) {
  const [user] = await tx
    .select({ role: users.role, status: users.status })
    .from(users)
    .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, ctx.userId)));
  return user?.role === "admin" && user.status === "active";
}

/** Forms and 위임전결 rules are the agency's: only its administrators change them (403). */
export async function requireTenantAdmin(tx: TenantTx, ctx: Pick<ApprovalsActor, "tenantId" | "userId">) {
  if (!(await isTenantAdmin(tx, ctx))) {
    throw new AppError("approvals.admin.forbidden", "approvals.admin.error.adminOnly", 403);
  }
}

/** Changes of one kind in one agency (or of one person) take turns, so limits hold under races. */
export async function lockScope(tx: TenantTx, scope: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`nuri.approvals:${scope}`}, 0))`);
}

/** A name as people type it, counted in characters as PostgreSQL's char_length counts. */
export function characterCount(text: string): number {
  return [...text].length;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from a URL or a form is a uuid (anything else is not found, never a 500). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

// ── Korea's calendar days ─────────────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
// Korea keeps no summer time: a day there is [00:00, 24:00) at UTC+9, all year.
const SEOUL_OFFSET_MS = 9 * 3_600_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The moment a calendar day (YYYY-MM-DD) begins in Asia/Seoul; null for anything not a real day. */
export function seoulDayStart(day: unknown): Date | null {
  if (typeof day !== "string") return null;
  const match = ISO_DAY.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = Date.UTC(year, month - 1, date);
  const check = new Date(utc);
  // 2026-02-30 rolls over to March: refuse it rather than guess.
  if (year < 1900 || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1) return null;
  return new Date(utc - SEOUL_OFFSET_MS);
}

/** The calendar day (YYYY-MM-DD) in Asia/Seoul that `moment` falls on. */
export function seoulDayOf(moment: Date): string {
  return new Date(moment.getTime() + SEOUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year in Asia/Seoul that `moment` falls in. */
export function seoulYearOf(moment: Date): number {
  return new Date(moment.getTime() + SEOUL_OFFSET_MS).getUTCFullYear();
}

/** `start` moved by `days` whole days (Korea keeps no summer time, so a day is always 24 hours). */
export function addDays(start: Date, days: number): Date {
  return new Date(start.getTime() + days * DAY_MS);
}

/** Whole calendar days from one day's start to another's. */
export function daysBetween(start: Date, end: Date): number {
  return Math.round((end.getTime() - start.getTime()) / DAY_MS);
}
