import {
  and,
  asc,
  count,
  type Db,
  eq,
  positions,
  ranks,
  recordAudit,
  sql,
  users,
  withTenant,
} from "@nuri/db";
import { mapUniqueViolations, type OrgActor, orgNotFound } from "./org-context.server.ts";

/** 직위 (position) or 직급 (rank): the two lists share their shape and their rules. */
export type JobTitleKind = "position" | "rank";

export interface JobTitle {
  id: string;
  name: string;
  sortOrder: number;
  /** How many people hold it. */
  holders: number;
}

const TABLE = { position: positions, rank: ranks } as const;
const HOLDER = { position: users.positionId, rank: users.rankId } as const;
const UNIQUE = {
  positions_name_key: { field: "name", messageKey: "org.jobTitle.error.nameTaken" },
  ranks_name_key: { field: "name", messageKey: "org.jobTitle.error.nameTaken" },
} as const;

/** The tenant's positions or ranks in their order, each with its number of holders. */
export async function listJobTitles(db: Db, tenantId: string, kind: JobTitleKind): Promise<JobTitle[]> {
  const table = TABLE[kind];
  return withTenant(db, tenantId, async (tx) => {
    const rows = await tx
      .select({ id: table.id, name: table.name, sortOrder: table.sortOrder })
      .from(table)
      .where(eq(table.tenantId, tenantId))
      .orderBy(asc(table.sortOrder), asc(table.name));
    const held = await tx
      .select({ id: HOLDER[kind], holders: count() })
      .from(users)
      .where(eq(users.tenantId, tenantId))
      .groupBy(HOLDER[kind]);
    const holders = new Map(held.map((row) => [row.id, row.holders]));
    return rows.map((row) => ({ ...row, holders: holders.get(row.id) ?? 0 }));
  });
}

/** Adds a position or rank at the end of its list. */
export async function createJobTitle(ctx: OrgActor, input: { kind: JobTitleKind; name: string }) {
  const table = TABLE[input.kind];
  return mapUniqueViolations(
    () =>
      withTenant(ctx.db, ctx.tenantId, async (tx) => {
        const [last] = await tx
          .select({ max: sql<number | null>`max(${table.sortOrder})` })
          .from(table)
          .where(eq(table.tenantId, ctx.tenantId));
        const [row] = await tx
          .insert(table)
          .values({ tenantId: ctx.tenantId, name: input.name, sortOrder: (last?.max ?? -1) + 1 })
          .returning();
        await recordAudit(tx, ctx.tenantId, {
          actor: ctx.actor,
          action: `org.${input.kind}.create`,
          target: { type: input.kind, id: row!.id },
          ip: ctx.ip,
          details: { name: input.name },
        });
        return row!;
      }),
    UNIQUE,
  );
}

/** Renames a position or rank. */
export async function renameJobTitle(ctx: OrgActor, input: { kind: JobTitleKind; id: string; name: string }) {
  const table = TABLE[input.kind];
  await mapUniqueViolations(
    () =>
      withTenant(ctx.db, ctx.tenantId, async (tx) => {
        const [before] = await tx
          .select()
          .from(table)
          .where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, input.id)));
        if (!before) throw orgNotFound(input.kind);
        await tx
          .update(table)
          .set({ name: input.name })
          .where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, input.id)));
        await recordAudit(tx, ctx.tenantId, {
          actor: ctx.actor,
          action: `org.${input.kind}.rename`,
          target: { type: input.kind, id: input.id },
          ip: ctx.ip,
          details: { fromName: before.name, name: input.name },
        });
      }),
    UNIQUE,
  );
}

/** Swaps a position or rank with its neighbour above or below. */
export async function reorderJobTitle(
  ctx: OrgActor,
  input: { kind: JobTitleKind; id: string; direction: "up" | "down" },
) {
  const table = TABLE[input.kind];
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const rows = await tx
      .select()
      .from(table)
      .where(eq(table.tenantId, ctx.tenantId))
      .orderBy(asc(table.sortOrder), asc(table.name))
      .for("update");
    const index = rows.findIndex((row) => row.id === input.id);
    if (index < 0) throw orgNotFound(input.kind);
    const other = index + (input.direction === "up" ? -1 : 1);
    if (other < 0 || other >= rows.length) return;
    [rows[index], rows[other]] = [rows[other]!, rows[index]!];
    for (const [order, row] of rows.entries()) {
      if (row.sortOrder === order) continue;
      await tx
        .update(table)
        .set({ sortOrder: order })
        .where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, row.id)));
    }
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: `org.${input.kind}.reorder`,
      target: { type: input.kind, id: input.id },
      ip: ctx.ip,
      details: { name: rows[other]!.name, direction: input.direction },
    });
  });
}
