import {
  bigint,
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
import { createdAt, departments, tenantId, users } from "./org.ts";

// Mirrors migrations/0003_documents.sql and 0004_documents_workspace.sql.

/** 공개구분: 공개, 부분공개, 비공개 (the last two with grounds, 정보공개법 제9조 제1항 1–8호). */
export const documentDisclosure = pgEnum("document_disclosure", ["public", "partial", "private"]);
/** 보존기간. */
export const documentRetention = pgEnum("document_retention", [
  "1y",
  "3y",
  "5y",
  "10y",
  "30y",
  "semi_permanent",
  "permanent",
]);
export const documentLinkAccess = pgEnum("document_link_access", ["off", "agency", "public"]);
export const documentRole = pgEnum("document_role", ["reader", "commenter", "editor", "owner"]);
export const shareGrantee = pgEnum("share_grantee", ["user", "department", "tenant"]);

/** A folder in a person's space (ownerId) or a department's space (departmentId). */
export const folders = pgTable(
  "folders",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    parentId: uuid("parent_id"),
    ownerId: uuid("owner_id"),
    departmentId: uuid("department_id"),
    name: text("name").notNull(),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({
      columns: [t.tenantId, t.departmentId],
      foreignColumns: [departments.tenantId, departments.id],
    }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** A collaborative document: its compacted Yjs state and the projection of its body. */
export const documents = pgTable(
  "documents",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    title: text("title").notNull().default(""),
    ownerId: uuid("owner_id").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    state: bytea("state"),
    compactedAt: timestamp("compacted_at", { withTimezone: true }),
    contentText: text("content_text").notNull().default(""),
    contentHtml: text("content_html").notNull().default(""),
    projectedAt: timestamp("projected_at", { withTimezone: true }),
    departmentId: uuid("department_id"),
    folderId: uuid("folder_id"),
    disclosure: documentDisclosure("disclosure").notNull().default("public"),
    disclosureGrounds: smallint("disclosure_grounds").array().notNull().default([]),
    retention: documentRetention("retention").notNull().default("5y"),
    linkAccess: documentLinkAccess("link_access").notNull().default("off"),
    linkRole: documentRole("link_role").notNull().default("reader"),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: uuid("deleted_by"),
    sizeBytes: integer("size_bytes").notNull().default(0),
    searchGrams: text("search_grams").array().notNull().default([]),
    /** 'workspace', or 'approval' for the body of an approval (0006): not in lists or search. */
    purpose: text("purpose").notNull().default("workspace"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({
      columns: [t.tenantId, t.departmentId],
      foreignColumns: [departments.tenantId, departments.id],
    }),
    foreignKey({
      columns: [t.tenantId, t.folderId],
      foreignColumns: [folders.tenantId, folders.id],
    }).onDelete("set null"),
    foreignKey({ columns: [t.tenantId, t.deletedBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** The tail of a document's Yjs updates since its last compaction, in small batches. */
export const documentUpdates = pgTable(
  "document_updates",
  {
    tenantId: uuid("tenant_id").notNull(),
    documentId: uuid("document_id").notNull(),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    data: bytea("data").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.documentId, t.seq] }),
    foreignKey({
      columns: [t.tenantId, t.documentId],
      foreignColumns: [documents.tenantId, documents.id],
    }).onDelete("cascade"),
  ],
);

export const documentVersionKind = pgEnum("document_version_kind", ["auto", "named", "restore"]);

/** A document's whole state at a moment: automatic, named, or the record of a restore. */
export const documentVersions = pgTable(
  "document_versions",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    documentId: uuid("document_id").notNull(),
    kind: documentVersionKind("kind").notNull(),
    name: text("name"),
    state: bytea("state").notNull(),
    contentText: text("content_text").notNull().default(""),
    createdBy: uuid("created_by"),
    contributors: uuid("contributors").array().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.documentId],
      foreignColumns: [documents.tenantId, documents.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** A share of a document with a person, a department (and its sub-departments) or the agency. */
export const documentShares = pgTable(
  "document_shares",
  {
    tenantId: uuid("tenant_id").notNull(),
    documentId: uuid("document_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    granteeKind: shareGrantee("grantee_kind").notNull(),
    granteeId: uuid("grantee_id"),
    role: documentRole("role").notNull(),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.documentId],
      foreignColumns: [documents.tenantId, documents.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

export const documentStars = pgTable(
  "document_stars",
  {
    tenantId: uuid("tenant_id").notNull(),
    userId: uuid("user_id").notNull(),
    documentId: uuid("document_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.documentId] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      "cascade",
    ),
    foreignKey({
      columns: [t.tenantId, t.documentId],
      foreignColumns: [documents.tenantId, documents.id],
    }).onDelete("cascade"),
  ],
);

export const documentVisits = pgTable(
  "document_visits",
  {
    tenantId: uuid("tenant_id").notNull(),
    userId: uuid("user_id").notNull(),
    documentId: uuid("document_id").notNull(),
    visitedAt: timestamp("visited_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.documentId] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      "cascade",
    ),
    foreignKey({
      columns: [t.tenantId, t.documentId],
      foreignColumns: [documents.tenantId, documents.id],
    }).onDelete("cascade"),
  ],
);

/** A comment anchored to a range of the body (Yjs relative positions), threaded, resolvable. */
export const documentComments = pgTable(
  "document_comments",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    documentId: uuid("document_id").notNull(),
    threadId: uuid("thread_id"),
    authorId: uuid("author_id").notNull(),
    body: text("body").notNull(),
    anchorStart: bytea("anchor_start"),
    anchorEnd: bytea("anchor_end"),
    quote: text("quote"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: uuid("resolved_by"),
    createdAt: createdAt(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.documentId],
      foreignColumns: [documents.tenantId, documents.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.authorId], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.resolvedBy], foreignColumns: [users.tenantId, users.id] }),
    foreignKey({ columns: [t.tenantId, t.threadId], foreignColumns: [t.tenantId, t.id] }).onDelete("cascade"),
  ],
);

/** What a person is told about: mentions, shares, later approval tasks and messages. */
export const notifications = pgTable(
  "notifications",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id").notNull(),
    kind: text("kind").notNull(),
    actorId: uuid("actor_id"),
    targetType: text("target_type").notNull(),
    targetId: uuid("target_id").notNull(),
    details: jsonb("details").notNull().default({}),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.tenantId, t.actorId], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** An image uploaded into a document, served only to people who may read the document. */
export const documentImages = pgTable(
  "document_images",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    documentId: uuid("document_id").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: bytea("sha256").notNull(),
    data: bytea("data").notNull(),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.documentId],
      foreignColumns: [documents.tenantId, documents.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** A tenant's own document template (the built-in ones live in code). */
export const documentTemplates = pgTable(
  "document_templates",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    state: bytea("state").notNull(),
    createdBy: uuid("created_by").notNull(),
    createdAt: createdAt(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

export type Document = typeof documents.$inferSelect;
export type DocumentRole = (typeof documentRole.enumValues)[number];
export type Folder = typeof folders.$inferSelect;
export type DocumentVersion = typeof documentVersions.$inferSelect;
