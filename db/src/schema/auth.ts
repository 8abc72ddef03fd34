import {
  bigint,
  foreignKey,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./control-plane.ts";
import { createdAt, tenantId, users } from "./org.ts";

// Mirrors migrations/0002_auth_onboarding_audit.sql.

/** A signed-in browser: the token's id in clear, its secret only as SHA-256 (ADR 0005). */
export const sessions = pgTable(
  "sessions",
  {
    tenantId: tenantId(),
    id: text("id").notNull(),
    userId: uuid("user_id").notNull(),
    secretHash: bytea("secret_hash").notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const oneTimeLinkPurpose = pgEnum("one_time_link_purpose", ["setup", "reset"]);

/** A one-time link to choose a password: the first administrator's set-up, or a reset. */
export const oneTimeLinks = pgTable(
  "one_time_links",
  {
    tenantId: tenantId(),
    id: text("id").notNull(),
    userId: uuid("user_id").notNull(),
    purpose: oneTimeLinkPurpose("purpose").notNull(),
    secretHash: bytea("secret_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      "cascade",
    ),
  ],
);

/** The append-only, hash-chained audit log of a tenant. */
export const auditLog = pgTable(
  "audit_log",
  {
    tenantId: tenantId(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    actorKind: text("actor_kind").notNull(),
    actorId: uuid("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ip: text("ip"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    prevHash: bytea("prev_hash").notNull(),
    hash: bytea("hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.seq] })],
);

export type Session = typeof sessions.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
