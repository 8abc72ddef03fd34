import { and, auditLog, count, type Db, desc, eq, gte, lt, sql, withTenant } from "@nuri/db";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilter {
  /** e.g. "org." or "auth.sign_in" */
  actionPrefix?: string;
  actorId?: string;
  /** Inclusive, a calendar day in Korea (YYYY-MM-DD). */
  from?: string;
  /** Inclusive, a calendar day in Korea (YYYY-MM-DD). */
  to?: string;
  page?: number;
}

/** The start of a Korean calendar day (Korea has no daylight saving time). */
export function seoulDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+09:00`);
}

/** The tenant's audit log, newest first, a page of 50 at a time. */
export async function listAuditEntries(db: Db, tenantId: string, filter: AuditFilter = {}) {
  const conditions = [eq(auditLog.tenantId, tenantId)];
  if (filter.actionPrefix) {
    const pattern = `${filter.actionPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`${auditLog.action} like ${pattern}`);
  }
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.from) conditions.push(gte(auditLog.occurredAt, seoulDayStart(filter.from)));
  if (filter.to) {
    const end = seoulDayStart(filter.to);
    end.setUTCDate(end.getUTCDate() + 1);
    conditions.push(lt(auditLog.occurredAt, end));
  }
  const page = Math.max(1, filter.page ?? 1);
  return withTenant(db, tenantId, async (tx) => {
    const [total] = await tx
      .select({ n: count() })
      .from(auditLog)
      .where(and(...conditions));
    const entries = await tx
      .select({
        seq: auditLog.seq,
        occurredAt: auditLog.occurredAt,
        actorKind: auditLog.actorKind,
        actorId: auditLog.actorId,
        actorLabel: auditLog.actorLabel,
        action: auditLog.action,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        ip: auditLog.ip,
        details: auditLog.details,
      })
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(desc(auditLog.seq))
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE);
    const actors = await tx
      .selectDistinctOn([auditLog.actorId], { id: auditLog.actorId, label: auditLog.actorLabel })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), sql`${auditLog.actorId} is not null`))
      .orderBy(auditLog.actorId, desc(auditLog.seq));
    return {
      entries,
      total: total?.n ?? 0,
      page,
      pages: Math.max(1, Math.ceil((total?.n ?? 0) / AUDIT_PAGE_SIZE)),
      actors: actors.flatMap((a) => (a.id ? [{ id: a.id, label: a.label }] : [])),
    };
  });
}
