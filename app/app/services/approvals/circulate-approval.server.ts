import {
  and,
  approvalEvents,
  approvalParticipants,
  eq,
  inArray,
  recordAudit,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { addNotifications } from "../documents/notifications.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import { approvalNotFound } from "./approval-errors.server.ts";
import { type ApprovalsActor, loadApproval, relationsToApproval } from "./approval-state.server.ts";

// 공람: after completion, the drafter or a person of the line shows the document to others
// for reading; each of them is told, and the page records when they first read it
// (record-approval-read).

/** The most people added to 공람 in one go. */
export const MAX_CIRCULATION_PEOPLE = 100;

/**
 * Adds `userIds` to the approval's 공람 (people already in it are left as they are), tells
 * each new one, and records a 'circulate' event and `approval.circulate` in the audit log.
 * Answers the people newly added. Throws `approvals.not-found` (404) for an approval of
 * another agency or one the person has nothing to do with, `approvals.circulate.forbidden`
 * (403) for someone neither its drafter nor of its line, `approvals.circulate.not-completed`
 * (409) before completion, and 400s for an empty or too long list or unknown people.
 */
export async function circulateApproval(
  ctx: ApprovalsActor,
  input: { approvalId: string; userIds: readonly string[]; now?: Date },
): Promise<{ added: string[] }> {
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) {
    throw new AppError("approvals.circulate.empty", "approvals.circulate.error.empty", 400);
  }
  if (userIds.length > MAX_CIRCULATION_PEOPLE) {
    throw new AppError("approvals.circulate.too-many", "approvals.circulate.error.tooMany", 400, {
      max: MAX_CIRCULATION_PEOPLE,
    });
  }
  if (!isUuid(input.approvalId)) throw approvalNotFound();
  if (!userIds.every(isUuid)) throw unknownPerson();
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, ctx.tenantId, input.approvalId);
    if (!loaded) throw approvalNotFound();
    const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId, input.now);
    if (relations.size === 0) throw approvalNotFound();
    if (!relations.has("drafter") && !relations.has("step") && !relations.has("substitute")) {
      throw new AppError("approvals.circulate.forbidden", "approvals.circulate.error.forbidden", 403);
    }
    if (loaded.approval.status !== "completed") {
      throw new AppError("approvals.circulate.not-completed", "approvals.circulate.error.notCompleted", 409);
    }
    const people = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenantId), inArray(users.id, userIds), eq(users.status, "active")));
    if (people.length !== userIds.length) throw unknownPerson();

    const added = await tx
      .insert(approvalParticipants)
      .values(
        userIds.map((userId) => ({
          tenantId: ctx.tenantId,
          approvalId: input.approvalId,
          role: "circulation" as const,
          userId,
          addedBy: ctx.userId,
        })),
      )
      .onConflictDoNothing()
      .returning({ userId: approvalParticipants.userId });
    const addedIds = added.map((row) => row.userId!);
    if (addedIds.length === 0) return { added: [] };
    await tx.insert(approvalEvents).values({
      tenantId: ctx.tenantId,
      approvalId: input.approvalId,
      action: "circulate",
      actorId: ctx.userId,
    });
    await addNotifications(
      tx,
      ctx.tenantId,
      addedIds.map((userId) => ({
        userId,
        kind: "approval.circulation" as const,
        actorId: ctx.userId,
        target: { type: "approval" as const, id: input.approvalId },
        details: {},
      })),
    );
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.circulate",
      target: { type: "approval", id: input.approvalId },
      ip: ctx.ip,
      details: { count: addedIds.length, userIds: addedIds.join(",") },
    });
    return { added: addedIds };
  });
}

function unknownPerson(): AppError {
  return new AppError("approvals.circulate.unknown-person", "approvals.circulate.error.unknownPerson", 400);
}
