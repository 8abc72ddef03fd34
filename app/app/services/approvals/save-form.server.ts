import { randomBytes } from "node:crypto";
import {
  FORM_LIMITS,
  type FormDefinitionProblem,
  type FormField,
  validateFormDefinition,
} from "@nuri/approval";
import {
  and,
  approvalForms,
  count,
  eq,
  isNull,
  ne,
  recordAudit,
  sql,
  type TenantTx,
  withTenant,
} from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import type { ApprovalsActor } from "./approval-state.server.ts";
import {
  ApprovalsFieldError,
  approvalsNotFound,
  characterCount,
  isUuid,
  lockScope,
  requireTenantAdmin,
} from "./approvals-admin-context.server.ts";
import { ensureBuiltinForms } from "./ensure-builtin-forms.server.ts";
import { type FormAdminView, readForms } from "./list-forms-admin.server.ts";

/** Forms an agency keeps in use besides the built-in ones (archived ones do not count). */
export const MAX_CUSTOM_FORMS = 100;
export const MAX_FORM_NAME = 60;
export const MAX_FORM_DESCRIPTION = 500;
/** The default line walks 1 to 5 superiors up: 5 reaches from 주무관 past 기관장 in most agencies. */
export const MIN_DEFAULT_LEVELS = 1;
export const MAX_DEFAULT_LEVELS = 5;

export interface SaveFormInput {
  /** The form to change; absent or null creates a form of the agency's own (key `custom-…`). */
  formId?: string | null;
  name: string;
  description?: string;
  /**
   * The fields (text, number, date, money, choice, attachment), as validateFormDefinition reads
   * them. Required for a new form; must be left out for a built-in one, whose fields are fixed.
   */
  fields?: unknown;
  /** The money field 위임전결 rules compare with; left out of a built-in form. */
  amountField?: string | null;
  /** How many superiors the default line walks up, 1–5. */
  defaultLevels: number;
}

const PROBLEM_MESSAGE: Record<FormDefinitionProblem["code"], MessageKey> = {
  "not-a-list": "approvals.admin.error.field.notAList",
  "too-many-fields": "approvals.admin.error.field.tooManyFields",
  "not-a-field": "approvals.admin.error.field.notAField",
  "key-invalid": "approvals.admin.error.field.keyInvalid",
  "key-duplicate": "approvals.admin.error.field.keyDuplicate",
  "label-invalid": "approvals.admin.error.field.labelInvalid",
  "type-invalid": "approvals.admin.error.field.typeInvalid",
  "required-invalid": "approvals.admin.error.field.requiredInvalid",
  "options-invalid": "approvals.admin.error.field.optionsInvalid",
  "max-invalid": "approvals.admin.error.field.maxInvalid",
  "amount-field-invalid": "approvals.admin.error.field.amountFieldInvalid",
};

/** A field list that validateFormDefinition refuses; `problems` has all of them, the message the first. */
export class FormDefinitionError extends ApprovalsFieldError {
  constructor(readonly problems: FormDefinitionProblem[]) {
    const first = problems[0]!;
    super(
      first.code === "amount-field-invalid" ? "amountField" : "fields",
      `approvals.form.${first.code}`,
      PROBLEM_MESSAGE[first.code],
      // Numbered from 1, as the page lists the fields.
      { index: (first.index ?? 0) + 1, max: FORM_LIMITS.fields },
    );
  }
}

/**
 * Creates a form of the agency's own or changes one (administrators only). Built-in forms keep
 * their fields and amount field; only their name, description and default line change.
 */
