import { type Editor, Extension } from "@tiptap/core";
import { type EditorState, Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from "@tiptap/y-tiptap";
import * as Y from "yjs";
import type { CommentAnchor, EditorAnchors } from "../comments/contract.ts";

/** The longest quote an anchor carries (document_comments.quote allows 500 characters). */
export const MAX_QUOTE_CHARS = 500;

interface Highlight {
  id: string;
  anchor: CommentAnchor;
  active: boolean;
}

interface HighlightState {
  highlights: Highlight[];
  decorations: DecorationSet;
}

const highlightKey = new PluginKey<HighlightState>("nuriCommentHighlights");

/** The y-prosemirror binding of an editor state: the Y.Doc, the body type and the node mapping. */
function binding(state: EditorState) {
  const sync = ySyncPluginKey.getState(state) as
    | { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: Map<Y.AbstractType<unknown>, unknown> } | null }
    | undefined;
  return sync?.binding ? { doc: sync.doc, type: sync.type, mapping: sync.binding.mapping } : null;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A ProseMirror position as a Yjs relative position (base64), which follows the text as people
 * edit. y-prosemirror ties every position to the character before it (assoc -1): right for
 * the end of a range, so text typed just after it stays out; the start is tied to the
 * character after it instead (assoc 0), so text typed just before it stays out too.
 */
function relative(state: EditorState, pos: number, side: "start" | "end"): string | null {
  const yjs = binding(state);
  if (!yjs) return null;
  // biome-ignore lint/suspicious/noExplicitAny: y-tiptap types the mapping loosely
  let position = absolutePositionToRelativePosition(pos, yjs.type, yjs.mapping as any) as Y.RelativePosition;
  if (side === "start") {
    const absolute = Y.createAbsolutePositionFromRelativePosition(position, yjs.doc);
    if (absolute) position = Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, 0);
  }
  return toBase64(Y.encodeRelativePosition(position));
}

/** An anchor's range in the current document, or null when its text was deleted (or it is malformed). */
export function resolveAnchor(
  state: EditorState,
  anchor: CommentAnchor,
): { from: number; to: number } | null {
  const yjs = binding(state);
  if (!yjs) return null;
  try {
    const absolute = (encoded: string) => {
      const decoded = Y.createAbsolutePositionFromRelativePosition(
        Y.decodeRelativePosition(fromBase64(encoded)),
        yjs.doc,
      );
      if (!decoded) return null;
      // Restated as y-prosemirror states positions (tied to the character before), which its
      // resolver expects: it takes a character-tied position at the very start for an error.
      const restated = Y.createRelativePositionFromTypeIndex(decoded.type, decoded.index, -1);
      // biome-ignore lint/suspicious/noExplicitAny: y-tiptap types the mapping loosely
      return relativePositionToAbsolutePosition(yjs.doc, yjs.type, restated, yjs.mapping as any);
    };
    const start = absolute(anchor.start);
    const end = absolute(anchor.end);
    if (start === null || end === null) return null;
    const size = state.doc.content.size;
    const from = Math.max(0, Math.min(start, end, size));
    const to = Math.min(Math.max(start, end), size);
    return from < to ? { from, to } : null;
  } catch {
    // a malformed anchor (not base64, not a relative position) highlights nothing
    return null;
  }
}

function decorate(state: EditorState, highlights: Highlight[]): DecorationSet {
  const decorations: Decoration[] = [];
  for (const { id, anchor, active } of highlights) {
    const range = resolveAnchor(state, anchor);
    if (!range) continue;
    decorations.push(
      Decoration.inline(range.from, range.to, {
        class: active ? "comment-highlight comment-highlight--active" : "comment-highlight",
        "data-comment-id": id,
      }),
    );
  }
  return DecorationSet.create(state.doc, decorations);
}

/**
 * The highlights of comment anchors, as decorations. They are resolved from the anchors'
 * relative positions when the comments panel sets them and whenever a change arrives from
 * Yjs (the binding's mapping is then current); a local change maps them along, since the
 * binding writes it to Yjs only after this state is applied.
 */
export const CommentHighlights = Extension.create({
  name: "nuriCommentHighlights",
  addProseMirrorPlugins() {
    return [
      new Plugin<HighlightState>({
        key: highlightKey,
        state: {
          init: () => ({ highlights: [], decorations: DecorationSet.empty }),
          apply(tr: Transaction, previous: HighlightState, _old: EditorState, state: EditorState) {
            const set = tr.getMeta(highlightKey) as Highlight[] | undefined;
            const remote = tr.getMeta(ySyncPluginKey)?.isChangeOrigin === true;
            if (set !== undefined || (tr.docChanged && remote)) {
              const highlights = set ?? previous.highlights;
              return { highlights, decorations: decorate(state, highlights) };
            }
            if (!tr.docChanged) return previous;
            return {
              highlights: previous.highlights,
              decorations: previous.decorations.map(tr.mapping, tr.doc),
            };
          },
        },
        props: {
          decorations: (state) => highlightKey.getState(state)?.decorations,
        },
      }),
    ];
  },
});

/** The quoted text of a range, on one line per block, at most MAX_QUOTE_CHARS characters. */
function quoteOf(state: EditorState, from: number, to: number): string {
  const text = state.doc.textBetween(from, to, "\n", " ");
  return [...text].slice(0, MAX_QUOTE_CHARS).join("");
}

/** The EditorAnchors the comments panel uses (app/app/components/comments/contract.ts). */
export function createEditorAnchors(editor: Editor): EditorAnchors {
  return {
    selection() {
      if (editor.isDestroyed) return null;
      const { state } = editor;
      const { from, to, empty } = state.selection;
      if (empty) return null;
      const start = relative(state, from, "start");
      const end = relative(state, to, "end");
      if (start === null || end === null) return null;
      return { start, end, quote: quoteOf(state, from, to) };
    },
    reveal(anchor) {
      if (editor.isDestroyed) return false;
      const range = resolveAnchor(editor.state, anchor);
      if (!range) return false;
      editor.chain().focus().setTextSelection(range).scrollIntoView().run();
      return true;
    },
    highlight(anchors) {
      if (editor.isDestroyed) return;
      editor.view.dispatch(editor.state.tr.setMeta(highlightKey, anchors));
    },
  };
}
