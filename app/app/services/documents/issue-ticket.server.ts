import { issueCollabTicket } from "@nuri/auth";
import { type Db, type DocumentRole, withTenant } from "@nuri/db";
import { collabPermission, roleOnDocument } from "./access.server.ts";
import { collabConfig } from "./collab-config.server.ts";

export interface DocumentTicket {
  ticket: string;
  url: string;
  role: DocumentRole;
}

/**
 * A fresh collab ticket for one connection to a document, carrying the person's current
 * permission (reader → read, commenter → comment, editor and owner → edit); null when the
 * document does not exist in the tenant or the person has no access (the caller answers 404).
 */
export async function issueDocumentTicket(
  db: Db,
  person: { tenantId: string; userId: string },
  documentId: string,
  now = new Date(),
): Promise<DocumentTicket | null> {
  const role = await withTenant(db, person.tenantId, (tx) => roleOnDocument(tx, person.userId, documentId));
  if (!role) return null;
  const config = collabConfig();
  const ticket = issueCollabTicket(
    config.ticketKey,
    { tenantId: person.tenantId, userId: person.userId, documentId, permission: collabPermission(role) },
    now,
  );
  return { ticket, url: config.publicUrl, role };
}
