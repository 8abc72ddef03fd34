import {
  and,
  asc,
  type Db,
  desc,
  documents,
  documentUpdates,
  documentVersions,
  eq,
  inArray,
  type SqlClient,
  sql,
  type TenantTx,
  withTenant,
} from "@nuri/db";
import type * as Y from "yjs";
import { sendCollabNotice } from "./notice.ts";
import { type Projection, projectDocument } from "./projection.ts";
import { restoreUpdate } from "./restore.ts";
import { compactState, docFromState } from "./state.ts";

// A document's Yjs state in PostgreSQL: the compacted snapshot on its row and a tail of
// update rows. Every function runs inside withTenant(), so row-level security keeps it to the
// tenant the caller vouched for (the collab ticket's, or the signed-in person's).

export interface StoredState {
  /** The snapshot, then every tail row in insertion order: apply them all to get the document. */
  parts: Uint8Array[];
  /** The tail's rows (their number and bytes decide when to compact). */
  tailRows: number;
  tailBytes: number;
}

/**
 * Reads a document's stored state; null when the tenant has no such document. The snapshot and
 * the tail are read in one statement, so as of one moment: read one after the other, a
 * compaction committing in between would leave the old snapshot and a tail without the rows it
 * merged, and the document would load without them.
 */
export async function readStoredState(tx: TenantTx, documentId: string): Promise<StoredState | null> {
  const rows = await tx.execute<{ part: number; data: Uint8Array | null }>(sql`
    select 0 as part, 0::bigint as seq, ${documents.state} as data
      from ${documents} where ${documents.id} = ${documentId}
    union all
    select 1, ${documentUpdates.seq}, ${documentUpdates.data}
      from ${documentUpdates} where ${documentUpdates.documentId} = ${documentId}
    order by part, seq`);
  const [row, ...tail] = rows;
  // no document row: the first row, if any, is not the snapshot's
  if (row?.part !== 0) return null;
  const parts = row.data ? [new Uint8Array(row.data)] : [];
  let tailBytes = 0;
  for (const { data } of tail) {
    parts.push(new Uint8Array(data!));
    tailBytes += data!.byteLength;
  }
  return { parts, tailRows: tail.length, tailBytes };
}

/** Appends one update row to a document's tail; returns its sequence number. */
export async function appendUpdate(
  tx: TenantTx,
  tenantId: string,
  documentId: string,
  data: Uint8Array,
): Promise<number> {
  const [row] = await tx
    .insert(documentUpdates)
    .values({ tenantId, documentId, data })
    .returning({ seq: documentUpdates.seq });
  return row!.seq;
}

/** What the collab-server writes for one tenant at one tick of its batcher. */
export interface CollabBatch {
  /** One row each: a document's updates since the last tick, merged. */
  updates: { documentId: string; data: Uint8Array }[];
  /** Documents whose projection fell due. */
  projections: { documentId: string; projection: Projection }[];
}

/** The SQL type ids postgres.js needs to send arrays of these types. */
const PG_UUID = 2950;
const PG_BYTEA = 17;
const PG_TEXT = 25;

/**
 * Appends the updates and writes the projections of one tenant's documents in one statement
 * and one round trip (`collab_write_batch`, migration 0008), under row-level security for
 * `tenantId` like withTenant(). On the raw client: through drizzle's transaction the same
 * writes took four round trips, which cost the collab-server more CPU than its peers' traffic.
 */
export async function writeCollabBatch(
  client: SqlClient,
  tenantId: string,
  batch: CollabBatch,
): Promise<void> {
  const { updates, projections } = batch;
  await client`select collab_write_batch(
    ${tenantId}::uuid,
    ${client.array(
      updates.map((row) => row.documentId),
      PG_UUID,
    )}::uuid[],
    ${client.array(
      updates.map((row) => Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength)),
      PG_BYTEA,
    )}::bytea[],
    ${client.array(
      projections.map((row) => row.documentId),
      PG_UUID,
    )}::uuid[],
    ${client.array(
      projections.map((row) => row.projection.text),
      PG_TEXT,
    )}::text[],
    ${client.array(
      projections.map((row) => row.projection.html),
      PG_TEXT,
    )}::text[]
  )`;
}

