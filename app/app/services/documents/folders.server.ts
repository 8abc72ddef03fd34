import { sendCollabNotice } from "@nuri/collab";
import {
  and,
  documents,
  eq,
  type Folder,
  folders,
  inArray,
  isNull,
  recordAudit,
  sql,
  type TenantTx,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import {
  characterCount,
  type DocumentsActor,
  DocumentsFieldError,
  departmentChain,
  spacesNotFound,
} from "./spaces-context.server.ts";

/** The deepest a folder may sit: a folder at the root of a space is at depth 1. */
export const MAX_FOLDER_DEPTH = 8;
/** The longest folder name, in characters (the schema's check says the same). */
export const MAX_FOLDER_NAME = 100;

/** A person's own space or a department's; folders and documents live in one of them. */
export type Space = { kind: "personal"; ownerId: string } | { kind: "department"; departmentId: string };

export function folderSpace(folder: Pick<Folder, "ownerId" | "departmentId">): Space {
  return folder.departmentId
    ? { kind: "department", departmentId: folder.departmentId }
    : { kind: "personal", ownerId: folder.ownerId! };
}

export function sameSpace(a: Space, b: Space): boolean {
  return a.kind === "personal"
    ? b.kind === "personal" && a.ownerId === b.ownerId
    : b.kind === "department" && a.departmentId === b.departmentId;
}

/** Whether the person may see and change a space: their own, or a department they work in or under. */
export async function canUseSpace(
  tx: TenantTx,
  ctx: Pick<DocumentsActor, "tenantId" | "userId">,
  space: Space,
): Promise<boolean> {
  if (space.kind === "personal") return space.ownerId === ctx.userId;
  return (await departmentChain(tx, ctx.tenantId, ctx.userId)).includes(space.departmentId);
}

/** The folder, if the person may use its space; anything else (another agency's too) is a 404. */
export async function requireFolder(
  tx: TenantTx,
  ctx: Pick<DocumentsActor, "tenantId" | "userId">,
  folderId: string,
  lock = false,
): Promise<Folder> {
  const query = tx
    .select()
    .from(folders)
    .where(and(eq(folders.tenantId, ctx.tenantId), eq(folders.id, folderId), isNull(folders.deletedAt)));
  const [folder] = lock ? await query.for("update") : await query;
  if (!folder || !(await canUseSpace(tx, ctx, folderSpace(folder)))) throw spacesNotFound("folder");
  return folder;
}

/** Every folder of a space, for depth and cycle checks and for choosing a destination. */
export async function loadSpaceFolders(tx: TenantTx, tenantId: string, space: Space): Promise<Folder[]> {
  return tx
    .select()
    .from(folders)
    .where(
      and(
        eq(folders.tenantId, tenantId),
        isNull(folders.deletedAt),
        space.kind === "personal"
          ? and(eq(folders.ownerId, space.ownerId), isNull(folders.departmentId))
          : eq(folders.departmentId, space.departmentId),
      ),
    );
}

/** The folders from the space's root down to `folderId` (inclusive). */
export function folderPath(all: readonly Folder[], folderId: string): Folder[] {
  const byId = new Map(all.map((folder) => [folder.id, folder]));
  const path: Folder[] = [];
  for (let at = byId.get(folderId); at && path.length <= all.length; at = byId.get(at.parentId ?? "")) {
    path.unshift(at);
  }
  return path;
}

/** The ids of `folderId` and every folder under it. */
export function subtreeIds(all: readonly Pick<Folder, "id" | "parentId">[], folderId: string): string[] {
  const children = new Map<string, string[]>();
  for (const folder of all) {
    if (!folder.parentId) continue;
    children.set(folder.parentId, [...(children.get(folder.parentId) ?? []), folder.id]);
  }
  const ids: string[] = [];
  const queue = [folderId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (ids.includes(id)) continue;
    ids.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return ids;
}

/** How many levels the subtree under (and including) `folderId` spans. */
function subtreeHeight(all: readonly Folder[], folderId: string): number {
  const children = all.filter((folder) => folder.parentId === folderId);
  return 1 + Math.max(0, ...children.map((child) => subtreeHeight(all, child.id)));
}

/** Folder changes of one space take turns, so that two moves cannot make a cycle together. */
async function lockSpace(tx: TenantTx, space: Space): Promise<void> {
  const key = space.kind === "personal" ? `u:${space.ownerId}` : `d:${space.departmentId}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`nuri.folders:${key}`}, 0))`);
}

function checkName(input: string): string {
  const name = input.trim();
  if (name.length === 0) {
    throw new DocumentsFieldError(
      "name",
      "documents.folder.name-required",
      "documents.spaces.error.folderNameRequired",
    );
  }
  if (characterCount(name) > MAX_FOLDER_NAME) {
    throw new DocumentsFieldError(
      "name",
      "documents.folder.name-too-long",
      "documents.spaces.error.folderNameTooLong",
    );
  }
  if (name.includes("\0")) {
    throw new DocumentsFieldError("name", "documents.folder.name-invalid", "form.invalidCharacters");
  }
  return name;
}

function refuseTakenName(all: readonly Folder[], parentId: string | null, name: string, except?: string) {
  if (all.some((f) => f.parentId === parentId && f.id !== except && f.name === name)) {
    throw new DocumentsFieldError(
      "name",
      "documents.folder.name-taken",
      "documents.spaces.error.folderNameTaken",
    );
  }
}

function depthOf(all: readonly Folder[], folderId: string | null): number {
  return folderId ? folderPath(all, folderId).length : 0;
}

/**
 * Creates a folder in a space, at its root or under `parentId` (which must be in that space),
 * refusing a name already used beside it and a depth beyond MAX_FOLDER_DEPTH.
 */
export async function createFolder(
  ctx: DocumentsActor,
  input: { space: Space; parentId: string | null; name: string },
): Promise<Folder> {
  const name = checkName(input.name);
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    if (!(await canUseSpace(tx, ctx, input.space))) throw spacesNotFound("space");
    await lockSpace(tx, input.space);
    const all = await loadSpaceFolders(tx, ctx.tenantId, input.space);
    if (input.parentId && !all.some((folder) => folder.id === input.parentId)) throw spacesNotFound("folder");
    if (depthOf(all, input.parentId) + 1 > MAX_FOLDER_DEPTH) {
      throw new AppError("documents.folder.too-deep", "documents.spaces.error.folderTooDeep", 400, {
        max: MAX_FOLDER_DEPTH,
      });
    }
    refuseTakenName(all, input.parentId, name);
    const [folder] = await tx
      .insert(folders)
      .values({
        tenantId: ctx.tenantId,
        parentId: input.parentId,
        ownerId: input.space.kind === "personal" ? input.space.ownerId : null,
        departmentId: input.space.kind === "department" ? input.space.departmentId : null,
        name,
        createdBy: ctx.userId,
      })
      .returning();
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "folder.create",
      target: { type: "folder", id: folder!.id },
      ip: ctx.ip,
      details: { name, parentId: input.parentId, departmentId: folder!.departmentId },
    });
    return folder!;
  });
}

