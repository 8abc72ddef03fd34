import * as Y from "yjs";
import { BODY } from "./body.ts";

/** The longest projection kept, in characters of each form; a longer body is cut there. */
export const MAX_PROJECTION_CHARS = 1_000_000;

export interface Projection {
  /** The body as plain text, one line per block: what search indexes and previews show. */
  text: string;
  /** The body as safe HTML (escaped text, allow-listed elements and link schemes). */
  html: string;
}

interface Node {
  tag: string;
  attrs?: (attributes: Record<string, unknown>) => string;
  /** Void elements have no children and no closing tag. */
  void?: boolean;
  /** Blocks end a line of the plain text. */
  block?: boolean;
}

// Tiptap's node names (as y-prosemirror stores them) and their HTML.
const NODES: Record<string, Node> = {
  paragraph: { tag: "p", block: true },
  heading: { tag: "h", block: true },
  blockquote: { tag: "blockquote", block: true },
  bulletList: { tag: "ul", block: true },
  orderedList: { tag: "ol", block: true, attrs: (a) => positiveAttr("start", a.start) },
  listItem: { tag: "li", block: true },
  taskList: { tag: "ul", block: true, attrs: () => ' data-type="taskList"' },
  taskItem: {
    tag: "li",
    block: true,
    attrs: (a) => ` data-type="taskItem" data-checked="${a.checked === true ? "true" : "false"}"`,
  },
  codeBlock: { tag: "pre", block: true },
  horizontalRule: { tag: "hr", void: true, block: true },
  hardBreak: { tag: "br", void: true },
  image: {
    tag: "img",
    void: true,
    attrs: (a) => {
      const src = safeUrl(a.src, true);
      return src === null ? "" : ` src="${escapeHtml(src)}" alt="${escapeHtml(stringAttr(a.alt))}"`;
    },
  },
  table: { tag: "table", block: true },
  tableRow: { tag: "tr", block: true },
  tableCell: { tag: "td", attrs: spanAttrs },
  tableHeader: { tag: "th", attrs: spanAttrs },
};

// Marks, in the order they nest; y-prosemirror keys overlapping marks as `name--<hash>`.
const MARKS: [string, string][] = [
  ["link", "a"],
  ["bold", "strong"],
  ["italic", "em"],
  ["underline", "u"],
  ["strike", "s"],
  ["code", "code"],
  ["highlight", "mark"],
  ["subscript", "sub"],
  ["superscript", "sup"],
];

/**
 * Projects a document's body to plain text and HTML. Unknown nodes keep their text and lose
 * their markup; unknown marks are dropped; links and images keep only http(s), mailto and
 * same-site URLs. Pure: no database, no DOM.
 */
export function projectDocument(doc: Y.Doc): Projection {
  const fragment = doc.getXmlFragment(BODY);
  const lines: string[] = [];
  const current: string[] = [];
  const html: string[] = [];
  const endLine = () => {
    if (current.length > 0) lines.push(current.join(""));
    current.length = 0;
  };
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook) => {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert !== "string") continue;
        current.push(op.insert);
        html.push(markedText(op.insert, op.attributes ?? {}));
      }
      return;
    }
    if (!(node instanceof Y.XmlElement)) return;
    const spec = NODES[node.nodeName];
    const attributes = node.getAttributes() as Record<string, unknown>;
    let tag = spec?.tag;
    if (tag === "h") tag = `h${clampLevel(attributes.level)}`;
    if (spec?.block) endLine();
    if (node.nodeName === "hardBreak") {
      endLine();
    }
    if (tag) html.push(`<${tag}${spec?.attrs?.(attributes) ?? ""}>`);
    if (tag === "pre") html.push("<code>");
    if (!spec?.void) for (const child of node.toArray()) walk(child);
    if (tag === "pre") html.push("</code>");
    if (tag && !spec?.void) html.push(`</${tag}>`);
    if (spec?.block) endLine();
  };
  for (const child of fragment.toArray()) walk(child);
  endLine();
  return {
    text: lines.join("\n").slice(0, MAX_PROJECTION_CHARS),
    html: html.join("").slice(0, MAX_PROJECTION_CHARS),
  };
}

function markedText(text: string, attributes: Record<string, unknown>): string {
  let out = escapeHtml(text);
  const present = new Map<string, Record<string, unknown>>();
  for (const [key, value] of Object.entries(attributes)) {
    present.set(key.split("--")[0]!, (value ?? {}) as Record<string, unknown>);
  }
  for (const [mark, tag] of [...MARKS].reverse()) {
    const value = present.get(mark);
    if (!value) continue;
    if (mark === "link") {
      const href = safeUrl(value.href, false);
      if (href === null) continue;
      out = `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">${out}</a>`;
    } else {
      out = `<${tag}>${out}</${tag}>`;
    }
  }
  return out;
}

function safeUrl(value: unknown, image: boolean): string | null {
  if (typeof value !== "string" || value.length > 2048) return null;
  const trimmed = value.trim();
  if (trimmed.startsWith("/") && !trimmed.startsWith("//")) return trimmed;
  const schemes = image ? /^https?:/i : /^(https?:|mailto:)/i;
  return schemes.test(trimmed) ? trimmed : null;
}

function clampLevel(value: unknown): number {
  const level = Number(value);
  return Number.isInteger(level) && level >= 1 && level <= 6 ? level : 2;
}

function positiveAttr(name: string, value: unknown): string {
  const number = Number(value);
  return Number.isInteger(number) && number > 1 && number < 1e6 ? ` ${name}="${number}"` : "";
}

function spanAttrs(attributes: Record<string, unknown>): string {
  return positiveAttr("colspan", attributes.colspan) + positiveAttr("rowspan", attributes.rowspan);
}

function stringAttr(value: unknown): string {
  return typeof value === "string" ? value.slice(0, 500) : "";
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