/** A document as the collab-server loads it: its stored state and its latest version's time. */
export interface CollabDocumentState extends StoredState {
  /** When its latest version was kept (ms since the epoch); 0 when it has none. */
  lastVersionAt: number;
}

/**
 * Reads what readStoredState reads, and when the latest version was kept, in one statement
 * and one round trip (`collab_read_document`, migration 0008) under row-level security for
 * `tenantId`. Null when the tenant has no such document.
 */
export async function readCollabDocument(
  client: SqlClient,
  tenantId: string,
  documentId: string,
): Promise<CollabDocumentState | null> {
  const rows = await client<
    { r_part: number; r_data: Uint8Array | null; r_last_version_ms: number | null }[]
  >`select r_part, r_data, r_last_version_ms from collab_read_document(${tenantId}::uuid, ${documentId}::uuid)`;
  const [row, ...tail] = rows;
  if (row?.r_part !== 0) return null;
  const parts = row.r_data ? [new Uint8Array(row.r_data)] : [];
  let tailBytes = 0;
  for (const { r_data: data } of tail) {
    parts.push(new Uint8Array(data!));
    tailBytes += data!.byteLength;
  }
  return { parts, tailRows: tail.length, tailBytes, lastVersionAt: row.r_last_version_ms ?? 0 };
}

/** Reads one tail row; null once compaction has merged it into the snapshot. */
export async function readUpdate(tx: TenantTx, documentId: string, seq: number): Promise<Uint8Array | null> {
  const [row] = await tx
    .select({ data: documentUpdates.data })
    .from(documentUpdates)
    .where(and(eq(documentUpdates.documentId, documentId), eq(documentUpdates.seq, seq)));
  return row?.data ?? null;
}

/**
 * Merges the snapshot and the tail rows it reads into a new snapshot and deletes exactly
 * those rows, under the document row's lock. FOR NO KEY UPDATE: compactions and restores take
 * turns, while appends (whose foreign key check takes only a key-share lock) go on, and a row
 * appended meanwhile stays in the tail. Returns how many rows were merged.
 */
export async function compactStoredState(tx: TenantTx, documentId: string): Promise<number> {
  const [row] = await tx
    .select({ state: documents.state })
    .from(documents)
    .where(eq(documents.id, documentId))
    .for("no key update");
  if (!row) return 0;
  const tail = await tx
    .select({ seq: documentUpdates.seq, data: documentUpdates.data })
    .from(documentUpdates)
    .where(eq(documentUpdates.documentId, documentId))
    .orderBy(asc(documentUpdates.seq));
  if (tail.length === 0) return 0;
  const state = compactState([...(row.state ? [row.state] : []), ...tail.map((update) => update.data)]);
  await tx.update(documents).set({ state, compactedAt: sql`now()` }).where(eq(documents.id, documentId));
  await tx.delete(documentUpdates).where(
    and(
      eq(documentUpdates.documentId, documentId),
      inArray(
        documentUpdates.seq,
        tail.map((update) => update.seq),
      ),
    ),
  );
  return tail.length;
}

/** Writes the debounced text and HTML projection to the document's row. */
export async function writeProjection(
  tx: TenantTx,
  documentId: string,
  projection: Projection,
): Promise<void> {
  await tx
    .update(documents)
    .set({
      contentText: projection.text,
      contentHtml: projection.html,
      projectedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(eq(documents.id, documentId));
}

export interface NewVersion {
  tenantId: string;
  documentId: string;
  kind: "auto" | "named" | "restore";
  name?: string | null;
  state: Uint8Array;
  createdBy?: string | null;
  contributors?: readonly string[];
}

/** Stores a version: the whole state and its text, for listing and previews. */
export async function saveVersion(tx: TenantTx, version: NewVersion): Promise<string> {
  const doc = docFromState([version.state]);
  try {
    const [row] = await tx
      .insert(documentVersions)
      .values({
        tenantId: version.tenantId,
        documentId: version.documentId,
        kind: version.kind,
        name: version.name ?? null,
        state: version.state,
        contentText: projectDocument(doc).text,
        createdBy: version.createdBy ?? null,
        contributors: [...(version.contributors ?? [])],
      })
      .returning({ id: documentVersions.id });
    return row!.id;
  } finally {
    doc.destroy();
  }
}

export interface VersionSummary {
  id: string;
  kind: "auto" | "named" | "restore";
  name: string | null;
  createdBy: string | null;
  contributors: string[];
  createdAt: Date;
}

/** A document's versions, newest first, without their state. */
export async function listVersions(tx: TenantTx, documentId: string): Promise<VersionSummary[]> {
  return tx
    .select({
      id: documentVersions.id,
      kind: documentVersions.kind,
      name: documentVersions.name,
      createdBy: documentVersions.createdBy,
      contributors: documentVersions.contributors,
      createdAt: documentVersions.createdAt,
    })
    .from(documentVersions)
    .where(eq(documentVersions.documentId, documentId))
    .orderBy(desc(documentVersions.createdAt), desc(documentVersions.id));
}

/** One version with its preview (text and HTML); null when the document has no such version. */
export async function previewVersion(
  tx: TenantTx,
  documentId: string,
  versionId: string,
): Promise<(VersionSummary & Projection) | null> {
  const [row] = await tx
    .select()
    .from(documentVersions)
    .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.id, versionId)));
  if (!row) return null;
  const doc = docFromState([row.state]);
  try {
    const { text, html } = projectDocument(doc);
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      createdBy: row.createdBy,
      contributors: row.contributors,
      createdAt: row.createdAt,
      text,
      html,
    };
  } finally {
    doc.destroy();
  }
}

