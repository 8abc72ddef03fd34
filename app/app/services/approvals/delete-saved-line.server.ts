import { and, approvalSavedLines, eq, withTenant } from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";
import { approvalsNotFound, isUuid } from "./approvals-admin-context.server.ts";

/** Deletes one of the person's saved lines; drafts that used it keep their own copy of the line. */
export async function deleteSavedLine(ctx: ApprovalsActor, input: { lineId: string }): Promise<void> {
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const deleted = isUuid(input.lineId)
      ? await tx
          .delete(approvalSavedLines)
          .where(
            and(
              eq(approvalSavedLines.tenantId, ctx.tenantId),
              eq(approvalSavedLines.ownerId, ctx.userId),
              eq(approvalSavedLines.id, input.lineId),
            ),
          )
          .returning({ id: approvalSavedLines.id })
      : [];
    if (deleted.length === 0) throw approvalsNotFound("saved-line", "approvals.savedLines.error.notFound");
  });
}
