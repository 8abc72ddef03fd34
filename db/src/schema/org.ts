import {
  type AnyPgColumn,
  foreignKey,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./control-plane.ts";

// Mirrors migrations/0001_foundation.sql, where the unique indexes and RLS policies live.

export const tenantId = () =>
  uuid("tenant_id")
    .notNull()
    .references((): AnyPgColumn => tenants.id, { onDelete: "cascade" });
export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const departmentKind = pgEnum("department_kind", ["unit", "homeroom"]);

/** A unit of the org chart (실·국·과·팀), or in a school a homeroom (학급) or staff office. */
export const departments = pgTable(
  "departments",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    parentId: uuid("parent_id"),
    kind: departmentKind("kind").notNull().default("unit"),
    name: text("name").notNull(),
    code: text("code"),
    sortOrder: integer("sort_order").notNull().default(0),
    grade: smallint("grade"),
    classNumber: smallint("class_number"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
  ],
);

/** 직위: the post a person holds (과장, 국장 …). */
export const positions = pgTable(
  "positions",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** 직급: a person's grade (주무관, 사무관 …). */
export const ranks = pgTable(
  "ranks",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const userRole = pgEnum("user_role", ["admin", "member", "teacher", "staff", "student"]);
export const userStatus = pgEnum("user_status", ["active", "disabled"]);

/** A person of one tenant. */
export const users = pgTable(
  "users",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    loginId: text("login_id").notNull(),
    email: text("email"),
    displayName: text("display_name").notNull(),
    departmentId: uuid("department_id"),
    positionId: uuid("position_id"),
    rankId: uuid("rank_id"),
    role: userRole("role").notNull().default("member"),
    status: userStatus("status").notNull().default("active"),
    employeeNumber: text("employee_number"),
    studentNumber: smallint("student_number"),
    passwordHash: text("password_hash"),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.departmentId],
      foreignColumns: [departments.tenantId, departments.id],
    }),
    foreignKey({ columns: [t.tenantId, t.positionId], foreignColumns: [positions.tenantId, positions.id] }),
    foreignKey({ columns: [t.tenantId, t.rankId], foreignColumns: [ranks.tenantId, ranks.id] }),
  ],
);

export type Department = typeof departments.$inferSelect;
export type Position = typeof positions.$inferSelect;
export type Rank = typeof ranks.$inferSelect;
export type User = typeof users.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
