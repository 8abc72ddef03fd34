import { BODY, projectDocument } from "@nuri/collab";
import { appendUpdate, readStoredDocument } from "@nuri/collab/store";
import { type Db, documentShares, documents, eq, withTenant } from "@nuri/db";
import { buildDocument, buildTenant, buildUser } from "@nuri/db/testing";
import * as Y from "yjs";
import { docOf, p, stateOf } from "./export-fixtures.server.ts";
import type { DocumentActor } from "./history-access.server.ts";

// Service-test seeds for history, exports and images: an agency with a document and the people
// around it, one of each role, plus someone of the agency with no access.

/** A person acting through the services, as the routes build them. */
export function actorOf(db: Db, tenantId: string, user: { id: string; displayName: string }): DocumentActor {
  return {
    db,
    tenantId,
    userId: user.id,
    actor: { kind: "user", id: user.id, label: user.displayName },
    ip: "203.0.113.9",
  };
}

/** Stores `body` as the document's compacted state. */
export async function storeBody(
  db: Db,
  tenantId: string,
  documentId: string,
  body: Parameters<typeof docOf>,
) {
  const state = stateOf(...body);
  await withTenant(db, tenantId, (tx) =>
    tx.update(documents).set({ state }).where(eq(documents.id, documentId)),
  );
}

export async function seedDocumentWithPeople(db: Db, body: Parameters<typeof docOf> = []) {
  const tenant = await buildTenant(db, { name: "디지털행정부" });
  const owner = await buildUser(db, tenant.id, { displayName: "서민지" });
  const editor = await buildUser(db, tenant.id, { displayName: "권나은" });
  const reader = await buildUser(db, tenant.id, { displayName: "이정훈" });
  const outsider = await buildUser(db, tenant.id, { displayName: "박지원" });
  const document = await buildDocument(db, tenant.id, owner.id, { title: "2026년 업무 보고" });
  await withTenant(db, tenant.id, (tx) =>
    tx.insert(documentShares).values([
      {
        tenantId: tenant.id,
        documentId: document.id,
        granteeKind: "user",
        granteeId: editor.id,
        role: "editor",
        createdBy: owner.id,
      },
      {
        tenantId: tenant.id,
        documentId: document.id,
        granteeKind: "user",
        granteeId: reader.id,
        role: "reader",
        createdBy: owner.id,
      },
    ]),
  );
  if (body.length > 0) await storeBody(db, tenant.id, document.id, body);
  return { tenant, owner, editor, reader, outsider, document };
}

/** Appends a paragraph to the stored document, as the collab-server stores an edit. */
export async function appendParagraph(
  db: Db,
  tenantId: string,
  documentId: string,
  words: string,
): Promise<void> {
  const doc = await readStoredDocument(db, tenantId, documentId);
  if (!doc) throw new Error(`no document ${documentId} in tenant ${tenantId}`);
  const extra = docOf(p([words]));
  try {
    const before = Y.encodeStateVector(doc);
    const body = doc.getXmlFragment(BODY);
    body.insert(body.length, [extra.getXmlFragment(BODY).get(0)!.clone() as Y.XmlElement]);
    const update = Y.encodeStateAsUpdate(doc, before);
    await withTenant(db, tenantId, (tx) => appendUpdate(tx, tenantId, documentId, update));
  } finally {
    doc.destroy();
    extra.destroy();
  }
}

/** The stored document's plain text (snapshot and tail), one line per block. */
export async function storedText(db: Db, tenantId: string, documentId: string): Promise<string> {
  const doc = await readStoredDocument(db, tenantId, documentId);
  if (!doc) throw new Error(`no document ${documentId} in tenant ${tenantId}`);
  try {
    return projectDocument(doc).text;
  } finally {
    doc.destroy();
  }
}
