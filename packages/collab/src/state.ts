import * as Y from "yjs";

/**
 * Merges a snapshot and updates into one update holding the whole document, with deleted
 * content garbage-collected: what compaction stores and what a new client syncs from.
 */
export function compactState(parts: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    doc.transact(() => {
      for (const part of parts) Y.applyUpdate(doc, part);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** A Y.Doc built from stored parts (snapshot, then updates); the caller destroys it. */
export function docFromState(parts: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => {
    for (const part of parts) Y.applyUpdate(doc, part);
  });
  return doc;
}
