import { MAX_VERSION_NAME, saveVersion } from "@nuri/collab/store";
import {
  and,
  approvalAmendments,
  approvalEvents,
  desc,
  eq,
  positions,
  sql,
  type TenantTx,
  users,
} from "@nuri/db";
import type { ApprovalBody } from "./approval-body.server.ts";

// Amendments (결재 중 수정): an approver with edit rights may change the body while it is
// their turn; when they act, the change is kept as a named version of the body document and an
// approval_amendments row (before and after text), so that later approvers see who changed
// what, and when.
//
// The baseline. Each amendment compares the body with the text as it stood after the one
// before. For the first one, that is the text at 상신: `recordSubmittedBody` stores it at 상신
// as an approval_amendments row of its own, with no step and the same text before and after,
// pointing at a version of the body named "상신 — <drafter>". So "the latest row's after_text"
// is always the text the line last saw, with no schema change, and the 상신 version is there to
// compare with. A real amendment is only recorded when the text changed, so lists tell the
// baselines by their equal texts (not by the missing step: a line redrawn after 회수 drops its
// steps and the amendments' step_id with them).

/** A person's name and 직위 as they read now, for signatures and version names. */
export async function personSnapshot(
  tx: TenantTx,
  tenantId: string,
  userId: string,
): Promise<{ name: string; position: string }> {
  const [row] = await tx
    .select({ name: users.displayName, position: positions.name })
    .from(users)
    .leftJoin(positions, and(eq(positions.tenantId, users.tenantId), eq(positions.id, users.positionId)))
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  return { name: row?.name ?? "", position: row?.position ?? "" };
}

/** "권나은 주무관", or the name alone without a 직위. */
function label(person: { name: string; position: string }): string {
  return [person.name, person.position].filter((part) => part !== "").join(" ");
}

/** A version name cut to what the history accepts (names are counted in code points). */
function versionName(text: string): string {
  return [...text].slice(0, MAX_VERSION_NAME).join("");
}

/**
 * Records the body at 상신 as the baseline later amendments compare with: a version of the
 * body document named "상신 — <drafter>" and a baseline row (no step, same text before and
 * after). The submit service calls it in the transaction that submits, with the body it froze.
 */
export async function recordSubmittedBody(
  tx: TenantTx,
  input: {
    tenantId: string;
    approvalId: string;
    bodyDocumentId: string;
    drafterId: string;
    body: ApprovalBody;
  },
): Promise<void> {
  const drafter = await personSnapshot(tx, input.tenantId, input.drafterId);
  const versionId = await saveVersion(tx, {
    tenantId: input.tenantId,
    documentId: input.bodyDocumentId,
    kind: "named",
    name: versionName(`상신 — ${label(drafter)}`),
    state: input.body.state,
    createdBy: input.drafterId,
    contributors: [input.drafterId],
  });
  await tx.insert(approvalAmendments).values({
    tenantId: input.tenantId,
    approvalId: input.approvalId,
    stepId: null,
    authorId: input.drafterId,
    versionId,
    beforeText: input.body.text,
    afterText: input.body.text,
    createdAt: sql`clock_timestamp()`,
  });
}

export interface RecordedAmendment {
  id: string;
  versionId: string;
}

/**
 * When the body's text differs from the text the line last saw, keeps it as an amendment by
 * `authorId` on `stepId`: a named version "결재 중 수정 — <name 직위>", an approval_amendments
 * row and an 'amend' event. Answers null when nothing changed. Without a baseline (an approval
 * submitted before baselines were recorded), the current text becomes the baseline and nothing
 * is attributed to anyone: a change nobody can date is not pinned on the person acting now.
 */
export async function recordAmendmentIfChanged(
  tx: TenantTx,
  input: {
    tenantId: string;
    approvalId: string;
    bodyDocumentId: string;
    stepId: string;
    authorId: string;
    body: ApprovalBody;
  },
): Promise<RecordedAmendment | null> {
  const [last] = await tx
    .select({ afterText: approvalAmendments.afterText })
    .from(approvalAmendments)
    .where(
      and(
        eq(approvalAmendments.tenantId, input.tenantId),
        eq(approvalAmendments.approvalId, input.approvalId),
      ),
    )
    .orderBy(desc(approvalAmendments.createdAt), desc(approvalAmendments.id))
    .limit(1);
  if (last && last.afterText === input.body.text) return null;
  const author = await personSnapshot(tx, input.tenantId, input.authorId);
  const versionId = await saveVersion(tx, {
    tenantId: input.tenantId,
    documentId: input.bodyDocumentId,
    kind: "named",
    name: versionName(last ? `결재 중 수정 — ${label(author)}` : "결재 중 기준본"),
    state: input.body.state,
    createdBy: input.authorId,
    contributors: last ? [input.authorId] : [],
  });
  const [row] = await tx
    .insert(approvalAmendments)
    .values({
      tenantId: input.tenantId,
      approvalId: input.approvalId,
      stepId: last ? input.stepId : null,
      authorId: input.authorId,
      versionId,
      beforeText: last?.afterText ?? input.body.text,
      afterText: input.body.text,
      // The moment of writing, under the approval's row lock, not the transaction's start:
      // a transaction that waited for the lock started before the one it waited for, and
      // "the latest amendment" must be the one written last.
      createdAt: sql`clock_timestamp()`,
    })
    .returning({ id: approvalAmendments.id });
  if (!last) return null;
  await tx.insert(approvalEvents).values({
    tenantId: input.tenantId,
    approvalId: input.approvalId,
    action: "amend",
    actorId: input.authorId,
    stepId: input.stepId,
  });
  return { id: row!.id, versionId };
}
