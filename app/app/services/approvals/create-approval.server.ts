import {
  and,
  approvalForms,
  approvals,
  documents,
  eq,
  isNull,
  recordAudit,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { isUuid } from "../documents/spaces-context.server.ts";
import type { ApprovalsActor } from "./approval-state.server.ts";
import { loadPeople, recordApprovalEvent, writeLine } from "./draft-shared.server.ts";
import { ensureBuiltinForms } from "./ensure-builtin-forms.server.ts";
import { proposeLine } from "./propose-line.server.ts";

/** The form does not exist in this tenant, is archived, or is another agency's. */
export function formNotFound(): AppError {
  return new AppError("approvals.form.not-found", "approvals.errors.formNotFound", 404);
}

/**
 * The person who drafts: active, of this tenant, not a pupil, and in a department (the
 * department is the document's 처리과, so a person without one cannot draft).
 */
export async function requireDrafter(tx: TenantTx, tenantId: string, userId: string) {
  const [person] = await tx
    .select({ id: users.id, role: users.role, status: users.status, departmentId: users.departmentId })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  if (person?.status !== "active" || person.role === "student") {
    throw new AppError("approvals.not-allowed", "approvals.errors.notAllowed", 403);
  }
  if (!person.departmentId) {
    throw new AppError("approvals.no-department", "approvals.errors.noDepartment", 400);
  }
  return { id: person.id, departmentId: person.departmentId };
}

/**
 * Starts a draft (기안) on a form: its body, a collaborative document of purpose 'approval'
 * owned by the drafter in their department (empty until someone writes in it), and the
 * approval row in the drafter's department as 처리과, with the line proposed from the org chart
 * and the 위임전결 rules so the drafter starts with a sensible one. Returns the approval's id.
 */
export async function createApproval(ctx: ApprovalsActor, input: { formId: string }): Promise<string> {
  if (!isUuid(input.formId)) throw formNotFound();
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await ensureBuiltinForms(tx, ctx.tenantId);
    const [form] = await tx
      .select({ id: approvalForms.id, key: approvalForms.key, name: approvalForms.name })
      .from(approvalForms)
      .where(
        and(
          eq(approvalForms.tenantId, ctx.tenantId),
          eq(approvalForms.id, input.formId),
          isNull(approvalForms.archivedAt),
        ),
      );
    if (!form) throw formNotFound();
    const drafter = await requireDrafter(tx, ctx.tenantId, ctx.userId);

    const [body] = await tx
      .insert(documents)
      .values({
        tenantId: ctx.tenantId,
        ownerId: drafter.id,
        departmentId: drafter.departmentId,
        title: form.name,
        purpose: "approval",
      })
      .returning({ id: documents.id });
    const [approval] = await tx
      .insert(approvals)
      .values({
        tenantId: ctx.tenantId,
        formId: form.id,
        drafterId: drafter.id,
        departmentId: drafter.departmentId,
        bodyDocumentId: body!.id,
      })
      .returning({ id: approvals.id });
    const approvalId = approval!.id;

    const line = await proposeLine(tx, {
      tenantId: ctx.tenantId,
      drafterId: drafter.id,
      formId: form.id,
      amount: null,
    });
    const people = await loadPeople(
      tx,
      ctx.tenantId,
      line.map((step) => step.assigneeId),
    );
    await writeLine(tx, ctx.tenantId, approvalId, line, people);
    await recordApprovalEvent(tx, ctx.tenantId, { approvalId, action: "draft", actorId: drafter.id });
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.draft",
      target: { type: "approval", id: approvalId },
      ip: ctx.ip,
      details: {
        form: form.key,
        departmentId: drafter.departmentId,
        bodyDocumentId: body!.id,
        line: line.length,
      },
    });
    return approvalId;
  });
}
