import { BODY } from "@nuri/collab/body";
import type { CollabConnection } from "@nuri/collab/client";
import type { Translator } from "@nuri/i18n";
import { Extension, type Extensions } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import Image from "@tiptap/extension-image";
import { TaskItem, TaskList } from "@tiptap/extension-list";
import { Table, TableCell, TableHeader, TableRow } from "@tiptap/extension-table";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import StarterKit from "@tiptap/starter-kit";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { CommentHighlights } from "./anchors.ts";
import { colorClass, PERSON_COLORS, safeColorIndex } from "./colors.ts";
import { isSafeHref } from "./link-url.ts";

/**
 * The Y.Doc root the editor binds to, which the collab-server projects to text and HTML
 * (from @nuri/collab/body: the package's main entry also carries server code).
 */
export const BODY_FIELD = BODY;

/** What a person's awareness carries: their id, name and colour (an index into the palette). */
export interface CaretUser {
  id: string;
  name: string;
  colorIndex: number;
  /** The palette colour, for other clients that expect one (Tiptap's own). */
  color: string;
}

export function caretUser(me: { id: string; name: string; colorIndex: number }): CaretUser {
  const colorIndex = safeColorIndex(me.colorIndex);
  return { id: me.id, name: me.name, colorIndex, color: PERSON_COLORS[colorIndex] ?? PERSON_COLORS[0] };
}

/** A name from another client's awareness, shown as text (never markup), kept short. */
export function displayName(value: unknown): string {
  return typeof value === "string" ? value.slice(0, 60) : "";
}

/**
 * Another person's caret: a thin bar in their colour with their name above it. Built with
 * classes only, as the CSP forbids inline styles. The name is drawn by the stylesheet from
 * data-name (editor.css), so it is never part of the text (copying, find, the text a screen
 * reader reads); screen readers learn who is here from the presence list instead.
 */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const caret = document.createElement("span");
  caret.className = `collab-caret ${colorClass(safeColorIndex(user.colorIndex))}`;
  caret.dataset.name = displayName(user.name);
  caret.setAttribute("aria-hidden", "true");
  return caret;
}

const readOnlyGuardKey = new PluginKey("nuriReadOnlyGuard");

/**
 * When the editor is not editable (readers, commenters, a stopped connection), no local
 * change to the document may happen at all, whatever its source (a paste handler, a
 * keyboard shortcut, an extension's appendTransaction): only what arrives from Yjs. The
 * collab-server refuses a reader's write anyway and closes their connection; this keeps a
 * reader from ever getting there.
 */
const ReadOnlyGuard = Extension.create({
  name: "nuriReadOnlyGuard",
  addProseMirrorPlugins() {
    const editor = this.editor;
    return [
      new Plugin({
        key: readOnlyGuardKey,
        filterTransaction: (transaction) =>
          editor.isEditable ||
          !transaction.docChanged ||
          transaction.getMeta(ySyncPluginKey)?.isChangeOrigin === true,
        props: {
          // Screen readers say "read only" on the text box of a reader (or after a stop).
          attributes: (): Record<string, string> => ({
            "aria-readonly": editor.options.editable ? "false" : "true",
          }),
        },
      }),
    ];
  },
});

export interface EditorExtensionOptions {
  doc: Y.Doc;
  provider: CollabConnection["provider"];
  user: CaretUser;
  t: Translator;
}

/**
 * The editor's schema and behaviour. Node and mark names are Tiptap's defaults, which the
 * collab-server's projection (packages/collab/src/projection.ts) knows: paragraph, heading,
 * lists, task lists, tables, blockquote, codeBlock, horizontalRule, hardBreak, image; bold,
 * italic, underline, strike, code, link.
 */
export function editorExtensions({ doc, provider, user, t }: EditorExtensionOptions): Extensions {
  return [
    StarterKit.configure({
      // Collaboration brings Yjs's own undo, which undoes only this person's changes.
      undoRedo: false,
      // Two people opening a document that ends in a table would each add a paragraph.
      trailingNode: false,
      heading: { levels: [1, 2, 3] },
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: "https",
        isAllowedUri: (url) => isSafeHref(url),
        shouldAutoLink: (url) => isSafeHref(url.startsWith("http") ? url : `https://${url}`),
        HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null },
      },
    }),
    TaskList,
    TaskItem.configure({
      nested: true,
      a11y: {
        checkboxLabel: (node) =>
          t("documents.editor.taskItem", { text: node.textContent || t("documents.editor.taskItem.empty") }),
      },
    }),
    // Not resizable: column resizing writes widths on every drag, and styles the table inline.
    Table.configure({ resizable: false }),
    TableRow,
    TableHeader,
    TableCell,
    Image.configure({ inline: false, allowBase64: false }),
    Collaboration.configure({ document: doc, field: BODY_FIELD }),
    CollaborationCaret.configure({
      provider,
      user,
      render: renderCaret,
      selectionRender: (other) => ({
        nodeName: "span",
        class: `collab-selection ${colorClass(safeColorIndex(other.colorIndex))}`,
      }),
    }),
    CommentHighlights,
    ReadOnlyGuard,
  ];
}
