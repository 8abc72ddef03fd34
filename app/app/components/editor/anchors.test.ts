// @vitest-environment jsdom
import { Editor } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import StarterKit from "@tiptap/starter-kit";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CommentHighlights, createEditorAnchors, MAX_QUOTE_CHARS } from "./anchors.ts";
import { BODY_FIELD } from "./extensions.ts";

// The comment anchors the editor hands the comments panel, on two real Tiptap editors bound
// through y-prosemirror to two Y.Docs that exchange their updates, as two browsers do
// through the collab-server.

beforeAll(() => {
  // jsdom lays nothing out; ProseMirror asks for rectangles when it scrolls to a selection.
  const rect = () => ({ x: 0, y: 0, top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0, toJSON() {} });
  Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = rect as () => DOMRect;
  Element.prototype.scrollIntoView = () => {};
});

const editors: Editor[] = [];
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy();
});

function editorOn(doc: Y.Doc): Editor {
  const element = document.createElement("div");
  document.body.append(element);
  const editor = new Editor({
    element,
    injectCSS: false,
    extensions: [
      StarterKit.configure({ undoRedo: false, trailingNode: false }),
      Collaboration.configure({ document: doc, field: BODY_FIELD }),
      CommentHighlights,
    ],
  });
  editors.push(editor);
  return editor;
}

/** Two people's editors on one document, their Y.Docs exchanging every update. */
function twoPeople() {
  const mine = new Y.Doc();
  const theirs = new Y.Doc();
  mine.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== theirs) Y.applyUpdate(theirs, update, mine);
  });
  theirs.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== mine) Y.applyUpdate(mine, update, theirs);
  });
  return { me: editorOn(mine), them: editorOn(theirs) };
}

/** The document positions of the first occurrence of `text`. */
function rangeOf(editor: Editor, text: string): { from: number; to: number } {
  let found: { from: number; to: number } | null = null;
  editor.state.doc.descendants((node, pos) => {
    if (found || !node.isText) return;
    const index = node.text!.indexOf(text);
    if (index >= 0) found = { from: pos + index, to: pos + index + text.length };
  });
  if (!found) throw new Error(`"${text}" is not in the document`);
  return found;
}

const selected = (editor: Editor) =>
  editor.state.doc.textBetween(editor.state.selection.from, editor.state.selection.to);

describe("comment anchors", () => {
  it("anchor a selection that follows the text through someone else's edits", () => {
    const { me, them } = twoPeople();
    me.commands.insertContent("<p>예산 검토 의견을 적습니다.</p>");
    expect(them.getText()).toBe("예산 검토 의견을 적습니다.");
    const anchors = createEditorAnchors(me);

    expect(anchors.selection()).toBeNull();
    me.commands.setTextSelection(rangeOf(me, "검토 의견"));
    const anchor = anchors.selection();
    expect(anchor).toMatchObject({ quote: "검토 의견", start: expect.any(String), end: expect.any(String) });

    // They write just before it and just after it, and add a paragraph above it.
    them.commands.insertContentAt(rangeOf(them, "검토").from, "재");
    them.commands.insertContentAt(rangeOf(them, "의견").to, "들");
    them.commands.insertContentAt(0, "<p>머리말</p>");
    expect(me.getText({ blockSeparator: "|" })).toBe("머리말|예산 재검토 의견들을 적습니다.");

    me.commands.setTextSelection(1);
    expect(anchors.reveal(anchor!)).toBe(true);
    expect(selected(me)).toBe("검토 의견");
    // The other person's editor finds the same text from the same anchor.
    expect(createEditorAnchors(them).reveal(anchor!)).toBe(true);
    expect(selected(them)).toBe("검토 의견");
  });

  it("lose the anchored text when a paragraph is split before it (y-prosemirror recreates it)", () => {
    // A known limit of y-prosemirror: splitting a paragraph rewrites the text after the split,
    // so an anchor inside it no longer finds its text and the panel shows the quote instead.
    const { me, them } = twoPeople();
    me.commands.insertContent("<p>앞부분 뒷부분</p>");
    const anchors = createEditorAnchors(me);
    me.commands.setTextSelection(rangeOf(me, "뒷부분"));
    const anchor = anchors.selection()!;
    them.chain().setTextSelection(rangeOf(them, "뒷부분").from).splitBlock().run();
    expect(me.getText({ blockSeparator: "|" })).toBe("앞부분 |뒷부분");
    expect(anchors.reveal(anchor)).toBe(false);
  });

  it("highlight anchored text, the active one stronger, and keep the highlights on the text", () => {
    const { me, them } = twoPeople();
    me.commands.insertContent("<p>첫째 항목과 둘째 항목</p>");
    const anchors = createEditorAnchors(me);
    me.commands.setTextSelection(rangeOf(me, "첫째"));
    const first = anchors.selection()!;
    me.commands.setTextSelection(rangeOf(me, "둘째"));
    const second = anchors.selection()!;

    anchors.highlight([
      { id: "c1", anchor: first, active: false },
      { id: "c2", anchor: second, active: true },
    ]);
    const marked = () =>
      [...me.view.dom.querySelectorAll<HTMLElement>(".comment-highlight")].map((element) => [
        element.dataset.commentId,
        element.textContent,
        element.classList.contains("comment-highlight--active"),
      ]);
    expect(marked()).toEqual([
      ["c1", "첫째", false],
      ["c2", "둘째", true],
    ]);

    // Text arrives from the other person, and I type myself: the highlights stay on their words.
    them.commands.insertContentAt(1, "목록: ");
    me.commands.insertContentAt(rangeOf(me, "항목과").to, ",");
    expect(me.getText()).toBe("목록: 첫째 항목과, 둘째 항목");
    expect(marked()).toEqual([
      ["c1", "첫째", false],
      ["c2", "둘째", true],
    ]);

    anchors.highlight([]);
    expect(marked()).toEqual([]);
  });

  it("find nothing once the anchored text is deleted, and ignore a malformed anchor", () => {
    const { me, them } = twoPeople();
    me.commands.insertContent("<p>지울 문장. 남길 문장.</p>");
    const anchors = createEditorAnchors(me);
    me.commands.setTextSelection(rangeOf(me, "지울 문장."));
    const anchor = anchors.selection()!;

    them.commands.deleteRange(rangeOf(them, "지울 문장. "));
    expect(me.getText()).toBe("남길 문장.");
    expect(anchors.reveal(anchor)).toBe(false);
    anchors.highlight([{ id: "gone", anchor, active: true }]);
    expect(me.view.dom.querySelectorAll(".comment-highlight")).toHaveLength(0);

    const broken = { start: "not base64!", end: "AAAA", quote: "?" };
    expect(anchors.reveal(broken)).toBe(false);
    anchors.highlight([{ id: "broken", anchor: broken, active: false }]);
    expect(me.view.dom.querySelectorAll(".comment-highlight")).toHaveLength(0);
  });

  it("quote at most 500 characters, counted as PostgreSQL counts them", () => {
    const { me } = twoPeople();
    me.commands.insertContent(`<p>${"📄".repeat(600)}</p>`);
    me.commands.selectAll();
    const anchor = createEditorAnchors(me).selection()!;
    expect([...anchor.quote]).toHaveLength(MAX_QUOTE_CHARS);
    expect(anchor.quote).toBe("📄".repeat(500));
  });
});
