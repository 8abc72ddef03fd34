import {
  and,
  count,
  type Department,
  departments,
  eq,
  isNull,
  recordAudit,
  sql,
  syncDepartmentChannels,
  type TenantTx,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { loadDepartments } from "./list-departments.server.ts";
import { mapUniqueViolations, type OrgActor, orgNotFound } from "./org-context.server.ts";

const UNIQUE = {
  departments_code_key: { field: "code", messageKey: "org.department.error.codeTaken" },
  departments_open_name_key: { field: "name", messageKey: "org.department.error.nameTaken" },
} as const;

async function findDepartment(tx: TenantTx, tenantId: string, id: string): Promise<Department> {
  const [row] = await tx
    .select()
    .from(departments)
    .where(and(eq(departments.tenantId, tenantId), eq(departments.id, id)))
    .for("update");
  if (!row) throw orgNotFound("department");
  return row;
}

async function requireOpenParent(tx: TenantTx, tenantId: string, parentId: string | null) {
  if (!parentId) return;
  const parent = await findDepartment(tx, tenantId, parentId);
  if (parent.closedAt)
    throw new AppError("org.department.parent-closed", "org.department.error.parentClosed");
}

async function nextSortOrder(tx: TenantTx, tenantId: string, parentId: string | null): Promise<number> {
  const [row] = await tx
    .select({ max: sql<number | null>`max(${departments.sortOrder})` })
    .from(departments)
    .where(
      and(
        eq(departments.tenantId, tenantId),
        parentId ? eq(departments.parentId, parentId) : isNull(departments.parentId),
      ),
    );
  return (row?.max ?? -1) + 1;
}

export interface DepartmentInput {
  name: string;
  code: string | null;
  parentId: string | null;
}

/** Creates a department under `parentId` (or at the root), last among its siblings. */
export async function createDepartment(ctx: OrgActor, input: DepartmentInput): Promise<Department> {
  return mapUniqueViolations(
    () =>
      withTenant(ctx.db, ctx.tenantId, async (tx) => {
        await requireOpenParent(tx, ctx.tenantId, input.parentId);
        const [row] = await tx
          .insert(departments)
          .values({
            tenantId: ctx.tenantId,
            name: input.name,
            code: input.code,
            parentId: input.parentId,
            sortOrder: await nextSortOrder(tx, ctx.tenantId, input.parentId),
          })
          .returning();
        await recordAudit(tx, ctx.tenantId, {
          actor: ctx.actor,
          action: "org.department.create",
          target: { type: "department", id: row!.id },
          ip: ctx.ip,
          details: { name: input.name, code: input.code, parentId: input.parentId },
        });
        // 메시지: the department channels follow the org chart.
        await syncDepartmentChannels(tx);
        return row!;
      }),
    UNIQUE,
  );
}

/** Renames a department and/or changes its code. */
export async function updateDepartment(
  ctx: OrgActor,
  input: { id: string; name: string; code: string | null },
): Promise<void> {
  await mapUniqueViolations(
    () =>
      withTenant(ctx.db, ctx.tenantId, async (tx) => {
        const before = await findDepartment(tx, ctx.tenantId, input.id);
        await tx
          .update(departments)
          .set({ name: input.name, code: input.code, updatedAt: new Date() })
          .where(and(eq(departments.tenantId, ctx.tenantId), eq(departments.id, input.id)));
        await recordAudit(tx, ctx.tenantId, {
          actor: ctx.actor,
          action: "org.department.update",
          target: { type: "department", id: input.id },
          ip: ctx.ip,
          details: { fromName: before.name, name: input.name, fromCode: before.code, code: input.code },
        });
        // 메시지: the department channels follow the org chart.
        await syncDepartmentChannels(tx);
      }),
    UNIQUE,
  );
}

/**
 * Moves a department under another parent (or to the root). Refuses a move under itself or
 * under one of its descendants, which would cut the subtree off the chart in a cycle.
 */
export async function moveDepartment(
  ctx: OrgActor,
  input: { id: string; parentId: string | null },
): Promise<void> {
  await mapUniqueViolations(
    () =>
      withTenant(ctx.db, ctx.tenantId, async (tx) => {
        const department = await findDepartment(tx, ctx.tenantId, input.id);
        if (input.parentId) {
          await requireOpenParent(tx, ctx.tenantId, input.parentId);
          const all = await loadDepartments(tx, ctx.tenantId);
          const parentOf = new Map(all.map((row) => [row.id, row.parentId]));
          for (let at: string | null = input.parentId; at; at = parentOf.get(at) ?? null) {
            if (at === input.id) throw new AppError("org.department.cycle", "org.department.error.cycle");
          }
        }
        await tx
          .update(departments)
          .set({
            parentId: input.parentId,
            sortOrder: await nextSortOrder(tx, ctx.tenantId, input.parentId),
            updatedAt: new Date(),
          })
          .where(and(eq(departments.tenantId, ctx.tenantId), eq(departments.id, input.id)));
        await recordAudit(tx, ctx.tenantId, {
          actor: ctx.actor,
          action: "org.department.move",
          target: { type: "department", id: input.id },
          ip: ctx.ip,
          details: { name: department.name, fromParentId: department.parentId, parentId: input.parentId },
        });
      }),
    UNIQUE,
  );
}

/** Swaps a department with its previous or next sibling (siblings are renumbered 0…n first). */
export async function reorderDepartment(
  ctx: OrgActor,
  input: { id: string; direction: "up" | "down" },
): Promise<void> {
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const department = await findDepartment(tx, ctx.tenantId, input.id);
    const siblings = (await loadDepartments(tx, ctx.tenantId))
      .filter((row) => row.parentId === department.parentId)
      .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, "ko"));
    const index = siblings.findIndex((row) => row.id === input.id);
    const other = index + (input.direction === "up" ? -1 : 1);
    if (other < 0 || other >= siblings.length) return;
    [siblings[index], siblings[other]] = [siblings[other]!, siblings[index]!];
    for (const [order, row] of siblings.entries()) {
      if (row.sortOrder === order) continue;
      await tx
        .update(departments)
        .set({ sortOrder: order })
        .where(and(eq(departments.tenantId, ctx.tenantId), eq(departments.id, row.id)));
    }
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "org.department.reorder",
      target: { type: "department", id: input.id },
      ip: ctx.ip,
      details: { name: department.name, direction: input.direction },
    });
  });
}