/** The longest version name. */
export const MAX_VERSION_NAME = 100;

/**
 * Names the document's current stored state as a version ("결재 상신 전", "1차 검토본").
 * The stored state trails live edits by at most the collab-server's batch delay (100 ms).
 */
export async function createNamedVersion(
  db: Db,
  input: { tenantId: string; documentId: string; name: string; userId: string },
): Promise<string | null> {
  const name = input.name.trim();
  // Counted in characters (code points), as PostgreSQL's char_length counts them.
  const length = [...name].length;
  if (length === 0 || length > MAX_VERSION_NAME) {
    throw new RangeError(`version name must have 1 to ${MAX_VERSION_NAME} characters`);
  }
  return withTenant(db, input.tenantId, async (tx) => {
    const stored = await readStoredState(tx, input.documentId);
    if (!stored) return null;
    return saveVersion(tx, {
      tenantId: input.tenantId,
      documentId: input.documentId,
      kind: "named",
      name,
      state: compactState(stored.parts),
      createdBy: input.userId,
    });
  });
}

/**
 * Restores a version as a new change: appends the update that turns the current body into
 * the version's, records a `restore` version, and tells every collab-server holding the
 * document to apply that update (on commit). Returns the restore version's id, or null when
 * the document or version does not exist in this tenant.
 */
export async function restoreVersion(
  db: Db,
  input: { tenantId: string; documentId: string; versionId: string; userId: string },
): Promise<string | null> {
  return withTenant(db, input.tenantId, async (tx) => {
    // The row lock orders this restore after (and before) compactions of the same document.
    const [locked] = await tx
      .select({ id: documents.id })
      .from(documents)
      .where(eq(documents.id, input.documentId))
      .for("no key update");
    if (!locked) return null;
    const [version] = await tx
      .select({ state: documentVersions.state })
      .from(documentVersions)
      .where(
        and(eq(documentVersions.documentId, input.documentId), eq(documentVersions.id, input.versionId)),
      );
    if (!version) return null;
    const stored = await readStoredState(tx, input.documentId);
    if (!stored) return null;
    const update = restoreUpdate(stored.parts, version.state);
    const seq = await appendUpdate(tx, input.tenantId, input.documentId, update);
    const restored = await saveVersion(tx, {
      tenantId: input.tenantId,
      documentId: input.documentId,
      kind: "restore",
      state: compactState([...stored.parts, update]),
      createdBy: input.userId,
      contributors: [input.userId],
    });
    await sendCollabNotice(tx, {
      kind: "update",
      tenantId: input.tenantId,
      documentId: input.documentId,
      seq,
    });
    return restored;
  });
}

/** The whole current text of a stored document (tests, exports): snapshot plus tail. */
export async function readStoredDocument(
  db: Db,
  tenantId: string,
  documentId: string,
): Promise<Y.Doc | null> {
  const stored = await withTenant(db, tenantId, (tx) => readStoredState(tx, documentId));
  return stored ? docFromState(stored.parts) : null;
}
