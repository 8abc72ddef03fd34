import { compactState, docFromState, projectDocument } from "@nuri/collab";
import { readStoredState } from "@nuri/collab/store";
import type { TenantTx } from "@nuri/db";

// The body of an approval as it stands in the database now: the compacted snapshot on the
// documents row plus the tail of update rows the collab-server appended since (the same read
// the documents history, copy and template services make), projected to text and HTML.

export interface ApprovalBody {
  /** The whole Yjs state, compacted into one update (what a version stores). */
  state: Uint8Array;
  /** The plain-text projection, one line per block. */
  text: string;
  /** The safe HTML projection (escaped text, allow-listed elements). */
  html: string;
}

/**
 * Reads the body document's current state in `tx` and projects it. The stored state trails
 * live edits by at most the collab-server's batch delay; an edit still in flight when the line
 * moves on is not part of what was signed.
 */
export async function readApprovalBody(tx: TenantTx, documentId: string): Promise<ApprovalBody> {
  const stored = await readStoredState(tx, documentId);
  const parts = stored?.parts ?? [];
  const doc = docFromState(parts);
  try {
    const { text, html } = projectDocument(doc);
    return { state: compactState(parts), text, html };
  } finally {
    doc.destroy();
  }
}
