import {
  DISCLOSURE_GROUNDS,
  type Disclosure,
  type FormField,
  type FormValueError,
  type LineStepInput,
  MAX_LINE_STEPS,
  RETENTION_PERIODS,
  type Retention,
  type StepKind,
  validateFormValues,
} from "@nuri/approval";
import { sendCollabNotice } from "@nuri/collab";
import {
  and,
  approvalForms,
  approvalParticipants,
  approvals,
  departments,
  documents,
  eq,
  inArray,
  isNull,
  recordAudit,
  type TenantTx,
  withTenant,
} from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import { AppError } from "../../errors.server.ts";
import { characterCount, isUuid } from "../documents/spaces-context.server.ts";
import { type ApprovalsActor, loadApproval, relationsToApproval } from "./approval-state.server.ts";
import {
  ApprovalFieldError,
  approvalNotFound,
  isEditableStatus,
  loadPeople,
  mayTakePart,
  writeLine,
} from "./draft-shared.server.ts";

/** The longest title, in characters (approvals_title_length says the same). */
export const MAX_APPROVAL_TITLE = 200;
/** The most 참조 people, 수신 departments and 공동기안자 one document may name. */
export const MAX_CC = 30;
export const MAX_RECIPIENTS = 30;
export const MAX_CO_DRAFTERS = 10;
/** approval_steps allows groups 1–50. */
const MAX_GROUP = 50;

/** One step of the line as the line picker sends it. */
export interface DraftLineStep {
  kind: StepKind;
  group: number;
  assigneeId: string;
  mayCloseByDelegation?: boolean;
}

/** 공개구분, its grounds (1–8호) and 보존기간: stored as given, checked in full at 상신. */
export interface DraftRecords {
  disclosure: string | null;
  disclosureGrounds: readonly unknown[];
  retention: string | null;
}

/** What a save changes; each part present replaces what is stored, absent parts stay. */
export interface DraftChanges {
  title?: string;
  /** The form's values by field key (types checked now; required ones at 상신). */
  fields?: Readonly<Record<string, unknown>>;
  records?: DraftRecords;
  line?: readonly DraftLineStep[];
  /** 참조: people. */
  cc?: readonly string[];
  /** 수신: departments. */
  recipients?: readonly string[];
  /** 공동기안자: people (the drafter only may change them). */
  coDrafters?: readonly string[];
}

const STEP_KINDS: readonly string[] = ["review", "cooperate", "approve"];
const DISCLOSURES: readonly string[] = ["public", "partial", "private"];

const FIELD_MESSAGES: Record<FormValueError["code"], MessageKey> = {
  required: "approvals.errors.field.required",
  invalid: "approvals.errors.field.invalid",
  "not-a-number": "approvals.errors.field.notANumber",
  "not-a-date": "approvals.errors.field.notADate",
  "not-an-option": "approvals.errors.field.notAnOption",
  "too-long": "approvals.errors.field.tooLong",
  "out-of-range": "approvals.errors.field.outOfRange",
  "end-before-start": "approvals.errors.field.endBeforeStart",
};

/** The field error for the first problem of a form's values, named by the field's label. */
export function formValueError(fields: readonly FormField[], error: FormValueError): ApprovalFieldError {
  const label = fields.find((field) => field.key === error.key)?.label ?? error.key;
  return new ApprovalFieldError(
    `fields.${error.key}`,
    `approvals.field.${error.code}`,
    FIELD_MESSAGES[error.code],
    {
      label,
    },
  );
}

/** Checks a title for a draft (empty allowed until 상신); returns it trimmed. */
export function checkDraftTitle(input: unknown): string {
  if (typeof input !== "string")
    throw new ApprovalFieldError("title", "approvals.title.invalid", "approvals.errors.invalidInput");
  const title = input.trim();
  if (characterCount(title) > MAX_APPROVAL_TITLE) {
    throw new ApprovalFieldError("title", "approvals.title.too-long", "approvals.errors.titleTooLong", {
      max: MAX_APPROVAL_TITLE,
    });
  }
  if (title.includes("\0"))
    throw new ApprovalFieldError("title", "approvals.title.invalid", "form.invalidCharacters");
  return title;
}

