import { BODY } from "@nuri/collab";
import type { MessageKey } from "@nuri/i18n";
import * as Y from "yjs";

// The built-in templates, built in code as Yjs states in Tiptap's node names (as y-prosemirror
// stores them) on the body fragment: what the editor shows and the collab-server loads as-is.
// Their headings are Korean whatever the person's language: they are the document's content,
// written the way Korean public-sector documents are, not the interface.

type Block =
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "paragraph"; label?: string; text?: string }
  | { kind: "table"; header: string[]; rows: number };

export type BuiltInTemplateKey = "blank" | "meeting" | "report" | "plan";

export interface BuiltInTemplate {
  key: BuiltInTemplateKey;
  name: MessageKey;
  description: MessageKey;
  blocks: readonly Block[];
}

const heading = (text: string, level: 1 | 2 | 3 = 2): Block => ({ kind: "heading", level, text });
const empty: Block = { kind: "paragraph" };

/** The built-in templates in the order the 새 문서 page offers them. */
export const BUILT_IN_TEMPLATES: readonly BuiltInTemplate[] = [
  {
    key: "blank",
    name: "documents.templates.builtin.blank",
    description: "documents.templates.builtin.blankDescription",
    blocks: [],
  },
  {
    key: "meeting",
    name: "documents.templates.builtin.meeting",
    description: "documents.templates.builtin.meetingDescription",
    blocks: [
      heading("회의록", 1),
      { kind: "paragraph", label: "일시: " },
      { kind: "paragraph", label: "장소: " },
      { kind: "paragraph", label: "참석자: " },
      heading("안건"),
      empty,
      heading("논의 내용"),
      empty,
      heading("결정 사항"),
      empty,
      heading("향후 일정"),
      empty,
    ],
  },
  {
    key: "report",
    name: "documents.templates.builtin.report",
    description: "documents.templates.builtin.reportDescription",
    blocks: [
      heading("제목", 1),
      heading("개요"),
      empty,
      heading("현황"),
      empty,
      heading("문제점"),
      empty,
      heading("개선 방안"),
      empty,
      heading("향후 계획"),
      empty,
      heading("붙임"),
      { kind: "paragraph", text: "1. " },
    ],
  },
  {
    key: "plan",
    name: "documents.templates.builtin.plan",
    description: "documents.templates.builtin.planDescription",
    blocks: [
      heading("계획서", 1),
      heading("추진 배경"),
      empty,
      heading("목적"),
      empty,
      heading("추진 내용"),
      empty,
      heading("추진 일정"),
      { kind: "table", header: ["구분", "추진 내용", "기간", "담당"], rows: 3 },
      heading("소요 예산"),
      empty,
      heading("기대 효과"),
      empty,
    ],
  },
];

export function findBuiltInTemplate(key: string): BuiltInTemplate | null {
  return BUILT_IN_TEMPLATES.find((template) => template.key === key) ?? null;
}

function paragraph(parent: Y.XmlElement | Y.XmlFragment, label?: string, text?: string): void {
  const element = new Y.XmlElement("paragraph");
  parent.insert(parent.length, [element]);
  if (!label && !text) return;
  const content = new Y.XmlText();
  element.insert(0, [content]);
  // Marks are stored as text attributes, as y-prosemirror does: { bold: {} }.
  if (label) content.insert(0, label, { bold: {} });
  if (text) content.insert(content.length, text);
}

function table(parent: Y.XmlFragment, header: string[], rows: number): void {
  const element = new Y.XmlElement("table");
  parent.insert(parent.length, [element]);
  for (let r = 0; r <= rows; r++) {
    const row = new Y.XmlElement("tableRow");
    element.insert(element.length, [row]);
    for (const title of header) {
      const cell = new Y.XmlElement<{ colspan: number; rowspan: number }>(
        r === 0 ? "tableHeader" : "tableCell",
      );
      row.insert(row.length, [cell as Y.XmlElement]);
      cell.setAttribute("colspan", 1);
      cell.setAttribute("rowspan", 1);
      // A cell holds blocks (Tiptap: `block+`), never bare text.
      paragraph(cell, undefined, r === 0 ? title : undefined);
    }
  }
}

/** A Yjs state (one update) whose body holds `blocks`. */
export function buildTemplateState(blocks: readonly Block[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    const body = doc.getXmlFragment(BODY);
    doc.transact(() => {
      for (const block of blocks) {
        if (block.kind === "heading") {
          const element = new Y.XmlElement<{ level: number }>("heading");
          body.insert(body.length, [element as Y.XmlElement]);
          element.setAttribute("level", block.level);
          const text = new Y.XmlText();
          element.insert(0, [text]);
          text.insert(0, block.text);
        } else if (block.kind === "paragraph") {
          paragraph(body, block.label, block.text);
        } else {
          table(body, block.header, block.rows);
        }
      }
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

const states = new Map<BuiltInTemplateKey, Uint8Array>();

/** The Yjs state of a built-in template (built once; a blank document has no state). */
export function builtInTemplateState(key: BuiltInTemplateKey): Uint8Array | null {
  const template = findBuiltInTemplate(key);
  if (!template || template.blocks.length === 0) return null;
  let state = states.get(key);
  if (!state) {
    state = buildTemplateState(template.blocks);
    states.set(key, state);
  }
  return state;
}
