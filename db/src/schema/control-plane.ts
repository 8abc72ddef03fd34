import { boolean, customType, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Mirrors migrations/0001_foundation.sql; schema.test.ts fails when the two drift apart.

export const tenantKind = pgEnum("tenant_kind", ["agency", "school"]);
export const tenantStatus = pgEnum("tenant_status", ["pending", "active", "suspended", "rejected"]);

/** An agency (기관) or a school (학교): the control plane, with no tenant_id of its own. */
export const tenants = pgTable("tenants", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull(),
  name: text("name").notNull(),
  kind: tenantKind("kind").notNull(),
  agencyCode: text("agency_code"),
  status: tenantStatus("status").notNull().default("pending"),
  sessionIdleMinutes: integer("session_idle_minutes").notNull().default(30),
  sessionAbsoluteMinutes: integer("session_absolute_minutes").notNull().default(720),
  lockoutThreshold: integer("lockout_threshold").notNull().default(5),
  lockoutMinutes: integer("lockout_minutes").notNull().default(15),
  passwordMinLength: integer("password_min_length").notNull().default(10),
  allowPublicLinks: boolean("allow_public_links").notNull().default(false),
  /** 메시지 보존 기간 in days; null keeps messages forever (0009). */
  messageRetentionDays: integer("message_retention_days"),
  // The agency's contacts printed in the official document's 결문 (0007); "" until set.
  postalCode: text("postal_code").notNull().default(""),
  address: text("address").notNull().default(""),
  homepage: text("homepage").notNull().default(""),
  phone: text("phone").notNull().default(""),
  fax: text("fax").notNull().default(""),
  /** 발신명의; "" prints "<기관명>장". */
  senderTitle: text("sender_title").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;

/** bytea as a Uint8Array (hashes of secrets, audit chain links). */
export const bytea = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value),
  fromDriver: (value) => new Uint8Array(value),
});

/** The people who run the platform itself: they review agency applications. */
export const platformOperators = pgTable("platform_operators", {
  id: uuid("id").primaryKey().defaultRandom(),
  loginId: text("login_id").notNull(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  failedSignIns: integer("failed_sign_ins").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const operatorSessions = pgTable("operator_sessions", {
  id: text("id").primaryKey(),
  operatorId: uuid("operator_id")
    .notNull()
    .references(() => platformOperators.id, { onDelete: "cascade" }),
  secretHash: bytea("secret_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

export const applicationStatus = pgEnum("application_status", ["pending", "approved", "rejected"]);

/** 기관 가입 신청: an agency's or school's application, and the operator's decision. */
export const tenantApplications = pgTable("tenant_applications", {
  id: uuid("id").primaryKey().defaultRandom(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" }),
  contactName: text("contact_name").notNull(),
  contactEmail: text("contact_email").notNull(),
  contactPhone: text("contact_phone").notNull(),
  adminName: text("admin_name").notNull(),
  adminLoginId: text("admin_login_id").notNull(),
  adminEmail: text("admin_email").notNull(),
  status: applicationStatus("status").notNull().default("pending"),
  decidedAt: timestamp("decided_at", { withTimezone: true }),
  decidedBy: uuid("decided_by").references(() => platformOperators.id),
  decisionReason: text("decision_reason"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type PlatformOperator = typeof platformOperators.$inferSelect;
export type TenantApplication = typeof tenantApplications.$inferSelect;
