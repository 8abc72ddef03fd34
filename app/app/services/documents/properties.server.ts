import {
  and,
  type Db,
  type DocumentRole,
  documentStars,
  documents,
  eq,
  recordAudit,
  sql,
  users,
  withTenant,
} from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { folderPath, loadSpaceFolders, type Space } from "./folders.server.ts";
import { checkRecords, checkTitle, type Disclosure, type Retention } from "./properties-rules.server.ts";
import {
  type DocumentsActor,
  DocumentsFieldError,
  findDepartment,
  requireDocumentRole,
} from "./spaces-context.server.ts";

export interface DocumentProperties {
  id: string;
  title: string;
  role: DocumentRole;
  disclosure: Disclosure;
  disclosureGrounds: number[];
  retention: Retention;
  owner: { id: string; name: string };
  department: { id: string; name: string } | null;
  folder: { id: string; path: string } | null;
  starred: boolean;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

/** What the properties page shows of a document the person may read (else a 404). */
export async function readProperties(
  db: Db,
  person: { tenantId: string; userId: string },
  documentId: string,
): Promise<DocumentProperties> {
  return withTenant(db, person.tenantId, async (tx) => {
    const { role, document } = await requireDocumentRole(tx, person, documentId, "reader", {
      code: "properties.forbidden",
      messageKey: "documents.spaces.error.notFound",
    });
    const [row] = await tx
      .select({
        ownerName: users.displayName,
        createdAt: documents.createdAt,
        updatedAt: documents.updatedAt,
        starred: sql<boolean>`exists (select 1 from ${documentStars} s where s.tenant_id = ${person.tenantId}
          and s.user_id = ${person.userId} and s.document_id = ${documents.id})`,
      })
      .from(documents)
      .innerJoin(users, and(eq(users.tenantId, documents.tenantId), eq(users.id, documents.ownerId)))
      .where(and(eq(documents.tenantId, person.tenantId), eq(documents.id, document.id)));
    const department = document.departmentId
      ? await findDepartment(tx, person.tenantId, document.departmentId)
      : null;
    let folder: DocumentProperties["folder"] = null;
    if (document.folderId) {
      const space: Space = document.departmentId
        ? { kind: "department", departmentId: document.departmentId }
        : { kind: "personal", ownerId: document.ownerId };
      const path = folderPath(await loadSpaceFolders(tx, person.tenantId, space), document.folderId);
      if (path.length > 0) folder = { id: document.folderId, path: path.map((f) => f.name).join(" / ") };
    }
    return {
      id: document.id,
      title: document.title,
      role,
      disclosure: document.disclosure,
      disclosureGrounds: document.disclosureGrounds,
      retention: document.retention,
      owner: { id: document.ownerId, name: row!.ownerName },
      department: department ? { id: department.id, name: department.name } : null,
      folder,
      starred: row!.starred,
      createdAt: row!.createdAt,
      updatedAt: row!.updatedAt,
      deletedAt: document.deletedAt,
    };
  });
}

export interface PropertiesInput {
  documentId: string;
  title: string;
  disclosure: string;
  disclosureGrounds: readonly unknown[];
  retention: string;
}

/**
 * Changes a document's title and records metadata (its owner and editors): the title 1–200
 * characters; 부분공개 and 비공개 with at least one ground of 1–8호, 공개 with none. Nothing is
 * written unless everything is valid; a change is audited with what it was and what it became.
 * Returns whether anything changed.
 */
export async function changeProperties(ctx: DocumentsActor, input: PropertiesInput): Promise<boolean> {
  const title = checkTitle(input.title);
  if (!title.ok) throw new DocumentsFieldError(title.field, "documents.properties.invalid", title.reason);
  const records = checkRecords(input);
  if (!records.ok)
    throw new DocumentsFieldError(records.field, "documents.properties.invalid", records.reason);
  return withTenant(ctx.db, ctx.tenantId, async (tx) => {
    const { document } = await requireDocumentRole(tx, ctx, input.documentId, "editor", {
      code: "properties.forbidden",
      messageKey: "documents.properties.error.forbidden",
    });
    if (document.deletedAt) {
      throw new AppError("documents.properties.in-trash", "documents.properties.error.inTrash", 409);
    }
    const next = { title: title.value, ...records.value };
    const before = {
      title: document.title,
      disclosure: document.disclosure,
      disclosureGrounds: document.disclosureGrounds,
      retention: document.retention,
    };
    const details: Record<string, string> = {};
    if (before.title !== next.title) Object.assign(details, { fromTitle: before.title, title: next.title });
    if (before.disclosure !== next.disclosure) {
      Object.assign(details, { fromDisclosure: before.disclosure, disclosure: next.disclosure });
    }
    if (before.disclosureGrounds.join(",") !== next.disclosureGrounds.join(",")) {
      Object.assign(details, {
        fromDisclosureGrounds: before.disclosureGrounds.join(","),
        disclosureGrounds: next.disclosureGrounds.join(","),
      });
    }
    if (before.retention !== next.retention) {
      Object.assign(details, { fromRetention: before.retention, retention: next.retention });
    }
    if (Object.keys(details).length === 0) return false;
    await tx
      .update(documents)
      .set({ ...next, updatedAt: sql`now()` })
      .where(and(eq(documents.tenantId, ctx.tenantId), eq(documents.id, document.id)));
    await recordAudit(tx, ctx.tenantId, {
      actor: ctx.actor,
      action: "document.metadata.change",
      target: { type: "document", id: document.id },
      ip: ctx.ip,
      details,
    });
    return true;
  });
}
