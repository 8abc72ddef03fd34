import { compactState } from "@nuri/collab";
import { readStoredState } from "@nuri/collab/store";
import { and, approvalParticipants, approvals, documents, eq, recordAudit, withTenant } from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { projectState } from "../documents/create.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import { copyAttachments } from "./approval-attachments.server.ts";
import { type ApprovalsActor, loadApproval, relationsToApproval } from "./approval-state.server.ts";
import { requireDrafter } from "./create-approval.server.ts";
import {
  approvalNotFound,
  loadPeople,
  mayTakePart,
  recordApprovalEvent,
  writeLine,
} from "./draft-shared.server.ts";

/**
 * 재기안: a new draft made from a rejected document, by its drafter or a co-drafter, who drafts
 * the new one (in their own department). It carries a copy of the body as it stands (its own
 * collaborative document), the same form, values, records metadata, line (every step waiting
 * again), 참조, 수신 and co-drafters (the original drafter among them when a co-drafter
 * redrafts), and points back at the original (redraft_of). Both histories record it. A rejected
 * document is redrafted once: a second attempt is refused, so two clicks make one draft.
 * Returns the new approval's id.
 */
export async function redraftApproval(
  ctx: ApprovalsActor,
  input: { approvalId: string },
  now: Date = new Date(),
): Promise<string> {
  if (!isUuid(input.approvalId)) throw approvalNotFound();
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, ctx.tenantId, input.approvalId, { forUpdate: true });
    if (!loaded) throw approvalNotFound();
    const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId, now);
    if (relations.size === 0) throw approvalNotFound();
    const { approval: original, steps } = loaded;
    if (!relations.has("drafter") && !relations.has("co_drafter")) {
      throw new AppError("approvals.redraft.not-drafter", "approvals.errors.notEditor", 403);
    }
    if (original.status !== "rejected") {
      throw new AppError("approvals.redraft.not-rejected", "approvals.errors.notRejected", 409);
    }
    const [earlier] = await tx
      .select({ id: approvals.id })
      .from(approvals)
      .where(and(eq(approvals.tenantId, ctx.tenantId), eq(approvals.redraftOf, original.id)))
      .limit(1);
    if (earlier) throw new AppError("approvals.redraft.already", "approvals.errors.alreadyRedrafted", 409);
    const drafter = await requireDrafter(tx, ctx.tenantId, ctx.userId);

    const [source] = await tx
      .select({ title: documents.title })
      .from(documents)
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, original.bodyDocumentId)));
    const stored = await readStoredState(tx, original.bodyDocumentId);
    const state = stored && stored.parts.length > 0 ? compactState(stored.parts) : null;
    const [body] = await tx
      .insert(documents)
      .values({
        tenantId: ctx.tenantId,
        ownerId: drafter.id,
        departmentId: drafter.departmentId,
        title: source?.title ?? original.title,
        purpose: "approval",
        state,
        compactedAt: state ? now : null,
        ...projectState(state),
        projectedAt: now,
      })
      .returning({ id: documents.id });

    const [copy] = await tx
      .insert(approvals)
      .values({
        tenantId: ctx.tenantId,
        formId: original.formId,
        title: original.title,
        drafterId: drafter.id,
        departmentId: drafter.departmentId,
        bodyDocumentId: body!.id,
        fields: original.fields,
        amount: original.amount,
        disclosure: original.disclosure,
        disclosureGrounds: original.disclosureGrounds,
        retention: original.retention,
        redraftOf: original.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: approvals.id });
    const approvalId = copy!.id;
    // The files of the attachment fields go with it, as copies the new document owns.
    const fields = await copyAttachments(tx, ctx.tenantId, {
      fromApprovalId: original.id,
      toApprovalId: approvalId,
      fields: original.fields,
      copiedBy: drafter.id,
    });
    await tx
      .update(approvals)
      .set({ fields })
      .where(and(eq(approvals.tenantId, ctx.tenantId), eq(approvals.id, approvalId)));

    const line = steps.map((step) => ({
      kind: step.kind,
      group: step.group,
      assigneeId: step.assigneeId,
      mayCloseByDelegation: step.mayCloseByDelegation,
    }));
    const people = await loadPeople(
      tx,
      ctx.tenantId,
      line.map((step) => step.assigneeId),
    );
    // A holder who has left keeps their place, as they were; 상신 names them to be replaced.
    for (const step of steps) {
      if (!people.has(step.assigneeId)) continue;
      const person = people.get(step.assigneeId)!;
      if (!mayTakePart(person)) {
        people.set(step.assigneeId, {
          ...person,
          name: step.assigneeName,
          positionName: step.assigneePosition,
          departmentName: step.assigneeDepartment,
        });
      }
    }
    await writeLine(tx, ctx.tenantId, approvalId, line, people);

    const participants = await tx
      .select({
        role: approvalParticipants.role,
        userId: approvalParticipants.userId,
        departmentId: approvalParticipants.departmentId,
      })
      .from(approvalParticipants)
      .where(
        and(
          eq(approvalParticipants.tenantId, ctx.tenantId),
          eq(approvalParticipants.approvalId, original.id),
        ),
      );
    const kept = participants.filter(
      (p) => p.role !== "circulation" && !(p.role === "co_drafter" && p.userId === drafter.id),
    );
    const originalDrafter = (await loadPeople(tx, ctx.tenantId, [original.drafterId])).get(
      original.drafterId,
    );
    if (original.drafterId !== drafter.id && mayTakePart(originalDrafter)) {
      kept.push({ role: "co_drafter", userId: original.drafterId, departmentId: null });
    }
    if (kept.length > 0) {
      await tx.insert(approvalParticipants).values(
        kept.map((p) => ({
          tenantId: ctx.tenantId,
          approvalId,
          role: p.role,
          userId: p.userId,
          departmentId: p.departmentId,
          addedBy: ctx.userId,
        })),
      );
    }

    await recordApprovalEvent(tx, ctx.tenantId, { approvalId, action: "redraft", actorId: ctx.userId });
    await recordApprovalEvent(tx, ctx.tenantId, {
      approvalId: original.id,
      action: "redraft",
      actorId: ctx.userId,
    });
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.redraft",
      target: { type: "approval", id: approvalId },
      ip: ctx.ip,
      details: { sourceId: original.id, bodyDocumentId: body!.id },
    });
    return approvalId;
  });
}
