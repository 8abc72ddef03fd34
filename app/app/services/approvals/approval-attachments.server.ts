import { createHash } from "node:crypto";
import { FORM_LIMITS, type FormField } from "@nuri/approval";
import {
  and,
  approvalAttachments,
  approvalForms,
  approvals,
  asc,
  eq,
  recordAudit,
  type TenantTx,
  withTenant,
} from "@nuri/db";
import { formatFileSize } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";
import { hasControlCharacter } from "../../text.ts";
import { characterCount, isUuid } from "../documents/spaces-context.server.ts";
import {
  type ApprovalsActor,
  type LoadedApproval,
  loadApproval,
  relationsToApproval,
} from "./approval-state.server.ts";
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_NAME } from "./attachment-limits.ts";
import { ApprovalFieldError, approvalNotFound, isEditableStatus } from "./draft-shared.server.ts";

// 붙임: files attached to the attachment fields of an approval's form. The drafter and the
// co-drafters attach and remove them while the document is a draft (or withdrawn); from 상신
// on they are frozen with it. The field's value in approvals.fields lists the files' ids in
// order, and is written only here, in the transaction that stores or deletes the file, under
// the approval's row lock. Anyone who may read the approval may download them; everyone else,
// and every other agency, gets not-found. The official document lists them after "붙임".

export interface ApprovalAttachment {
  id: string;
  fieldKey: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

const KEYS = {
  tooLarge: "approvals.errors.attachment.tooLarge",
  empty: "approvals.errors.attachment.empty",
  type: "approvals.errors.attachment.type",
  name: "approvals.errors.attachment.name",
  tooMany: "approvals.errors.attachment.tooMany",
  field: "approvals.errors.attachment.field",
  notFound: "approvals.errors.attachment.notFound",
} as const;

/** The refusal of a file over MAX_ATTACHMENT_BYTES (also used before the body is read). */
export function attachmentTooLarge(): AppError {
  return new AppError("approvals.attachment.too-large", KEYS.tooLarge, 413, {
    max: formatFileSize(MAX_ATTACHMENT_BYTES, "en"),
  });
}

/**
 * A file name as it will be kept: the last part of a path (browsers of old sent the whole
 * path), trimmed, in Unicode NFC (macOS sends Hangul decomposed). Throws for an empty or over
 * long name, or one with control characters; answers it with its content type.
 */
export function checkAttachmentName(raw: string): { filename: string; contentType: string } {
  const filename = (raw.split(/[\\/]/).pop() ?? "").trim().normalize("NFC");
  const fine =
    filename !== "" && characterCount(filename) <= MAX_ATTACHMENT_NAME && !hasControlCharacter(filename);
  if (!fine) {
    throw new AppError("approvals.attachment.name", KEYS.name, 400, { max: MAX_ATTACHMENT_NAME });
  }
  const dot = filename.lastIndexOf(".");
  const contentType = dot > 0 ? ATTACHMENT_TYPES[filename.slice(dot + 1).toLowerCase()] : undefined;
  if (!contentType) {
    throw new AppError("approvals.attachment.type", KEYS.type, 415, {
      types: Object.keys(ATTACHMENT_TYPES).join(", "),
    });
  }
  return { filename, contentType };
}

/** The ids a field's stored value lists (an attachment field's value is a list of ids). */
function idsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
}

async function formFieldsOf(tx: TenantTx, tenantId: string, formId: string): Promise<FormField[]> {
  const [form] = await tx
    .select({ fields: approvalForms.fields })
    .from(approvalForms)
    .where(and(eq(approvalForms.tenantId, tenantId), eq(approvalForms.id, formId)));
  return (form?.fields ?? []) as FormField[];
}

/** The approval, locked, for a drafter or co-drafter while it may still be written; else the refusal. */
async function loadForAttaching(
  tx: TenantTx,
  ctx: ApprovalsActor,
  approvalId: string,
): Promise<LoadedApproval> {
  if (!isUuid(approvalId)) throw approvalNotFound();
  const loaded = await loadApproval(tx, ctx.tenantId, approvalId, { forUpdate: true });
  if (!loaded) throw approvalNotFound();
  const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId);
  if (relations.size === 0) throw approvalNotFound();
  if (!relations.has("drafter") && !relations.has("co_drafter")) {
    throw new AppError("approvals.not-editor", "approvals.errors.notEditor", 403);
  }
  if (!isEditableStatus(loaded.approval.status)) {
    throw new AppError("approvals.attachment.frozen", "approvals.errors.attachment.frozen", 409);
  }
  return loaded;
}

