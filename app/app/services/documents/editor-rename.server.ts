import { type AuditActor, and, type Db, documents, eq, recordAudit, sql, withTenant } from "@nuri/db";
import { checkDocumentTitle } from "../../components/editor/title.ts";
import { AppError } from "../../errors.server.ts";
import { atLeast, roleOnDocument } from "./access.server.ts";
import { documentNotFound } from "./editor-errors.server.ts";

export interface RenameDocumentInput {
  db: Db;
  /** From the session, never from the form. */
  tenantId: string;
  userId: string;
  actor: AuditActor;
  ip: string | null;
  documentId: string;
  /** As typed; trimmed and checked here. */
  title: string;
}

/**
 * Renames a document: editors and the owner only, the title checked as the form checks it,
 * recorded in the audit log as `document.rename` with the old and the new title. A document
 * the person may not see, or another agency's, is not found; a reader or commenter is refused.
 * Returns the title as stored.
 */
export async function renameDocument(input: RenameDocumentInput): Promise<{ title: string }> {
  const checked = checkDocumentTitle(input.title);
  if (!checked.ok) throw new AppError(`document.rename.${checked.reason}`, checked.messageKey, 400);
  const title = checked.title;
  return withTenant(input.db, input.tenantId, async (tx) => {
    const role = await roleOnDocument(tx, input.userId, input.documentId);
    if (!role) throw documentNotFound();
    if (!atLeast(role, "editor")) {
      throw new AppError("document.rename.forbidden", "documents.editor.rename.forbidden", 403);
    }
    const where = and(eq(documents.tenantId, input.tenantId), eq(documents.id, input.documentId));
    // The row lock orders two renames of one document, so the audit log's "from" is exact.
    const [before] = await tx
      .select({ title: documents.title })
      .from(documents)
      .where(where)
      .for("no key update");
    if (!before) throw documentNotFound();
    if (before.title === title) return { title };
    await tx.update(documents).set({ title, updatedAt: sql`now()` }).where(where);
    await recordAudit(tx, input.tenantId, {
      actor: input.actor,
      action: "document.rename",
      target: { type: "document", id: input.documentId },
      ip: input.ip,
      details: { fromTitle: before.title, title },
    });
    return { title };
  });
}