/** Renames a folder (the name must not be used by another folder beside it). */
export async function renameFolder(
  ctx: DocumentsActor,
  input: { folderId: string; name: string },
): Promise<void> {
  const name = checkName(input.name);
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const folder = await requireFolder(tx, ctx, input.folderId, true);
    await lockSpace(tx, folderSpace(folder));
    const all = await loadSpaceFolders(tx, ctx.tenantId, folderSpace(folder));
    refuseTakenName(all, folder.parentId, name, folder.id);
    await tx
      .update(folders)
      .set({ name })
      .where(and(eq(folders.tenantId, ctx.tenantId), eq(folders.id, folder.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "folder.rename",
      target: { type: "folder", id: folder.id },
      ip: ctx.ip,
      details: { fromName: folder.name, name },
    });
  });
}

/**
 * Moves a folder under another folder of the same space, or to the space's root. Refuses a
 * move under itself or one of its own folders (a cycle would cut the subtree off the space),
 * and one that would put its deepest folder beyond MAX_FOLDER_DEPTH.
 */
export async function moveFolder(
  ctx: DocumentsActor,
  input: { folderId: string; parentId: string | null },
): Promise<void> {
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const folder = await requireFolder(tx, ctx, input.folderId, true);
    const space = folderSpace(folder);
    await lockSpace(tx, space);
    const all = await loadSpaceFolders(tx, ctx.tenantId, space);
    if (input.parentId) {
      // A folder of another space (or agency) is not found from here: folders move within a space.
      if (!all.some((other) => other.id === input.parentId)) throw spacesNotFound("folder");
      if (subtreeIds(all, folder.id).includes(input.parentId)) {
        throw new AppError("documents.folder.cycle", "documents.spaces.error.folderCycle", 400);
      }
    }
    if (depthOf(all, input.parentId) + subtreeHeight(all, folder.id) > MAX_FOLDER_DEPTH) {
      throw new AppError("documents.folder.too-deep", "documents.spaces.error.folderTooDeep", 400, {
        max: MAX_FOLDER_DEPTH,
      });
    }
    refuseTakenName(all, input.parentId, folder.name, folder.id);
    await tx
      .update(folders)
      .set({ parentId: input.parentId })
      .where(and(eq(folders.tenantId, ctx.tenantId), eq(folders.id, folder.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "folder.move",
      target: { type: "folder", id: folder.id },
      ip: ctx.ip,
      details: { name: folder.name, fromParentId: folder.parentId, parentId: input.parentId },
    });
  });
}