/** Writes the new id lists of attachment fields (by key) into the approval's values. */
async function writeFieldIds(
  tx: TenantTx,
  tenantId: string,
  loaded: LoadedApproval,
  lists: ReadonlyMap<string, string[]>,
): Promise<void> {
  await tx
    .update(approvals)
    .set({ fields: { ...loaded.approval.fields, ...Object.fromEntries(lists) }, updatedAt: new Date() })
    .where(and(eq(approvals.tenantId, tenantId), eq(approvals.id, loaded.approval.id)));
}

/** A file to attach: the attachment field it goes to, its name as sent, and its bytes. */
export interface FileToAttach {
  fieldKey: string;
  filename: string;
  bytes: Uint8Array;
}

/**
 * Attaches files to the attachment fields of a draft, all or none: each file's size (1 byte to
 * MAX_ATTACHMENT_BYTES, and MAX_ATTACHMENT_BYTES for all of them together) and the kind its
 * name says (ATTACHMENT_TYPES) are checked first, then, under the approval's row lock, that
 * each field is an attachment field of the form and stays within its limit (its `max`, at most
 * FORM_LIMITS.attachments files). Audits `approval.attachment.add` for each. A refusal names
 * the field in an ApprovalFieldError ("fields.<key>"), and nothing is written.
 */
export async function attachFiles(
  ctx: ApprovalsActor,
  input: { approvalId: string; files: readonly FileToAttach[] },
): Promise<ApprovalAttachment[]> {
  const refuse = (fieldKey: string, error: AppError) =>
    new ApprovalFieldError(`fields.${fieldKey}`, error.code, error.messageKey, error.params);
  let total = 0;
  const checked = input.files.map((file) => {
    total += file.bytes.length;
    if (file.bytes.length > MAX_ATTACHMENT_BYTES || total > MAX_ATTACHMENT_BYTES) {
      throw refuse(file.fieldKey, attachmentTooLarge());
    }
    if (file.bytes.length === 0) {
      throw refuse(file.fieldKey, new AppError("approvals.attachment.empty", KEYS.empty, 400));
    }
    try {
      return { ...file, ...checkAttachmentName(file.filename) };
    } catch (error) {
      if (error instanceof AppError) throw refuse(file.fieldKey, error);
      throw error;
    }
  });
  if (checked.length === 0) return [];
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadForAttaching(tx, ctx, input.approvalId);
    const fields = await formFieldsOf(tx, ctx.tenantId, loaded.approval.formId);
    const lists = new Map<string, string[]>();
    const attached: ApprovalAttachment[] = [];
    for (const file of checked) {
      const field = fields.find(
        (candidate) => candidate.key === file.fieldKey && candidate.type === "attachment",
      );
      if (!field) throw refuse(file.fieldKey, new AppError("approvals.attachment.field", KEYS.field, 400));
      const ids = lists.get(field.key) ?? idsOf(loaded.approval.fields[field.key]);
      const max = Math.min(field.max ?? FORM_LIMITS.attachments, FORM_LIMITS.attachments);
      if (ids.length >= max) {
        throw refuse(
          field.key,
          new AppError("approvals.attachment.too-many", KEYS.tooMany, 409, { label: field.label, max }),
        );
      }
      const sha256 = new Uint8Array(createHash("sha256").update(file.bytes).digest());
      const [row] = await tx
        .insert(approvalAttachments)
        .values({
          tenantId: ctx.tenantId,
          approvalId: loaded.approval.id,
          fieldKey: field.key,
          filename: file.filename,
          contentType: file.contentType,
          sizeBytes: file.bytes.length,
          sha256,
          data: file.bytes,
          uploadedBy: ctx.userId,
        })
        .returning({ id: approvalAttachments.id });
      const id = row!.id;
      lists.set(field.key, [...ids, id]);
      await recordAudit(tx, ctx.tenantId, {
        actor: ctx.actor,
        action: "approval.attachment.add",
        target: { type: "approval", id: loaded.approval.id },
        ip: ctx.ip,
        details: {
          attachmentId: id,
          field: field.key,
          filename: file.filename,
          sizeBytes: file.bytes.length,
          sha256: Buffer.from(sha256).toString("hex"),
        },
      });
      attached.push({
        id,
        fieldKey: field.key,
        filename: file.filename,
        contentType: file.contentType,
        sizeBytes: file.bytes.length,
      });
    }
    await writeFieldIds(tx, ctx.tenantId, loaded, lists);
    return attached;
  });
}

