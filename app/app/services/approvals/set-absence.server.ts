import { and, approvalAbsences, eq, gt, isNull, lt, recordAudit, users, withTenant } from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";
import {
  ApprovalsFieldError,
  addDays,
  characterCount,
  daysBetween,
  isUuid,
  lockScope,
  seoulDayOf,
  seoulDayStart,
} from "./approvals-admin-context.server.ts";
import { type AbsenceView, readAbsences } from "./list-absences.server.ts";

/** The longest 부재 설정: a season away is a matter for the org chart, not a substitute. */
export const MAX_ABSENCE_DAYS = 90;
export const MAX_ABSENCE_REASON = 200;

export interface SetAbsenceInput {
  /** Who signs (대결) in the person's place: an active person of the agency, not themselves. */
  substituteId: string;
  /** The first and the last day away (YYYY-MM-DD in Asia/Seoul), both included. */
  startsOn: string;
  endsOn: string;
  reason?: string;
  /** The clock, for tests; today is this moment's day in Seoul. */
  now?: Date;
}

/**
 * Sets the person's own 부재 설정: from the first day's 00:00 to the day after the last, in
 * Seoul, at most 90 days, starting today or later, not overlapping another of their own.
 */
export async function setAbsence(ctx: ApprovalsActor, input: SetAbsenceInput): Promise<AbsenceView> {
  const now = input.now ?? new Date();
  if (!input.substituteId) {
    throw new ApprovalsFieldError(
      "substituteId",
      "approvals.absence.substitute-required",
      "approvals.absence.error.substituteRequired",
    );
  }
  if (input.substituteId === ctx.userId) {
    throw new ApprovalsFieldError(
      "substituteId",
      "approvals.absence.substitute-self",
      "approvals.absence.error.substituteSelf",
    );
  }
  const startsAt = seoulDayStart(input.startsOn);
  const lastDay = seoulDayStart(input.endsOn);
  if (!startsAt) {
    throw new ApprovalsFieldError(
      "startsOn",
      "approvals.absence.date-invalid",
      "approvals.absence.error.dateInvalid",
    );
  }
  if (!lastDay) {
    throw new ApprovalsFieldError(
      "endsOn",
      "approvals.absence.date-invalid",
      "approvals.absence.error.dateInvalid",
    );
  }
  if (lastDay < startsAt) {
    throw new ApprovalsFieldError(
      "endsOn",
      "approvals.absence.end-before-start",
      "approvals.absence.error.endBeforeStart",
    );
  }
  if (daysBetween(startsAt, lastDay) + 1 > MAX_ABSENCE_DAYS) {
    throw new ApprovalsFieldError("endsOn", "approvals.absence.too-long", "approvals.absence.error.tooLong", {
      max: MAX_ABSENCE_DAYS,
    });
  }
  if (startsAt < seoulDayStart(seoulDayOf(now))!) {
    throw new ApprovalsFieldError("startsOn", "approvals.absence.in-past", "approvals.absence.error.inPast");
  }
  const reason = (input.reason ?? "").trim();
  if (characterCount(reason) > MAX_ABSENCE_REASON) {
    throw new ApprovalsFieldError(
      "reason",
      "approvals.absence.reason-too-long",
      "approvals.absence.error.reasonTooLong",
      { max: MAX_ABSENCE_REASON },
    );
  }
  const endsAt = addDays(lastDay, 1);

  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const [substitute] = isUuid(input.substituteId)
      ? await tx
          .select({ id: users.id })
          .from(users)
          .where(
            and(
              eq(users.tenantId, ctx.tenantId),
              eq(users.id, input.substituteId),
              eq(users.status, "active"),
            ),
          )
      : [];
    if (!substitute) {
      throw new ApprovalsFieldError(
        "substituteId",
        "approvals.absence.substitute-not-found",
        "approvals.absence.error.substituteNotFound",
      );
    }
    // One person's absences are set one at a time, so two overlapping ones cannot both pass.
    await lockScope(tx, `absence:${ctx.tenantId}:${ctx.userId}`);
    const [overlap] = await tx
      .select({ id: approvalAbsences.id })
      .from(approvalAbsences)
      .where(
        and(
          eq(approvalAbsences.tenantId, ctx.tenantId),
          eq(approvalAbsences.userId, ctx.userId),
          isNull(approvalAbsences.cancelledAt),
          lt(approvalAbsences.startsAt, endsAt),
          gt(approvalAbsences.endsAt, startsAt),
        ),
      )
      .limit(1);
    if (overlap) {
      throw new ApprovalsFieldError(
        "startsOn",
        "approvals.absence.overlap",
        "approvals.absence.error.overlap",
      );
    }
    const [row] = await tx
      .insert(approvalAbsences)
      .values({
        tenantId: ctx.tenantId,
        userId: ctx.userId,
        substituteId: substitute.id,
        startsAt,
        endsAt,
        reason,
      })
      .returning({ id: approvalAbsences.id });
    // Who may sign in whose place is a permission: the audit log records it.
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.absence.set",
      target: { type: "approval_absence", id: row!.id },
      ip: ctx.ip,
      details: { substituteId: substitute.id, startsOn: input.startsOn, endsOn: input.endsOn },
    });
    const [view] = await readAbsences(tx, ctx.tenantId, { now, where: eq(approvalAbsences.id, row!.id) });
    return view!;
  });
}