/**
 * Deletes a folder and every folder under it; the documents in them go to the trash (each
 * audited, and each document's open connections rechecked), to be restored to the space's root.
 * Returns how many documents went to the trash.
 */
export async function deleteFolder(ctx: DocumentsActor, input: { folderId: string }): Promise<number> {
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const folder = await requireFolder(tx, ctx, input.folderId, true);
    const space = folderSpace(folder);
    await lockSpace(tx, space);
    const ids = subtreeIds(await loadSpaceFolders(tx, ctx.tenantId, space), folder.id);
    const trashed = await tx
      .update(documents)
      .set({ deletedAt: sql`now()`, deletedBy: ctx.userId, folderId: null })
      .where(
        and(
          eq(documents.tenantId, ctx.tenantId),
          inArray(documents.folderId, ids),
          isNull(documents.deletedAt),
        ),
      )
      .returning({ id: documents.id, title: documents.title });
    // Documents already in the trash leave the folders too. (The foreign key's ON DELETE SET NULL
    // would null its tenant_id column as well, so it cannot do this.)
    await tx
      .update(documents)
      .set({ folderId: null })
      .where(and(eq(documents.tenantId, ctx.tenantId), inArray(documents.folderId, ids)));
    for (const document of trashed) {
      await recordAudit(tx, ctx.tenantId, {
        actor: ctx.actor,
        action: "document.trash",
        target: { type: "document", id: document.id },
        ip: ctx.ip,
        details: { title: document.title, folderId: folder.id, reason: "folder.delete" },
      });
      await sendCollabNotice(tx, { kind: "recheck", tenantId: ctx.tenantId, documentId: document.id });
    }
    await tx.delete(folders).where(and(eq(folders.tenantId, ctx.tenantId), eq(folders.id, folder.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "folder.delete",
      target: { type: "folder", id: folder.id },
      ip: ctx.ip,
      details: { name: folder.name, folders: ids.length, trashedDocuments: trashed.length },
    });
    return trashed.length;
  });
}
