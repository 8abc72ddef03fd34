import type { MessageKey } from "@nuri/i18n";
import type { Editor } from "@tiptap/core";
import { useEditorState } from "@tiptap/react";
import { type KeyboardEvent, useRef, useState } from "react";
import { useTranslator } from "../../i18n.ts";

type PlainKey = Extract<
  MessageKey,
  `documents.editor.tool.${string}` | `documents.editor.table.${string}` | "documents.editor.toolbar"
>;

interface Tool {
  id: string;
  label: PlainKey;
  /** A short mark shown on the button (the label is its accessible name); none: the label shows. */
  glyph?: string;
  run: () => void;
  /** Toggle buttons say whether they are on (aria-pressed). */
  pressed?: boolean;
  disabled?: boolean;
}

/**
 * The formatting toolbar: one tab stop (role=toolbar), arrow keys, Home and End move between
 * its buttons (WAI-ARIA toolbar pattern), toggles say whether they are on with aria-pressed.
 * Each button's accessible name is its full label; the glyph beside it is decoration.
 */
export function EditorToolbar({
  editor,
  onLink,
  onImage,
}: {
  editor: Editor;
  onLink: () => void;
  /** Absent where images cannot be inserted (an approval's body): the button is left out. */
  onImage?: () => void;
}) {
  const t = useTranslator();
  const toolbar = useRef<HTMLDivElement>(null);
  const [current, setCurrent] = useState("paragraph");
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      paragraph: e.isActive("paragraph"),
      h1: e.isActive("heading", { level: 1 }),
      h2: e.isActive("heading", { level: 2 }),
      h3: e.isActive("heading", { level: 3 }),
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      underline: e.isActive("underline"),
      strike: e.isActive("strike"),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      taskList: e.isActive("taskList"),
      blockquote: e.isActive("blockquote"),
      codeBlock: e.isActive("codeBlock"),
      link: e.isActive("link"),
      table: e.isActive("table"),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const chain = () => editor.chain().focus();
  const groups: Tool[][] = [
    [
      {
        id: "paragraph",
        label: "documents.editor.tool.paragraph",
        glyph: "¶",
        pressed: state.paragraph,
        run: () => chain().setParagraph().run(),
      },
      {
        id: "h1",
        label: "documents.editor.tool.heading1",
        glyph: "H1",
        pressed: state.h1,
        run: () => chain().toggleHeading({ level: 1 }).run(),
      },
      {
        id: "h2",
        label: "documents.editor.tool.heading2",
        glyph: "H2",
        pressed: state.h2,
        run: () => chain().toggleHeading({ level: 2 }).run(),
      },
      {
        id: "h3",
        label: "documents.editor.tool.heading3",
        glyph: "H3",
        pressed: state.h3,
        run: () => chain().toggleHeading({ level: 3 }).run(),
      },
    ],
    [
      {
        id: "bold",
        label: "documents.editor.tool.bold",
        glyph: "B",
        pressed: state.bold,
        run: () => chain().toggleBold().run(),
      },
      {
        id: "italic",
        label: "documents.editor.tool.italic",
        glyph: "I",
        pressed: state.italic,
        run: () => chain().toggleItalic().run(),
      },
      {
        id: "underline",
        label: "documents.editor.tool.underline",
        glyph: "U",
        pressed: state.underline,
        run: () => chain().toggleUnderline().run(),
      },
      {
        id: "strike",
        label: "documents.editor.tool.strike",
        glyph: "S",
        pressed: state.strike,
        run: () => chain().toggleStrike().run(),
      },
      { id: "link", label: "documents.editor.tool.link", pressed: state.link, run: onLink },
    ],
    [
      {
        id: "bulletList",
        label: "documents.editor.tool.bulletList",
        glyph: "•",
        pressed: state.bulletList,
        run: () => chain().toggleBulletList().run(),
      },
      {
        id: "orderedList",
        label: "documents.editor.tool.orderedList",
        glyph: "1.",
        pressed: state.orderedList,
        run: () => chain().toggleOrderedList().run(),
      },
      {
        id: "taskList",
        label: "documents.editor.tool.taskList",
        glyph: "☑",
        pressed: state.taskList,
        run: () => chain().toggleTaskList().run(),
      },
      {
        id: "blockquote",
        label: "documents.editor.tool.blockquote",
        glyph: "❝",
        pressed: state.blockquote,
        run: () => chain().toggleBlockquote().run(),
      },
      {
        id: "codeBlock",
        label: "documents.editor.tool.codeBlock",
        glyph: "{}",
        pressed: state.codeBlock,
        run: () => chain().toggleCodeBlock().run(),
      },
    ],
    [
      ...(onImage
        ? [{ id: "image", label: "documents.editor.tool.image", run: onImage } satisfies Tool]
        : []),
      {
        id: "table",
        label: "documents.editor.tool.table",
        glyph: "▦",
        disabled: state.table,
        run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      },
      {
        id: "horizontalRule",
        label: "documents.editor.tool.horizontalRule",
        glyph: "―",
        run: () => chain().setHorizontalRule().run(),
      },
    ],
    ...(state.table
      ? [
          [
            {
              id: "addRow",
              label: "documents.editor.table.addRow",
              glyph: "+↓",
              run: () => chain().addRowAfter().run(),
            },
            {
              id: "addColumn",
              label: "documents.editor.table.addColumn",
              glyph: "+→",
              run: () => chain().addColumnAfter().run(),
            },
            {
              id: "deleteRow",
              label: "documents.editor.table.deleteRow",
              glyph: "−↓",
              run: () => chain().deleteRow().run(),
            },
            {
              id: "deleteColumn",
              label: "documents.editor.table.deleteColumn",
              glyph: "−→",
              run: () => chain().deleteColumn().run(),
            },
            {
              id: "deleteTable",
              label: "documents.editor.table.delete",
              glyph: "✕",
              run: () => chain().deleteTable().run(),
            },
          ] satisfies Tool[],
        ]
      : []),
    [
      {
        id: "undo",
        label: "documents.editor.tool.undo",
        glyph: "↶",
        disabled: !state.canUndo,
        run: () => chain().undo().run(),
      },
      {
        id: "redo",
        label: "documents.editor.tool.redo",
        glyph: "↷",
        disabled: !state.canRedo,
        run: () => chain().redo().run(),
      },
    ],
  ];
  const enabled = groups.flat().filter((tool) => !tool.disabled);
  // The one button in the tab order: the last one used, or the first that can be used.
  const tabStop = enabled.some((tool) => tool.id === current) ? current : enabled[0]?.id;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(
      toolbar.current?.querySelectorAll<HTMLButtonElement>("button:not(:disabled)") ?? [],
    );
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    const next =
      event.key === "ArrowRight" || event.key === "ArrowDown"
        ? (index + 1) % buttons.length
        : event.key === "ArrowLeft" || event.key === "ArrowUp"
          ? (index - 1 + buttons.length) % buttons.length
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? buttons.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    buttons[next]?.focus();
  };

  return (
    <div
      ref={toolbar}
      role="toolbar"
      aria-label={t("documents.editor.toolbar")}
      aria-controls="document-body"
      className="editor-toolbar"
      onKeyDown={onKeyDown}
    >
      {groups.map((group) => (
        <div className="editor-toolbar__group" key={group[0]!.id}>
          {group.map((tool) => (
            <button
              key={tool.id}
              type="button"
              className="editor-toolbar__button"
              data-tool={tool.id}
              tabIndex={tool.id === tabStop ? 0 : -1}
              aria-pressed={tool.pressed === undefined ? undefined : tool.pressed}
              disabled={tool.disabled}
              title={t(tool.label)}
              onFocus={() => setCurrent(tool.id)}
              // Keeps the editor's selection while the mouse is down, so the format applies to it.
              onMouseDown={(event) => event.preventDefault()}
              onClick={tool.run}
            >
              {tool.glyph ? (
                <>
                  <span aria-hidden="true" className="editor-toolbar__glyph">
                    {tool.glyph}
                  </span>
                  <span className="visually-hidden">{t(tool.label)}</span>
                </>
              ) : (
                t(tool.label)
              )}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