/** Closes a department; refused while active people or open child departments remain in it. */
export async function closeDepartment(ctx: OrgActor, input: { id: string }): Promise<void> {
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const department = await findDepartment(tx, ctx.tenantId, input.id);
    if (department.closedAt) return;
    const [people] = await tx
      .select({ n: count() })
      .from(users)
      .where(
        and(eq(users.tenantId, ctx.tenantId), eq(users.departmentId, input.id), eq(users.status, "active")),
      );
    if ((people?.n ?? 0) > 0) {
      throw new AppError("org.department.has-people", "org.department.error.hasPeople", 409, {
        count: people!.n,
      });
    }
    const [children] = await tx
      .select({ n: count() })
      .from(departments)
      .where(
        and(
          eq(departments.tenantId, ctx.tenantId),
          eq(departments.parentId, input.id),
          isNull(departments.closedAt),
        ),
      );
    if ((children?.n ?? 0) > 0) {
      throw new AppError("org.department.has-children", "org.department.error.hasChildren", 409, {
        count: children!.n,
      });
    }
    await tx
      .update(departments)
      .set({ closedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(departments.tenantId, ctx.tenantId), eq(departments.id, input.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "org.department.close",
      target: { type: "department", id: input.id },
      ip: ctx.ip,
      details: { name: department.name },
    });
    // 메시지: the department channels follow the org chart.
    await syncDepartmentChannels(tx);
  });
}
