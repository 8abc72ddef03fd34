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
  /** The element's attributes (escaped); null leaves the element out (an image without a safe URL). */
  attrs?: (attributes: Record<string, unknown>) => string | null;
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
      return src === null ? null : ` src="${escapeHtml(src)}" alt="${escapeHtml(stringAttr(a.alt))}"`;
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
 * same-site URLs (an image without one is dropped). Each form is cut at MAX_PROJECTION_CHARS;
 * the HTML is cut between elements or inside a text, never inside a tag or an entity, and its
 * open elements are closed. Pure: no database, no DOM; walks without recursion, so any depth
 * of nesting is projected.
 */
export function projectDocument(doc: Y.Doc): Projection {
  const fragment = doc.getXmlFragment(BODY);
  const text = new TextWriter(MAX_PROJECTION_CHARS);
  const html = new HtmlWriter(MAX_PROJECTION_CHARS);
  type Child = Y.XmlElement | Y.XmlText | Y.XmlHook;
  // Nodes still to visit (last first), and the closing steps of the elements being visited.
  const stack: (Child | (() => void))[] = fragment.toArray().reverse();
  while (stack.length > 0 && !(text.full && html.full)) {
    const node = stack.pop()!;
    if (typeof node === "function") {
      node();
      continue;
    }
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert !== "string") continue;
        text.add(op.insert);
        const [open, close] = markTags(op.attributes ?? {});
        html.text(open, op.insert, close);
      }
      continue;
    }
    if (!(node instanceof Y.XmlElement)) continue;
    const spec = NODES[node.nodeName];
    const attributes = node.getAttributes() as Record<string, unknown>;
    if (spec?.block || node.nodeName === "hardBreak") text.endLine();
    let opened = false;
    if (spec) {
      const tag = spec.tag === "h" ? `h${clampLevel(attributes.level)}` : spec.tag;
      const attrs = spec.attrs ? spec.attrs(attributes) : "";
      if (attrs !== null) {
        if (spec.void) html.element(`<${tag}${attrs}>`);
        else if (tag === "pre") opened = html.open(`<pre${attrs}><code>`, "</code></pre>");
        else opened = html.open(`<${tag}${attrs}>`, `</${tag}>`);
      }
    }
    stack.push(() => {
      if (opened) html.close();
      if (spec?.block) text.endLine();
    });
    if (!spec?.void) {
      const children = node.toArray();
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return { text: text.finish(), html: html.finish() };
}

/** The plain text, one line per block, cut at `max` characters. */
class TextWriter {
  readonly #lines: string[] = [];
  readonly #current: string[] = [];
  #length = 0;
  full = false;

  constructor(readonly max: number) {}

  add(text: string): void {
    if (this.full) return;
    this.#current.push(text);
    this.#length += text.length;
    if (this.#length > this.max) this.full = true;
  }

  endLine(): void {
    if (this.#current.length === 0) return;
    this.#lines.push(this.#current.join(""));
    this.#current.length = 0;
    this.#length += 1; // the line break
    if (this.#length > this.max) this.full = true;
  }

  finish(): string {
    this.endLine();
    return cut(this.#lines.join("\n"), this.max);
  }
}

/**
 * The HTML, at most `max` characters including the closing tags of the elements still open:
 * what does not fit is left out whole (an element) or cut (a text), and nothing after it is
 * written, so the result is always well-formed.
 */
class HtmlWriter {
  readonly #parts: string[] = [];
  readonly #closing: string[] = [];
  #length = 0;
  #closingLength = 0;
  full = false;

  constructor(readonly max: number) {}

  #fits(chars: number): boolean {
    if (this.full) return false;
    if (this.#length + this.#closingLength + chars <= this.max) return true;
    this.full = true;
    return false;
  }

  #write(part: string): void {
    this.#parts.push(part);
    this.#length += part.length;
  }

  /** Opens an element; false (and nothing written) when it does not fit. */
  open(start: string, end: string): boolean {
    if (!this.#fits(start.length + end.length)) return false;
    this.#write(start);
    this.#closing.push(end);
    this.#closingLength += end.length;
    return true;
  }

  /** Closes the element opened last. */
  close(): void {
    const end = this.#closing.pop()!;
    this.#closingLength -= end.length;
    this.#write(end);
  }

  /** A void element, written whole or not at all. */
  element(tag: string): void {
    if (this.#fits(tag.length)) this.#write(tag);
  }

  /** Escaped text inside its marks' tags; as much of the text as fits. */
  text(open: string, text: string, close: string): void {
    if (!this.#fits(open.length + close.length + 1)) return;
    const room = this.max - this.#length - this.#closingLength - open.length - close.length;
    let escaped = escapeHtml(text);
    if (escaped.length > room) {
      escaped = "";
      for (const char of text) {
        const piece = escapeHtml(char);
        if (escaped.length + piece.length > room) break;
        escaped += piece;
      }
      this.full = true;
    }
    if (escaped.length > 0) this.#write(open + escaped + close);
  }

  finish(): string {
    while (this.#closing.length > 0) this.close();
    return this.#parts.join("");
  }
}

/** The first `max` characters, without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** The opening and closing tags of a text's marks, outermost first (links outside). */
function markTags(attributes: Record<string, unknown>): [string, string] {
  const present = new Map<string, Record<string, unknown>>();
  for (const [key, value] of Object.entries(attributes)) {
    present.set(markName(key), (value ?? {}) as Record<string, unknown>);
  }
  let open = "";
  let close = "";
  for (const [mark, tag] of MARKS) {
    const value = present.get(mark);
    if (!value) continue;
    if (mark === "link") {
      const href = safeUrl(value.href, false);
      if (href === null) continue;
      open += `<a href="${escapeHtml(href)}" rel="noopener noreferrer nofollow">`;
    } else {
      open += `<${tag}>`;
    }
    close = `</${tag}>${close}`;
  }
  return [open, close];
}

/** y-prosemirror keys a mark that may overlap itself as `name--<8 characters of base64>`. */
function markName(key: string): string {
  return /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key;
}

function safeUrl(value: unknown, image: boolean): string | null {
  if (typeof value !== "string" || value.length > 2048) return null;
  // Browsers drop tabs and line breaks anywhere in a URL and read a backslash as `/`, so
  // `/\evil.example` and `/<tab>/evil.example` are protocol-relative: not same-site.
  const trimmed = value.replace(/[\t\n\r]/g, "").trim();
  if (/^\/(?![/\\])/.test(trimmed)) return trimmed;
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