export async function saveForm(ctx: ApprovalsActor, input: SaveFormInput): Promise<FormAdminView> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    await requireTenantAdmin(tx, ctx);
    const name = input.name.trim();
    const description = (input.description ?? "").trim();
    checkText(name, description, input.defaultLevels);

    await ensureBuiltinForms(tx, ctx.tenantId);
    // Form changes of one agency take turns, so the name check and the limit hold.
    await lockScope(tx, `forms:${ctx.tenantId}`);
    let before: FormAdminView | undefined;
    if (input.formId) {
      [before] = isUuid(input.formId) ? await readForms(tx, ctx.tenantId, input.formId) : [];
      if (!before) throw approvalsNotFound("form", "approvals.admin.error.formNotFound");
      if (before.archivedAt) {
        throw new ApprovalsFieldError(
          "name",
          "approvals.form.archived",
          "approvals.admin.error.archivedForm",
        );
      }
    }

    let fields: FormField[];
    let amountField: string | null;
    if (before?.builtin) {
      if (input.fields !== undefined || input.amountField !== undefined) {
        throw new ApprovalsFieldError(
          "fields",
          "approvals.form.builtin-fields-fixed",
          "approvals.admin.error.builtinFieldsFixed",
        );
      }
      fields = before.fields;
      amountField = before.amountField;
    } else {
      amountField = input.amountField ?? null;
      const definition = validateFormDefinition(input.fields ?? [], amountField);
      if (!definition.ok) throw new FormDefinitionError(definition.problems);
      fields = definition.fields;
    }

    await requireUniqueName(tx, ctx.tenantId, name, before?.id);
    const values = {
      name,
      description,
      fields,
      amountField,
      defaultLine: { kind: "chain" as const, levels: input.defaultLevels },
    };
    let formId: string;
    if (before) {
      formId = before.id;
      await tx
        .update(approvalForms)
        .set(values)
        .where(and(eq(approvalForms.tenantId, ctx.tenantId), eq(approvalForms.id, formId)));
    } else {
      await requireRoomForCustomForm(tx, ctx.tenantId);
      const [last] = await tx
        .select({ max: sql<number | null>`max(${approvalForms.sortOrder})` })
        .from(approvalForms)
        .where(eq(approvalForms.tenantId, ctx.tenantId));
      const [row] = await tx
        .insert(approvalForms)
        .values({
          tenantId: ctx.tenantId,
          // The key is the form's stable name in code and URLs; people see only its name.
          key: `custom-${randomBytes(6).toString("hex")}`,
          ...values,
          builtin: false,
          sortOrder: (last?.max ?? 0) + 1,
          createdBy: ctx.userId,
        })
        .returning({ id: approvalForms.id });
      formId = row!.id;
    }

    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: before ? "approval.form.update" : "approval.form.create",
      target: { type: "approval_form", id: formId },
      ip: ctx.ip,
      details: {
        name,
        fields: fields.length,
        amountField,
        defaultLevels: input.defaultLevels,
        ...(before ? { fromName: before.name, fromDefaultLevels: before.defaultLevels } : {}),
      },
    });
    const [saved] = await readForms(tx, ctx.tenantId, formId);
    return saved!;
  });
}

function checkText(name: string, description: string, defaultLevels: number): void {
  if (name === "") {
    throw new ApprovalsFieldError(
      "name",
      "approvals.form.name-required",
      "approvals.admin.error.nameRequired",
    );
  }
  if (characterCount(name) > MAX_FORM_NAME) {
    throw new ApprovalsFieldError(
      "name",
      "approvals.form.name-too-long",
      "approvals.admin.error.nameTooLong",
      {
        max: MAX_FORM_NAME,
      },
    );
  }
  if (characterCount(description) > MAX_FORM_DESCRIPTION) {
    throw new ApprovalsFieldError(
      "description",
      "approvals.form.description-too-long",
      "approvals.admin.error.descriptionTooLong",
      { max: MAX_FORM_DESCRIPTION },
    );
  }
  if (
    !Number.isInteger(defaultLevels) ||
    defaultLevels < MIN_DEFAULT_LEVELS ||
    defaultLevels > MAX_DEFAULT_LEVELS
  ) {
    throw new ApprovalsFieldError(
      "defaultLevels",
      "approvals.form.levels-invalid",
      "approvals.admin.error.levels",
      {
        min: MIN_DEFAULT_LEVELS,
        max: MAX_DEFAULT_LEVELS,
      },
    );
  }
}

/** Two forms in use under one name would be a guess in the "new draft" picker. */
export async function requireUniqueName(tx: TenantTx, tenantId: string, name: string, exceptId?: string) {
  const [twin] = await tx
    .select({ id: approvalForms.id })
    .from(approvalForms)
    .where(
      and(
        eq(approvalForms.tenantId, tenantId),
        eq(approvalForms.name, name),
        isNull(approvalForms.archivedAt),
        exceptId ? ne(approvalForms.id, exceptId) : undefined,
      ),
    );
  if (twin)
    throw new ApprovalsFieldError("name", "approvals.form.name-taken", "approvals.admin.error.nameTaken");
}

/** The agency's own forms in use stay under MAX_CUSTOM_FORMS. */
export async function requireRoomForCustomForm(tx: TenantTx, tenantId: string) {
  const [stats] = await tx
    .select({ forms: count() })
    .from(approvalForms)
    .where(
      and(
        eq(approvalForms.tenantId, tenantId),
        eq(approvalForms.builtin, false),
        isNull(approvalForms.archivedAt),
      ),
    );
  if ((stats?.forms ?? 0) >= MAX_CUSTOM_FORMS) {
    throw new ApprovalsFieldError("name", "approvals.form.too-many", "approvals.admin.error.tooManyForms", {
      max: MAX_CUSTOM_FORMS,
    });
  }
}