/** Removes a file from a draft (and from its field's list); audits `approval.attachment.remove`. */
export async function removeAttachment(
  ctx: ApprovalsActor,
  input: { approvalId: string; attachmentId: string },
): Promise<void> {
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadForAttaching(tx, ctx, input.approvalId);
    if (!isUuid(input.attachmentId)) throw new AppError("approvals.attachment.not-found", KEYS.notFound, 404);
    const [removed] = await tx
      .delete(approvalAttachments)
      .where(
        and(
          eq(approvalAttachments.tenantId, ctx.tenantId),
          eq(approvalAttachments.approvalId, loaded.approval.id),
          eq(approvalAttachments.id, input.attachmentId),
        ),
      )
      .returning({ fieldKey: approvalAttachments.fieldKey, filename: approvalAttachments.filename });
    if (!removed) throw new AppError("approvals.attachment.not-found", KEYS.notFound, 404);
    const ids = idsOf(loaded.approval.fields[removed.fieldKey]).filter((id) => id !== input.attachmentId);
    await writeFieldIds(tx, ctx.tenantId, loaded, new Map([[removed.fieldKey, ids]]));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.attachment.remove",
      target: { type: "approval", id: loaded.approval.id },
      ip: ctx.ip,
      details: { attachmentId: input.attachmentId, field: removed.fieldKey, filename: removed.filename },
    });
  });
}

/** The files of an approval (without their bytes), in the order of its fields' lists. */
export async function listAttachments(
  tx: TenantTx,
  tenantId: string,
  approval: LoadedApproval["approval"],
): Promise<ApprovalAttachment[]> {
  const rows = await tx
    .select({
      id: approvalAttachments.id,
      fieldKey: approvalAttachments.fieldKey,
      filename: approvalAttachments.filename,
      contentType: approvalAttachments.contentType,
      sizeBytes: approvalAttachments.sizeBytes,
    })
    .from(approvalAttachments)
    .where(and(eq(approvalAttachments.tenantId, tenantId), eq(approvalAttachments.approvalId, approval.id)))
    .orderBy(asc(approvalAttachments.createdAt));
  const position = new Map<string, number>();
  for (const value of Object.values(approval.fields)) {
    for (const [index, id] of idsOf(value).entries()) position.set(id, index);
  }
  return rows.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
}

export interface StoredAttachment {
  filename: string;
  contentType: string;
  data: Uint8Array;
  sha256: string;
}

/**
 * One file of an approval with its bytes, for a person who may read the approval; null when
 * the approval or the file does not exist in the tenant, or the person may not read it.
 * Audited as `approval.attachment.download`.
 */
export async function readAttachment(
  ctx: ApprovalsActor,
  input: { approvalId: string; attachmentId: string },
): Promise<StoredAttachment | null> {
  if (!isUuid(input.approvalId) || !isUuid(input.attachmentId)) return null;
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, ctx.tenantId, input.approvalId);
    if (!loaded) return null;
    const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId);
    if (relations.size === 0) return null;
    const [row] = await tx
      .select({
        filename: approvalAttachments.filename,
        contentType: approvalAttachments.contentType,
        data: approvalAttachments.data,
        sha256: approvalAttachments.sha256,
      })
      .from(approvalAttachments)
      .where(
        and(
          eq(approvalAttachments.tenantId, ctx.tenantId),
          eq(approvalAttachments.approvalId, loaded.approval.id),
          eq(approvalAttachments.id, input.attachmentId),
        ),
      );
    if (!row) return null;
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.attachment.download",
      target: { type: "approval", id: loaded.approval.id },
      ip: ctx.ip,
      details: { attachmentId: input.attachmentId, filename: row.filename },
    });
    return { ...row, sha256: Buffer.from(row.sha256).toString("hex") };
  });
}

/**
 * Copies every file of `fromApprovalId` to the new approval `to` (a 재기안), and answers the
 * new document's field values with the copies' ids in place of the originals'.
 */
export async function copyAttachments(
  tx: TenantTx,
  tenantId: string,
  input: { fromApprovalId: string; toApprovalId: string; fields: Record<string, unknown>; copiedBy: string },
): Promise<Record<string, unknown>> {
  const originals = await tx
    .select()
    .from(approvalAttachments)
    .where(
      and(
        eq(approvalAttachments.tenantId, tenantId),
        eq(approvalAttachments.approvalId, input.fromApprovalId),
      ),
    );
  const renamed = new Map<string, string>();
  for (const original of originals) {
    const [copy] = await tx
      .insert(approvalAttachments)
      .values({
        tenantId,
        approvalId: input.toApprovalId,
        fieldKey: original.fieldKey,
        filename: original.filename,
        contentType: original.contentType,
        sizeBytes: original.sizeBytes,
        sha256: original.sha256,
        data: original.data,
        uploadedBy: input.copiedBy,
      })
      .returning({ id: approvalAttachments.id });
    renamed.set(original.id, copy!.id);
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input.fields)) {
    fields[key] = Array.isArray(value)
      ? value.flatMap((id) => (typeof id === "string" && renamed.has(id) ? [renamed.get(id)!] : []))
      : value;
  }
  return fields;
}
