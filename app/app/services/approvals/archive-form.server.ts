import { and, approvalForms, eq, recordAudit, withTenant } from "@nuri/db";
import type { ApprovalsActor } from "./approval-state.server.ts";
import {
  ApprovalsFieldError,
  approvalsNotFound,
  isUuid,
  lockScope,
  requireTenantAdmin,
} from "./approvals-admin-context.server.ts";
import { type FormAdminView, readForms } from "./list-forms-admin.server.ts";
import { requireRoomForCustomForm, requireUniqueName } from "./save-form.server.ts";

/**
 * Archives a form (administrators only), or restores it with `archived: false`. An archived form
 * is no longer offered for new drafts; documents already written on it keep it. 기안문 (general)
 * stays: every agency needs a form for an ordinary draft.
 */
export async function archiveForm(
  ctx: ApprovalsActor,
  input: { formId: string; archived?: boolean; now?: Date },
): Promise<FormAdminView> {
  const archived = input.archived ?? true;
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireTenantAdmin(tx, ctx);
    await lockScope(tx, `forms:${ctx.tenantId}`);
    const [form] = isUuid(input.formId) ? await readForms(tx, ctx.tenantId, input.formId) : [];
    if (!form) throw approvalsNotFound("form", "approvals.admin.error.formNotFound");
    if (archived === (form.archivedAt !== null)) return form;
    if (archived && form.builtin && form.key === "general") {
      throw new ApprovalsFieldError(
        "formId",
        "approvals.form.general-not-archivable",
        "approvals.admin.error.generalNotArchivable",
      );
    }
    if (!archived) {
      await requireUniqueName(tx, ctx.tenantId, form.name, form.id);
      if (!form.builtin) await requireRoomForCustomForm(tx, ctx.tenantId);
    }
    await tx
      .update(approvalForms)
      .set({ archivedAt: archived ? (input.now ?? new Date()) : null })
      .where(and(eq(approvalForms.tenantId, ctx.tenantId), eq(approvalForms.id, form.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: archived ? "approval.form.archive" : "approval.form.restore",
      target: { type: "approval_form", id: form.id },
      ip: ctx.ip,
      details: { name: form.name, key: form.key },
    });
    const [saved] = await readForms(tx, ctx.tenantId, form.id);
    return saved!;
  });
}
