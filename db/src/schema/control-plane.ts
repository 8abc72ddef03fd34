import { integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Mirrors migrations/0001_foundation.sql; schema.test.ts fails when the two drift apart.

export const tenantKind = pgEnum("tenant_kind", ["agency", "school"]);
export const tenantStatus = pgEnum("tenant_status", ["pending", "active", "suspended"]);

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
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;
