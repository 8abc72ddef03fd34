import { type Db, documentVisits, withTenant } from "@nuri/db";
import { roleOnDocument } from "./access.server.ts";
import { documentNotFound } from "./editor-errors.server.ts";

export interface RecordVisitInput {
  db: Db;
  /** From the session, never from the request. */
  tenantId: string;
  userId: string;
  documentId: string;
  now?: Date;
}

/**
 * Remembers that a person opened a document (their "recent documents"): one row per person
 * and document, moved to `now` on every visit. Only a document they may see is recorded; any
 * other (another agency's, one they lost access to) is not found.
 */
export async function recordDocumentVisit(input: RecordVisitInput): Promise<void> {
  const visitedAt = input.now ?? new Date();
  await withTenant(input.db, input.tenantId, async (tx) => {
    const role = await roleOnDocument(tx, input.userId, input.documentId);
    if (!role) throw documentNotFound();
    await tx
      .insert(documentVisits)
      .values({ tenantId: input.tenantId, userId: input.userId, documentId: input.documentId, visitedAt })
      .onConflictDoUpdate({
        target: [documentVisits.tenantId, documentVisits.userId, documentVisits.documentId],
        set: { visitedAt },
      });
  });
}
