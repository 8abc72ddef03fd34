import {
  type DocumentRole,
  documents,
  eq,
  getTableColumns,
  type Document as NuriDocument,
  withTenant,
} from "@nuri/db";
import { requireUser, type SignedIn } from "../../auth/guards.server.ts";
import { getAppDatabase } from "../../db.server.ts";
import { notFound } from "../../errors.server.ts";
import { atLeast, roleOnDocument } from "./access.server.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface DocumentAccess extends SignedIn {
  document: Omit<NuriDocument, "state" | "searchGrams">;
  role: DocumentRole;
}

/**
 * The guard of every document page, resource route and action: the signed-in person of the
 * URL's tenant, the document named by `:documentId`, and their role on it, at least `minimum`.
 * A document that does not exist, that they may not see, or that belongs to another agency is
 * a 404 alike; one they may see with too low a role is a 403.
 */
export async function requireDocument(
  request: Request,
  params: { tenant?: string; documentId?: string },
  minimum: DocumentRole = "reader",
): Promise<DocumentAccess> {
  const signedIn = await requireUser(request, params);
  const documentId = params.documentId ?? "";
  if (!UUID.test(documentId)) throw notFound();
  const { db } = await getAppDatabase();
  const found = await withTenant(db, signedIn.tenant.id, async (tx) => {
    const role = await roleOnDocument(tx, signedIn.user.id, documentId);
    if (!role) return null;
    const { state: _state, searchGrams: _grams, ...columns } = getTableColumns(documents);
    const [document] = await tx.select(columns).from(documents).where(eq(documents.id, documentId));
    return document ? { role, document } : null;
  });
  if (!found) throw notFound();
  if (!atLeast(found.role, minimum)) throw new Response("Forbidden", { status: 403 });
  return { ...signedIn, ...found };
}
