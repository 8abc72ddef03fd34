import { sendCollabNotice } from "@nuri/collab";
import { and, type Db, documents, eq, recordAudit, withTenant } from "@nuri/db";
import { type Destination, requireDestination } from "./create.server.ts";
import { loadSpaceFolders } from "./folders.server.ts";
import {
  type DocumentsActor,
  departmentChain,
  findDepartment,
  requireDocumentRole,
  spacesForbidden,
  spacesNotFound,
} from "./spaces-context.server.ts";

/** A destination as forms name it: `personal`, `personal:<folder>`, `department:<id>`, `department:<id>:<folder>`. */
export function formatDestination(destination: Destination): string {
  const folder = destination.folderId ? `:${destination.folderId}` : "";
  return destination.space.kind === "personal"
    ? `personal${folder}`
    : `department:${destination.space.departmentId}${folder}`;
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const PERSONAL = new RegExp(`^personal(?::(${UUID}))?$`, "i");
const DEPARTMENT = new RegExp(`^department:(${UUID})(?::(${UUID}))?$`, "i");

/** Reads a form's destination for the person `userId`; null when it names none. */
export function parseDestination(value: unknown, userId: string): Destination | null {
  if (typeof value !== "string") return null;
  const personal = PERSONAL.exec(value);
  if (personal) {
    return { space: { kind: "personal", ownerId: userId }, folderId: personal[1]?.toLowerCase() ?? null };
  }
  const department = DEPARTMENT.exec(value);
  if (department) {
    return {
      space: { kind: "department", departmentId: department[1]!.toLowerCase() },
      folderId: department[2]?.toLowerCase() ?? null,
    };
  }
  return null;
}

export interface DestinationChoice {
  value: string;
  /** The space's name (null for the person's own space) and the folder path within it. */
  departmentName: string | null;
  folderPath: string | null;
}

/**
 * Where the person may move a document: their own space (only for documents they own) and the
 * spaces of their department and those above it, each at its root and in each of its folders.
 */
export async function listDestinations(
  db: Db,
  ctx: Pick<DocumentsActor, "tenantId" | "userId">,
  options: { includePersonal: boolean },
): Promise<DestinationChoice[]> {
  return withTenant(db, ctx.tenantId, async (tx) => {
    const choices: DestinationChoice[] = [];
    const add = async (destination: Destination["space"], departmentName: string | null) => {
      choices.push({
        value: formatDestination({ space: destination, folderId: null }),
        departmentName,
        folderPath: null,
      });
      const all = await loadSpaceFolders(tx, ctx.tenantId, destination);
      const byId = new Map(all.map((folder) => [folder.id, folder]));
      const pathOf = (id: string) => {
        const names: string[] = [];
        for (let at = byId.get(id); at && names.length <= all.length; at = byId.get(at.parentId ?? "")) {
          names.unshift(at.name);
        }
        return names.join(" / ");
      };
      const folders = all
        .map((folder) => ({ id: folder.id, path: pathOf(folder.id) }))
        .sort((a, b) => a.path.localeCompare(b.path, "ko"));
      for (const folder of folders) {
        choices.push({
          value: formatDestination({ space: destination, folderId: folder.id }),
          departmentName,
          folderPath: folder.path,
        });
      }
    };
    if (options.includePersonal) await add({ kind: "personal", ownerId: ctx.userId }, null);
    for (const departmentId of await departmentChain(tx, ctx.tenantId, ctx.userId)) {
      const department = await findDepartment(tx, ctx.tenantId, departmentId);
      if (department) await add({ kind: "department", departmentId }, department.name);
    }
    return choices;
  });
}

/**
 * Moves a document to another folder or space. Its owner and editors may move it; into a
 * department's space only if they work in that department (or under it); into a person's own
 * space only its owner, since that space is theirs. Who may edit changes with the space, so
 * open connections are rechecked.
 */
export async function moveDocument(
  ctx: DocumentsActor,
  input: { documentId: string; destination: Destination },
): Promise<void> {
  await withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const { document } = await requireDocumentRole(tx, ctx, input.documentId, "editor", {
      code: "move.forbidden",
      messageKey: "documents.spaces.error.moveForbidden",
    });
    if (document.deletedAt) throw spacesNotFound("document");
    const { space } = input.destination;
    if (space.kind === "personal" && document.ownerId !== ctx.userId) {
      throw spacesForbidden("move.personal-owner-only", "documents.spaces.error.movePersonalOwnerOnly");
    }
    if (space.kind === "department") {
      // Another agency's department is not found; one of this agency the person is not in is refused.
      if (!(await findDepartment(tx, ctx.tenantId, space.departmentId))) throw spacesNotFound("space");
      if (!(await departmentChain(tx, ctx.tenantId, ctx.userId)).includes(space.departmentId)) {
        throw spacesForbidden("move.not-member", "documents.spaces.error.moveNotMember");
      }
    }
    await requireDestination(tx, ctx, input.destination);
    const departmentId = space.kind === "department" ? space.departmentId : null;
    const folderId = input.destination.folderId;
    if (document.departmentId === departmentId && document.folderId === folderId) return;
    await tx
      .update(documents)
      .set({ departmentId, folderId })
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, document.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.move",
      target: { type: "document", id: document.id },
      ip: ctx.ip,
      details: {
        title: document.title,
        fromDepartmentId: document.departmentId,
        fromFolderId: document.folderId,
        departmentId,
        folderId,
      },
    });
    if (document.departmentId !== departmentId) {
      await sendCollabNotice(tx, { kind: "recheck", tenantId: ctx.tenantId, documentId: document.id });
    }
  });
}
