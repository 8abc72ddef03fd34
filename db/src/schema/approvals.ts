import {
  bigint,
  boolean,
  date,
  foreignKey,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./control-plane.ts";
import { documentDisclosure, documentRetention, documents, documentVersions } from "./documents.ts";
import { createdAt, departments, positions, tenantId, users } from "./org.ts";

// Mirrors migrations/0006_approvals.sql, where the checks, unique indexes and RLS live.

/** A form field as an administrator defines it. */
export interface ApprovalFormField {
  key: string;
  label: string;
  type: "text" | "number" | "date" | "money" | "choice" | "attachment";
  required: boolean;
  options?: string[];
  max?: number;
}

/** How a form's line is proposed: up the drafter's department heads, `levels` deep. */
export interface ApprovalDefaultLine {
  kind: "chain";
  levels: number;
}

/** 기안문, 품의서, 지출결의서 … : the built-in forms and the tenant's own. */
export const approvalForms = pgTable(
  "approval_forms",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    fields: jsonb("fields").$type<ApprovalFormField[]>().notNull().default([]),
    amountField: text("amount_field"),
    defaultLine: jsonb("default_line")
      .$type<ApprovalDefaultLine>()
      .notNull()
      .default({ kind: "chain", levels: 2 }),
    builtin: boolean("builtin").notNull().default(false),
    sortOrder: integer("sort_order").notNull().default(0),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** 위임전결: who closes documents of a form up to an amount. */
export const approvalDelegationRules = pgTable(
  "approval_delegation_rules",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    formId: uuid("form_id"),
    maxAmount: bigint("max_amount", { mode: "number" }),
    closerPositionId: uuid("closer_position_id").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.formId],
      foreignColumns: [approvalForms.tenantId, approvalForms.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.tenantId, t.closerPositionId],
      foreignColumns: [positions.tenantId, positions.id],
    }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** 부재 설정: an approver's time away and who signs (대결) meanwhile. */
export const approvalAbsences = pgTable(
  "approval_absences",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id").notNull(),
    substituteId: uuid("substitute_id").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    reason: text("reason").notNull().default(""),
    createdAt: createdAt(),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.tenantId, t.substituteId], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** A step of a saved line, with the department and position its person had when saved. */
export interface SavedLineStep {
  kind: "review" | "cooperate" | "approve";
  group: number;
  assigneeId: string;
  departmentId: string | null;
  positionId: string | null;
}

/** A person's saved 결재선. */
export const approvalSavedLines = pgTable(
  "approval_saved_lines",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    ownerId: uuid("owner_id").notNull(),
    name: text("name").notNull(),
    line: jsonb("line").$type<{ steps: SavedLineStep[]; cc: string[]; recipients: string[] }>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const approvalStatus = pgEnum("approval_status", [
  "draft",
  "in_progress",
  "rejected",
  "withdrawn",
  "completed",
]);
export const approvalStepKind = pgEnum("approval_step_kind", ["review", "cooperate", "approve"]);
export const approvalStepStatus = pgEnum("approval_step_status", [
  "waiting",
  "pending",
  "held",
  "approved",
  "rejected",
  "skipped",
]);
export const approvalSignedAs = pgEnum("approval_signed_as", ["self", "delegated", "proxy"]);
export const approvalPostApproval = pgEnum("approval_post_approval", ["none", "owed", "done"]);

/** An approval document (기안문 and the other forms), from draft to registration. */
export const approvals = pgTable(
  "approvals",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    formId: uuid("form_id").notNull(),
    title: text("title").notNull().default(""),
    drafterId: uuid("drafter_id").notNull(),
    departmentId: uuid("department_id").notNull(),
    bodyDocumentId: uuid("body_document_id").notNull(),
    fields: jsonb("fields").$type<Record<string, unknown>>().notNull().default({}),
    amount: bigint("amount", { mode: "number" }),
    status: approvalStatus("status").notNull().default("draft"),
    disclosure: documentDisclosure("disclosure"),
    disclosureGrounds: smallint("disclosure_grounds").array().notNull().default([]),
    retention: documentRetention("retention"),
    redraftOf: uuid("redraft_of"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    effectiveDate: date("effective_date"),
    registrationYear: smallint("registration_year"),
    registrationSerial: integer("registration_serial"),
    registrationNumber: text("registration_number"),
    bodyText: text("body_text"),
    bodyHtml: text("body_html"),
    bodySha256: bytea("body_sha256"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.formId],
      foreignColumns: [approvalForms.tenantId, approvalForms.id],
    }),
    foreignKey({ columns: [t.tenantId, t.drafterId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({
      columns: [t.tenantId, t.departmentId],
      foreignColumns: [departments.tenantId, departments.id],
    }),
    foreignKey({
      columns: [t.tenantId, t.bodyDocumentId],
      foreignColumns: [documents.tenantId, documents.id],
    }),
    foreignKey({ columns: [t.tenantId, t.redraftOf], foreignColumns: [t.tenantId, t.id] }),
  ],
);

/** A step of an approval's line (검토, 협조, 결재), with how and by whom it was signed. */
export const approvalSteps = pgTable(
  "approval_steps",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    approvalId: uuid("approval_id").notNull(),
    group: smallint("grp").notNull(),
    ordinal: smallint("ordinal").notNull(),
    kind: approvalStepKind("kind").notNull(),
    assigneeId: uuid("assignee_id").notNull(),
    mayCloseByDelegation: boolean("may_close_by_delegation").notNull().default(false),
    status: approvalStepStatus("status").notNull().default("waiting"),
    actedBy: uuid("acted_by"),
    signedAs: approvalSignedAs("signed_as"),
    actedAt: timestamp("acted_at", { withTimezone: true }),
    postApproval: approvalPostApproval("post_approval").notNull().default("none"),
    postApprovedAt: timestamp("post_approved_at", { withTimezone: true }),
    assigneeName: text("assignee_name").notNull(),
    assigneePosition: text("assignee_position").notNull().default(""),
    assigneeDepartment: text("assignee_department").notNull().default(""),
    actedByName: text("acted_by_name"),
    actedByPosition: text("acted_by_position"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.approvalId],
      foreignColumns: [approvals.tenantId, approvals.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.assigneeId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.actedBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** 공동기안자, 참조자, 수신 departments and 공람 readers of an approval. */
export const approvalParticipants = pgTable(
  "approval_participants",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    approvalId: uuid("approval_id").notNull(),
    role: text("role").$type<"co_drafter" | "cc" | "recipient" | "circulation">().notNull(),
    userId: uuid("user_id"),
    departmentId: uuid("department_id"),
    addedBy: uuid("added_by"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.approvalId],
      foreignColumns: [approvals.tenantId, approvals.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({
      columns: [t.tenantId, t.departmentId],
      foreignColumns: [departments.tenantId, departments.id],
    }),
    foreignKey({ columns: [t.tenantId, t.addedBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** The append-only history of an approval: every action and its 의견. */
export const approvalEvents = pgTable(
  "approval_events",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    approvalId: uuid("approval_id").notNull(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    action: text("action").notNull(),
    actorId: uuid("actor_id").notNull(),
    onBehalfOf: uuid("on_behalf_of"),
    stepId: uuid("step_id"),
    opinion: text("opinion"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.approvalId],
      foreignColumns: [approvals.tenantId, approvals.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.actorId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.onBehalfOf], foreignColumns: [users.tenantId, users.id] }),
    // "on delete set null (step_id)" in the SQL: a redrawn line's history keeps its actor.
    // drizzle cannot say that only step_id is cleared, so the action is not repeated here.
    foreignKey({
      columns: [t.tenantId, t.stepId],
      foreignColumns: [approvalSteps.tenantId, approvalSteps.id],
    }),
  ],
);

/** An approver's amendment of the body, kept as a version of the body document. */
export const approvalAmendments = pgTable(
  "approval_amendments",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    approvalId: uuid("approval_id").notNull(),
    stepId: uuid("step_id"),
    authorId: uuid("author_id").notNull(),
    versionId: uuid("version_id").notNull(),
    beforeText: text("before_text").notNull(),
    afterText: text("after_text").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.approvalId],
      foreignColumns: [approvals.tenantId, approvals.id],
    }).onDelete("cascade"),
    // "on delete set null (step_id)" in the SQL: a redrawn line's history keeps its actor.
    // drizzle cannot say that only step_id is cleared, so the action is not repeated here.
    foreignKey({
      columns: [t.tenantId, t.stepId],
      foreignColumns: [approvalSteps.tenantId, approvalSteps.id],
    }),
    foreignKey({ columns: [t.tenantId, t.authorId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({
      columns: [t.tenantId, t.versionId],
      foreignColumns: [documentVersions.tenantId, documentVersions.id],
    }),
  ],
);

/** The last registration serial of a 처리과 in a year (gapless; taken under its row lock). */
export const approvalCounters = pgTable(
  "approval_counters",
  {
    tenantId: tenantId(),
    departmentId: uuid("department_id").notNull(),
    year: smallint("year").notNull(),
    lastSerial: integer("last_serial").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.departmentId, t.year] }),
    foreignKey({
      columns: [t.tenantId, t.departmentId],
      foreignColumns: [departments.tenantId, departments.id],
    }),
  ],
);

/** A file of an approval's attachment field (붙임), frozen from 상신 on (0007). */
export const approvalAttachments = pgTable(
  "approval_attachments",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    approvalId: uuid("approval_id").notNull(),
    fieldKey: text("field_key").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: bytea("sha256").notNull(),
    data: bytea("data").notNull(),
    uploadedBy: uuid("uploaded_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.approvalId],
      foreignColumns: [approvals.tenantId, approvals.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.uploadedBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

export type Approval = typeof approvals.$inferSelect;
export type ApprovalStepRow = typeof approvalSteps.$inferSelect;
export type ApprovalForm = typeof approvalForms.$inferSelect;
