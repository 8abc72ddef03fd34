import {
  and,
  approvalAbsences,
  asc,
  eq,
  gt,
  inArray,
  isNull,
  or,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";
import { addDays, seoulDayOf } from "./approvals-admin-context.server.ts";

/** One 부재 설정 as the lists show it. */
export interface AbsenceView {
  id: string;
  /** The absent person. */
  userId: string;
  userName: string;
  /** Who signs (대결) in their place. */
  substituteId: string;
  substituteName: string;
  /** The first and the last day away (YYYY-MM-DD, Asia/Seoul), both included. */
  startsOn: string;
  endsOn: string;
  /** [startsAt, endsAt): from the first day's 00:00 to the day after the last, in Seoul. */
  startsAt: Date;
  endsAt: Date;
  reason: string;
  /** Under way at `now`: the substitute may sign now. */
  current: boolean;
}

/**
 * The person's own 부재 설정 that are under way or to come (`mine`), and those of other people
 * that name them as substitute (`covering`), each by start.
 */
export async function listAbsences(
  ctx: ApprovalsActor,
  options: { now?: Date } = {},
): Promise<{ mine: AbsenceView[]; covering: AbsenceView[] }> {
  const now = options.now ?? new Date();
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const rows = await readAbsences(tx, ctx.tenantId, {
      now,
      where: or(eq(approvalAbsences.userId, ctx.userId), eq(approvalAbsences.substituteId, ctx.userId)),
    });
    return {
      mine: rows.filter((row) => row.userId === ctx.userId),
      covering: rows.filter((row) => row.substituteId === ctx.userId),
    };
  });
}

/** Absences not cancelled and not over at `now`, with names, narrowed by `where`. */
export async function readAbsences(
  tx: TenantTx,
  tenantId: string,
  options: { now: Date; where?: ReturnType<typeof and> },
): Promise<AbsenceView[]> {
  const rows = await tx
    .select({
      id: approvalAbsences.id,
      userId: approvalAbsences.userId,
      substituteId: approvalAbsences.substituteId,
      startsAt: approvalAbsences.startsAt,
      endsAt: approvalAbsences.endsAt,
      reason: approvalAbsences.reason,
    })
    .from(approvalAbsences)
    .where(
      and(
        eq(approvalAbsences.tenantId, tenantId),
        isNull(approvalAbsences.cancelledAt),
        gt(approvalAbsences.endsAt, options.now),
        options.where,
      ),
    )
    .orderBy(asc(approvalAbsences.startsAt), asc(approvalAbsences.createdAt));
  const ids = [...new Set(rows.flatMap((row) => [row.userId, row.substituteId]))];
  const people =
    ids.length === 0
      ? []
      : await tx
          .select({ id: users.id, name: users.displayName })
          .from(users)
          .where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
  const names = new Map(people.map((person) => [person.id, person.name]));
  return rows.map((row) => ({
    ...row,
    userName: names.get(row.userId) ?? "",
    substituteName: names.get(row.substituteId) ?? "",
    startsOn: seoulDayOf(row.startsAt),
    // ends_at is the start of the day after the last one away.
    endsOn: seoulDayOf(addDays(row.endsAt, -1)),
    current: row.startsAt <= options.now,
  }));
}
