import { bigint, foreignKey, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./control-plane.ts";
import { createdAt, tenantId, users } from "./org.ts";

// Mirrors migrations/0003_documents.sql.

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
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] }),
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

export type Document = typeof documents.$inferSelect;
export type DocumentVersion = typeof documentVersions.$inferSelect;
