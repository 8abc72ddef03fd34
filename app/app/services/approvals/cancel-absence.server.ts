import { and, approvalAbsences, eq, isNull, recordAudit, withTenant } from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";
import { ApprovalsFieldError, approvalsNotFound, isUuid } from "./approvals-admin-context.server.ts";

/**
 * Cancels one of the person's own 부재 설정, under way or to come: from now on the substitute
 * may no longer sign in their place. What was signed meanwhile stays signed (and owes 후결).
 */
export async function cancelAbsence(
  ctx: ApprovalsActor,
  input: { absenceId: string; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const [absence] = isUuid(input.absenceId)
      ? await tx
          .select()
          .from(approvalAbsences)
          .where(
            and(
              eq(approvalAbsences.tenantId, ctx.tenantId),
              eq(approvalAbsences.id, input.absenceId),
              // Only the absent person changes their absence; to anyone else it does not exist.
              eq(approvalAbsences.userId, ctx.userId),
              isNull(approvalAbsences.cancelledAt),
            ),
          )
          .for("update")
      : [];
    if (!absence) throw approvalsNotFound("absence", "approvals.absence.error.notFound");
    if (absence.endsAt <= now) {
      throw new ApprovalsFieldError(
        "absenceId",
        "approvals.absence.already-ended",
        "approvals.absence.error.alreadyEnded",
      );
    }
    await tx
      .update(approvalAbsences)
      .set({ cancelledAt: now })
      .where(and(eq(approvalAbsences.tenantId, ctx.tenantId), eq(approvalAbsences.id, absence.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.absence.cancel",
      target: { type: "approval_absence", id: absence.id },
      ip: ctx.ip,
      details: { substituteId: absence.substituteId },
    });
  });
}
