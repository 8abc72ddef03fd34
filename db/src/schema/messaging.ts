import {
  bigint,
  boolean,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./control-plane.ts";
import { createdAt, departments, tenantId, users } from "./org.ts";

// Mirrors migrations/0009_messaging.sql, where the checks, partial indexes and RLS policies live.

export type ChannelKind = "public" | "private" | "department" | "direct" | "group";
export type ChannelPosting = "everyone" | "managers";
export type MessagePriority = "normal" | "important" | "urgent";

/** A channel, a direct conversation or a group conversation; messages are numbered per channel. */
export const channels = pgTable(
  "channels",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    kind: text("kind").$type<ChannelKind>().notNull(),
    name: text("name").notNull().default(""),
    topic: text("topic").notNull().default(""),
    purpose: text("purpose").notNull().default(""),
    departmentId: uuid("department_id"),
    posting: text("posting").$type<ChannelPosting>().notNull().default("everyone"),
    directKey: text("direct_key"),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.departmentId],
      foreignColumns: [departments.tenantId, departments.id],
    }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** A member of a channel, with the channel's message number they joined at and have read to. */
export const channelMembers = pgTable(
  "channel_members",
  {
    tenantId: uuid("tenant_id").notNull(),
    channelId: uuid("channel_id").notNull(),
    userId: uuid("user_id").notNull(),
    role: text("role").$type<"member" | "manager">().notNull().default("member"),
    joinedSeq: bigint("joined_seq", { mode: "number" }).notNull().default(0),
    lastReadSeq: bigint("last_read_seq", { mode: "number" }).notNull().default(0),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.channelId, t.userId] }),
    foreignKey({
      columns: [t.tenantId, t.channelId],
      foreignColumns: [channels.tenantId, channels.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      "cascade",
    ),
  ],
);

/** A message: its body is the author's Markdown subset as written, rendered by the app. */
export const messages = pgTable(
  "messages",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    channelId: uuid("channel_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    authorId: uuid("author_id").notNull(),
    body: text("body").notNull(),
    priority: text("priority").$type<MessagePriority>().notNull().default("normal"),
    ackRequested: boolean("ack_requested").notNull().default(false),
    threadRootId: uuid("thread_root_id"),
    replyCount: integer("reply_count").notNull().default(0),
    lastReplyAt: timestamp("last_reply_at", { withTimezone: true }),
    mentions: uuid("mentions").array().notNull().default([]),
    mentionsChannel: boolean("mentions_channel").notNull().default(false),
    searchGrams: text("search_grams").array().notNull().default([]),
    createdAt: createdAt(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: uuid("deleted_by"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique().on(t.tenantId, t.channelId, t.seq),
    foreignKey({
      columns: [t.tenantId, t.channelId],
      foreignColumns: [channels.tenantId, channels.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.authorId], foreignColumns: [users.tenantId, users.id] }),
  ],
);

/** A file sent with a message, served only to people who may read its channel. */
export const messageAttachments = pgTable(
  "message_attachments",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    messageId: uuid("message_id").notNull(),
    channelId: uuid("channel_id").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: bytea("sha256").notNull(),
    data: bytea("data").notNull(),
    uploadedBy: uuid("uploaded_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** An earlier body of an edited message. */
export const messageEdits = pgTable(
  "message_edits",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: uuid("id").notNull().defaultRandom(),
    messageId: uuid("message_id").notNull(),
    body: text("body").notNull(),
    editedBy: uuid("edited_by").notNull(),
    editedAt: timestamp("edited_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const messageReactions = pgTable(
  "message_reactions",
  {
    tenantId: uuid("tenant_id").notNull(),
    messageId: uuid("message_id").notNull(),
    userId: uuid("user_id").notNull(),
    emoji: text("emoji").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.messageId, t.userId, t.emoji] })],
);

/** 확인: a member acknowledged a message that asked for it. */
export const messageAcks = pgTable(
  "message_acks",
  {
    tenantId: uuid("tenant_id").notNull(),
    messageId: uuid("message_id").notNull(),
    userId: uuid("user_id").notNull(),
    ackedAt: timestamp("acked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.messageId, t.userId] })],
);

/** Following a thread (by its root message): told of new replies until one stops. */
export const threadFollows = pgTable(
  "thread_follows",
  {
    tenantId: uuid("tenant_id").notNull(),
    messageId: uuid("message_id").notNull(),
    userId: uuid("user_id").notNull(),
    following: boolean("following").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.messageId, t.userId] })],
);

/** The live-delivery log: ids rise in commit order within a tenant (messaging_append_event). */
export const messageEvents = pgTable(
  "message_events",
  {
    tenantId: uuid("tenant_id").notNull(),
    id: bigint("id", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    channelId: uuid("channel_id").notNull(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export type Channel = typeof channels.$inferSelect;
export type Message = typeof messages.$inferSelect;
