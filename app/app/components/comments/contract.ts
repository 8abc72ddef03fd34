import type { DocumentRole } from "@nuri/db";

/**
 * Between the editor (which knows the text) and the comments panel (which knows the threads).
 * An anchor is a range of the body as two Yjs relative positions (base64 of
 * Y.encodeRelativePosition), so it follows the text as people edit, plus the text quoted.
 */
export interface CommentAnchor {
  start: string;
  end: string;
  quote: string;
}

export interface EditorAnchors {
  /** The current selection as an anchor, or null when nothing is selected. */
  selection(): CommentAnchor | null;
  /** Selects and scrolls to an anchor's text; false when its text was deleted. */
  reveal(anchor: CommentAnchor): boolean;
  /** Draws highlights for these anchors (the active one stronger). */
  highlight(anchors: { id: string; anchor: CommentAnchor; active: boolean }[]): void;
}

export interface CommentsPanelProps {
  tenantSlug: string;
  documentId: string;
  role: DocumentRole;
  me: { id: string; name: string };
  /** Null until the editor is ready. */
  anchors: EditorAnchors | null;
}