/** Checks the kinds of the records metadata; whether they are complete is 상신's question. */
export function checkDraftRecords(input: DraftRecords): {
  disclosure: Disclosure | null;
  disclosureGrounds: number[];
  retention: Retention | null;
} {
  const disclosure = input.disclosure === "" ? null : input.disclosure;
  if (disclosure !== null && !DISCLOSURES.includes(disclosure)) {
    throw new ApprovalFieldError(
      "disclosure",
      "approvals.records.disclosure",
      "approvals.errors.disclosureUnknown",
    );
  }
  const retention = input.retention === "" ? null : input.retention;
  if (retention !== null && !(RETENTION_PERIODS as readonly string[]).includes(retention)) {
    throw new ApprovalFieldError(
      "retention",
      "approvals.records.retention",
      "approvals.errors.retentionUnknown",
    );
  }
  if (!Array.isArray(input.disclosureGrounds)) {
    throw new ApprovalFieldError(
      "disclosureGrounds",
      "approvals.records.grounds",
      "approvals.errors.groundUnknown",
    );
  }
  const grounds = new Set<number>();
  for (const ground of input.disclosureGrounds) {
    const value = typeof ground === "string" && /^\d$/.test(ground) ? Number(ground) : ground;
    if (typeof value !== "number" || !(DISCLOSURE_GROUNDS as readonly number[]).includes(value)) {
      throw new ApprovalFieldError(
        "disclosureGrounds",
        "approvals.records.grounds",
        "approvals.errors.groundUnknown",
      );
    }
    grounds.add(value);
  }
  return {
    disclosure: disclosure as Disclosure | null,
    disclosureGrounds: [...grounds].sort((a, b) => a - b),
    retention: retention as Retention | null,
  };
}

/** Checks the shape of a line (kinds, groups, ids, length); the people are checked in the database. */
export function checkDraftLine(input: readonly DraftLineStep[]): LineStepInput[] {
  if (!Array.isArray(input))
    throw new ApprovalFieldError("line", "approvals.line.invalid", "approvals.errors.invalidInput");
  if (input.length > MAX_LINE_STEPS) {
    throw new ApprovalFieldError("line", "approvals.line.too-long", "approvals.errors.lineTooLong", {
      max: MAX_LINE_STEPS,
    });
  }
  return input.map((step, index) => {
    const fine =
      typeof step === "object" &&
      step !== null &&
      STEP_KINDS.includes(step.kind) &&
      Number.isInteger(step.group) &&
      step.group >= 1 &&
      step.group <= MAX_GROUP &&
      isUuid(step.assigneeId) &&
      (step.mayCloseByDelegation === undefined || typeof step.mayCloseByDelegation === "boolean");
    if (!fine) {
      throw new ApprovalFieldError(
        `line.${index}`,
        "approvals.line.step-invalid",
        "approvals.errors.lineStepInvalid",
      );
    }
    return {
      kind: step.kind,
      group: step.group,
      assigneeId: step.assigneeId.toLowerCase(),
      mayCloseByDelegation: step.mayCloseByDelegation ?? false,
    };
  });
}

/** Checks a list of ids (people or departments) for shape and length; returns them without repeats. */
function checkIds(field: string, input: readonly string[], max: number, tooMany: MessageKey): string[] {
  if (!Array.isArray(input) || !input.every(isUuid)) {
    throw new ApprovalFieldError(field, `approvals.${field}.invalid`, "approvals.errors.invalidInput");
  }
  const ids = [...new Set(input.map((id) => id.toLowerCase()))];
  if (ids.length > max) throw new ApprovalFieldError(field, `approvals.${field}.too-many`, tooMany, { max });
  return ids;
}

