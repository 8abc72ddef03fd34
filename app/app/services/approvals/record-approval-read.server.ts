import { and, approvalEvents, approvalParticipants, eq, inArray, isNull, withTenant } from "@nuri/db";
import { isUuid } from "../documents/spaces-context.server.ts";
import { approvalNotFound } from "./approval-errors.server.ts";
import { type ApprovalsActor, loadApproval, relationsToApproval } from "./approval-state.server.ts";

// 참조 and 공람 keep who read the document and when: the first time such a reader opens it,
// their participant rows get read_at and the history a 'read' event, once.

/**
 * Records that the signed-in person opened the approval: sets read_at on their 참조 and 공람
 * rows that have none, and adds one 'read' event the first time. Answers whether this was
 * their first reading. Throws `approvals.not-found` (404) for an approval of another agency
 * or one the person has nothing to do with.
 */
export async function recordApprovalRead(
  ctx: ApprovalsActor,
  input: { approvalId: string; now?: Date },
): Promise<{ firstRead: boolean }> {
  if (!isUuid(input.approvalId)) throw approvalNotFound();
  const now = input.now ?? new Date();
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, ctx.tenantId, input.approvalId);
    if (!loaded) throw approvalNotFound();
    const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId, now);
    if (relations.size === 0) throw approvalNotFound();
    // Two tabs opening it at once: the second update waits for the first one's row lock,
    // finds read_at set, and updates nothing, so the event is written once.
    const marked = await tx
      .update(approvalParticipants)
      .set({ readAt: now })
      .where(
        and(
          eq(approvalParticipants.tenantId, ctx.tenantId),
          eq(approvalParticipants.approvalId, input.approvalId),
          eq(approvalParticipants.userId, ctx.userId),
          inArray(approvalParticipants.role, ["cc", "circulation"]),
          isNull(approvalParticipants.readAt),
        ),
      )
      .returning({ id: approvalParticipants.id });
    if (marked.length === 0) return { firstRead: false };
    const [earlier] = await tx
      .select({ id: approvalEvents.id })
      .from(approvalEvents)
      .where(
        and(
          eq(approvalEvents.tenantId, ctx.tenantId),
          eq(approvalEvents.approvalId, input.approvalId),
          eq(approvalEvents.actorId, ctx.userId),
          eq(approvalEvents.action, "read"),
        ),
      )
      .limit(1);
    if (earlier) return { firstRead: false };
    await tx.insert(approvalEvents).values({
      tenantId: ctx.tenantId,
      approvalId: input.approvalId,
      action: "read",
      actorId: ctx.userId,
    });
    return { firstRead: true };
  });
}