/** Replaces the participants of one role with `ids` (people, or departments for 수신). */
async function replaceParticipants(
  tx: TenantTx,
  ctx: ApprovalsActor,
  approvalId: string,
  role: "co_drafter" | "cc" | "recipient",
  ids: readonly string[],
): Promise<void> {
  await tx
    .delete(approvalParticipants)
    .where(
      and(
        eq(approvalParticipants.tenantId, ctx.tenantId),
        eq(approvalParticipants.approvalId, approvalId),
        eq(approvalParticipants.role, role),
      ),
    );
  if (ids.length === 0) return;
  await tx.insert(approvalParticipants).values(
    ids.map((id) => ({
      tenantId: ctx.tenantId,
      approvalId,
      role,
      userId: role === "recipient" ? null : id,
      departmentId: role === "recipient" ? id : null,
      addedBy: ctx.userId,
    })),
  );
}

/**
 * Saves changes to a draft (or a withdrawn document): its title, form values, records metadata,
 * line, 참조, 수신 and 공동기안자. The drafter and the co-drafters may; the co-drafters
 * themselves only the drafter changes. Every part is checked before anything is written, and a
 * refusal tied to an input is an ApprovalFieldError naming it; the whole save is one
 * transaction under the document's row lock.
 */
export async function updateDraft(
  ctx: ApprovalsActor,
  input: { approvalId: string } & DraftChanges,
  now: Date = new Date(),
): Promise<void> {
  if (!isUuid(input.approvalId)) throw approvalNotFound();
  // What can be checked without the database, first.
  const title = input.title === undefined ? undefined : checkDraftTitle(input.title);
  const records = input.records === undefined ? undefined : checkDraftRecords(input.records);
  const line = input.line === undefined ? undefined : checkDraftLine(input.line);
  const cc =
    input.cc === undefined ? undefined : checkIds("cc", input.cc, MAX_CC, "approvals.errors.ccTooMany");
  const recipients =
    input.recipients === undefined
      ? undefined
      : checkIds("recipients", input.recipients, MAX_RECIPIENTS, "approvals.errors.recipientsTooMany");
  const coDrafters =
    input.coDrafters === undefined
      ? undefined
      : checkIds("coDrafters", input.coDrafters, MAX_CO_DRAFTERS, "approvals.errors.coDraftersTooMany");

  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const loaded = await loadApproval(tx, ctx.tenantId, input.approvalId, { forUpdate: true });
    if (!loaded) throw approvalNotFound();
    const relations = await relationsToApproval(tx, ctx.tenantId, loaded, ctx.userId, now);
    if (relations.size === 0) throw approvalNotFound();
    const { approval } = loaded;
    if (!relations.has("drafter") && !relations.has("co_drafter")) {
      throw new AppError("approvals.not-editor", "approvals.errors.notEditor", 403);
    }
    if (!isEditableStatus(approval.status)) {
      throw new AppError("approvals.not-editable", "approvals.errors.notEditable", 409);
    }
    if (coDrafters !== undefined && !relations.has("drafter")) {
      throw new AppError("approvals.co-drafters.drafter-only", "approvals.errors.coDraftersDrafterOnly", 403);
    }

    let values: { fields: Record<string, unknown>; amount: number | null } | undefined;
    if (input.fields !== undefined) {
      if (typeof input.fields !== "object" || input.fields === null || Array.isArray(input.fields)) {
        throw new ApprovalFieldError("fields", "approvals.fields.invalid", "approvals.errors.invalidInput");
      }
      const [form] = await tx
        .select({ fields: approvalForms.fields, amountField: approvalForms.amountField })
        .from(approvalForms)
        .where(and(eq(approvalForms.tenantId, ctx.tenantId), eq(approvalForms.id, approval.formId)));
      const formFields = (form?.fields ?? []) as FormField[];
      // While drafting a required field may still be empty; 상신 asks for it.
      const lenient = formFields.map((field) => ({ ...field, required: false }));
      // The files of attachment fields are attached and removed on their own
      // (approval-attachments.server.ts): a save keeps the lists as they are.
      const submitted: Record<string, unknown> = { ...input.fields };
      for (const field of formFields) {
        if (field.type === "attachment") submitted[field.key] = approval.fields[field.key] ?? null;
      }
      const checked = validateFormValues(lenient, submitted, form?.amountField ?? null);
      if (!checked.ok) throw formValueError(formFields, checked.errors[0]!);
      values = { fields: checked.values, amount: checked.amount };
    }

    const people = await loadPeople(tx, ctx.tenantId, [
      ...(line ?? []).map((step) => step.assigneeId),
      ...(cc ?? []),
      ...(coDrafters ?? []),
    ]);
    line?.forEach((step, index) => {
      if (!mayTakePart(people.get(step.assigneeId))) {
        throw new ApprovalFieldError(
          `line.${index}`,
          "approvals.line.assignee-unknown",
          "approvals.errors.lineAssigneeUnknown",
        );
      }
    });
    if (cc?.some((id) => !mayTakePart(people.get(id)))) {
      throw new ApprovalFieldError("cc", "approvals.cc.unknown", "approvals.errors.ccUnknown");
    }
    if (coDrafters?.some((id) => !mayTakePart(people.get(id)))) {
      throw new ApprovalFieldError(
        "coDrafters",
        "approvals.co-drafters.unknown",
        "approvals.errors.coDrafterUnknown",
      );
    }
    if (coDrafters?.includes(approval.drafterId)) {
      throw new ApprovalFieldError(
        "coDrafters",
        "approvals.co-drafters.drafter",
        "approvals.errors.coDrafterIsDrafter",
      );
    }
    if (recipients !== undefined && recipients.length > 0) {
      const found = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(
          and(
            eq(departments.tenantId, ctx.tenantId),
            inArray(departments.id, recipients),
            isNull(departments.closedAt),
          ),
        );
      if (found.length !== recipients.length) {
        throw new ApprovalFieldError(
          "recipients",
          "approvals.recipients.unknown",
          "approvals.errors.recipientUnknown",
        );
      }
    }

    // Everything checked: write.
    await tx
      .update(approvals)
      .set({
        ...(title !== undefined ? { title } : {}),
        ...(values !== undefined ? { fields: values.fields, amount: values.amount } : {}),
        ...(records !== undefined ? records : {}),
        updatedAt: now,
      })
      .where(and(eq(approvals.tenantId, ctx.tenantId), eq(approvals.id, approval.id)));
    if (title && title !== approval.title) {
      // The body's row carries the title too, for the history and export of the body.
      await tx
        .update(documents)
        .set({ title })
        .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, approval.bodyDocumentId)));
    }
    if (line !== undefined) await writeLine(tx, ctx.tenantId, approval.id, line, people);
    if (cc !== undefined) await replaceParticipants(tx, ctx, approval.id, "cc", cc);
    if (recipients !== undefined) await replaceParticipants(tx, ctx, approval.id, "recipient", recipients);
    if (coDrafters !== undefined) {
      await replaceParticipants(tx, ctx, approval.id, "co_drafter", coDrafters);
      // A co-drafter taken off loses editing at once: open editors renew their tickets.
      await sendCollabNotice(tx, {
        kind: "recheck",
        tenantId: ctx.tenantId,
        documentId: approval.bodyDocumentId,
      });
    }

    const changed = Object.entries({ title, fields: values, records, line, cc, recipients, coDrafters })
      .filter(([, value]) => value !== undefined)
      .map(([key]) => key);
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "approval.update",
      target: { type: "approval", id: approval.id },
      ip: ctx.ip,
      details: { changed: changed.join(","), ...(line !== undefined ? { line: line.length } : {}) },
    });
  });
}
