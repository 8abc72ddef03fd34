import { BODY } from "@nuri/collab";
import * as Y from "yjs";

// One model of a document's body for every export (PDF, DOCX, Markdown, HTML): the Y.Doc's
// "default" XmlFragment, as Tiptap's Collaboration extension (y-prosemirror) stores it, read
// into plain blocks. Pure: no database, no DOM, no clock. The exporters render these blocks
// and never look at Yjs, so the four formats agree on what the document says.

/** The marks of a run of text; `link` is a safe URL (http(s), mailto or a same-site path). */
export interface Marks {
  bold?: true;
  italic?: true;
  underline?: true;
  strike?: true;
  code?: true;
  highlight?: true;
  subscript?: true;
  superscript?: true;
  link?: string;
}

export type Inline = { type: "text"; text: string; marks: Marks } | { type: "break" };

export interface ListItem {
  /** A task item's state; null in bullet and ordered lists. */
  checked: boolean | null;
  blocks: Block[];
}

export interface TableCell {
  header: boolean;
  colspan: number;
  rowspan: number;
  blocks: Block[];
}

export type Block =
  | { type: "heading"; level: 1 | 2 | 3 | 4 | 5 | 6; content: Inline[] }
  | { type: "paragraph"; content: Inline[] }
  | { type: "quote"; blocks: Block[] }
  | { type: "list"; style: "bullet" | "ordered" | "task"; start: number; items: ListItem[] }
  | { type: "table"; rows: TableCell[][] }
  /** `src` is a safe URL, or "" when the stored one was not (the image is shown by its alt text). */
  | { type: "image"; src: string; alt: string }
  | { type: "rule" }
  | { type: "code"; language: string | null; text: string };

/**
 * Nesting deeper than this (lists in lists in tables …) is read as the plain text of the rest,
 * one paragraph: Yjs stores any depth, and the exporters recurse over the blocks.
 */
export const MAX_MODEL_DEPTH = 24;

const MARK_NAMES = [
  "bold",
  "italic",
  "underline",
  "strike",
  "code",
  "highlight",
  "subscript",
  "superscript",
] as const;

type Child = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** Reads a document's body into blocks. Unknown nodes keep their text; unknown marks are dropped. */
export function readDocumentModel(doc: Y.Doc): Block[] {
  return readBlocks(doc.getXmlFragment(BODY).toArray(), 0);
}

function readBlocks(children: readonly Child[], depth: number): Block[] {
  const blocks: Block[] = [];
  // Text directly inside a block container (an unknown node's) is gathered into a paragraph.
  let loose: Child[] = [];
  const flushLoose = () => {
    if (loose.length > 0) blocks.push(...textBlocks("paragraph", loose, depth));
    loose = [];
  };
  for (const child of children) {
    if (child instanceof Y.XmlText || (child instanceof Y.XmlElement && child.nodeName === "hardBreak")) {
      loose.push(child);
      continue;
    }
    flushLoose();
    if (child instanceof Y.XmlElement) blocks.push(...readBlock(child, depth));
  }
  flushLoose();
  return blocks;
}

function readBlock(node: Y.XmlElement, depth: number): Block[] {
  if (depth >= MAX_MODEL_DEPTH) {
    const text = flattenText(node);
    return text ? [{ type: "paragraph", content: [{ type: "text", text, marks: {} }] }] : [];
  }
  const attributes = node.getAttributes() as Record<string, unknown>;
  const children = node.toArray() as Child[];
  switch (node.nodeName) {
    case "paragraph":
      return textBlocks("paragraph", children, depth);
    case "heading":
      return textBlocks("heading", children, depth, headingLevel(attributes.level));
    case "blockquote":
      return [{ type: "quote", blocks: readBlocks(children, depth + 1) }];
    case "bulletList":
    case "orderedList":
    case "taskList": {
      const style =
        node.nodeName === "bulletList" ? "bullet" : node.nodeName === "orderedList" ? "ordered" : "task";
      const items: ListItem[] = [];
      for (const child of children) {
        const isItem = child instanceof Y.XmlElement && /^(listItem|taskItem)$/.test(child.nodeName);
        const itemChildren = isItem ? (child.toArray() as Child[]) : [child];
        const checked =
          style === "task"
            ? isItem && ((child as Y.XmlElement).getAttributes() as Record<string, unknown>).checked === true
            : null;
        items.push({ checked, blocks: readBlocks(itemChildren, depth + 1) });
      }
      return items.length > 0
        ? [{ type: "list", style, start: style === "ordered" ? listStart(attributes.start) : 1, items }]
        : [];
    }
    case "codeBlock":
      return [{ type: "code", language: codeLanguage(attributes.language), text: flattenText(node, false) }];
    case "horizontalRule":
      return [{ type: "rule" }];
    case "image":
      return [imageBlock(attributes)];
    case "table": {
      const rows: TableCell[][] = [];
      for (const row of children) {
        if (!(row instanceof Y.XmlElement)) continue;
        const cells: TableCell[] = [];
        const rowChildren = row.nodeName === "tableRow" ? (row.toArray() as Child[]) : [row];
        for (const cell of rowChildren) {
          const isCell = cell instanceof Y.XmlElement && /^(tableCell|tableHeader)$/.test(cell.nodeName);
          const cellAttributes = isCell ? (cell.getAttributes() as Record<string, unknown>) : {};
          cells.push({
            header: isCell && cell.nodeName === "tableHeader",
            colspan: span(cellAttributes.colspan),
            rowspan: span(cellAttributes.rowspan),
            blocks: readBlocks(isCell ? (cell.toArray() as Child[]) : [cell], depth + 1),
          });
        }
        if (cells.length > 0) rows.push(cells);
      }
      return rows.length > 0 ? [{ type: "table", rows }] : [];
    }
    case "hardBreak":
      return [];
    default:
      // An unknown node (a later editor's, or a hostile client's): its content, without its markup.
      return readBlocks(children, depth + 1);
  }
}

/**
 * A paragraph or heading from its inline children. An image inside the text (Tiptap's image
 * may be inline) splits the text: the model's images are blocks.
 */
function textBlocks(
  type: "paragraph" | "heading",
  children: readonly Child[],
  depth: number,
  level: 1 | 2 | 3 | 4 | 5 | 6 = 2,
): Block[] {
  const blocks: Block[] = [];
  let content: Inline[] = [];
  const flush = (force: boolean) => {
    const merged = mergeRuns(content);
    if (merged.length > 0 || force) {
      blocks.push(type === "heading" ? { type, level, content: merged } : { type, content: merged });
    }
    content = [];
  };
  for (const child of children) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert === "string" && op.insert.length > 0) {
          content.push({ type: "text", text: op.insert, marks: readMarks(op.attributes ?? {}) });
        }
      }
    } else if (child instanceof Y.XmlElement) {
      if (child.nodeName === "hardBreak") content.push({ type: "break" });
      else if (child.nodeName === "image") {
        flush(false);
        blocks.push(imageBlock(child.getAttributes() as Record<string, unknown>));
      } else if (depth + 1 >= MAX_MODEL_DEPTH) {
        const text = flattenText(child);
        if (text) content.push({ type: "text", text, marks: {} });
      } else {
        // an unknown inline node: its text, unmarked
        for (const block of readBlocks(child.toArray() as Child[], depth + 1)) {
          if (block.type === "paragraph" || block.type === "heading") content.push(...block.content);
        }
      }
    }
  }
  // An empty paragraph is kept (it is a blank line the author made); an empty heading too.
  flush(blocks.length === 0);
  return blocks;
}

/** Adjacent text runs with the same marks become one; empty runs go. */
function mergeRuns(content: Inline[]): Inline[] {
  const merged: Inline[] = [];
  for (const inline of content) {
    const last = merged.at(-1);
    if (inline.type === "text" && last?.type === "text" && sameMarks(last.marks, inline.marks)) {
      merged[merged.length - 1] = { ...last, text: last.text + inline.text };
    } else if (inline.type === "break" || inline.text.length > 0) {
      merged.push(inline);
    }
  }
  return merged;
}

function sameMarks(a: Marks, b: Marks): boolean {
  return MARK_NAMES.every((name) => a[name] === b[name]) && a.link === b.link;
}

function readMarks(attributes: Record<string, unknown>): Marks {
  const marks: Marks = {};
  for (const [key, value] of Object.entries(attributes)) {
    const name = markName(key);
    if (name === "link") {
      const href = safeUrl((value as { href?: unknown } | null)?.href, false);
      if (href !== null) marks.link = href;
    } else if ((MARK_NAMES as readonly string[]).includes(name)) {
      marks[name as (typeof MARK_NAMES)[number]] = true;
    }
  }
  return marks;
}

/** y-prosemirror keys a mark that may overlap itself as `name--<8 characters of base64>`. */
function markName(key: string): string {
  return /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key;
}

function imageBlock(attributes: Record<string, unknown>): Block {
  const alt = typeof attributes.alt === "string" ? attributes.alt.slice(0, 500) : "";
  return { type: "image", src: safeUrl(attributes.src, true) ?? "", alt };
}

/**
 * The text of a node and everything under it, without recursion (any depth). Blocks end a
 * line when `lines` is set; a code block's text keeps its own line breaks.
 */
function flattenText(node: Y.XmlElement, lines = true): string {
  const parts: string[] = [];
  const stack: (Child | string)[] = [node];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next === "string") parts.push(next);
    else if (next instanceof Y.XmlText) {
      for (const op of next.toDelta() as { insert: unknown }[]) {
        if (typeof op.insert === "string") parts.push(op.insert);
      }
    } else if (next instanceof Y.XmlElement) {
      if (next.nodeName === "hardBreak") {
        parts.push("\n");
        continue;
      }
      const children = next.toArray() as Child[];
      if (lines && next !== node && parts.length > 0) stack.push(" ");
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return parts.join("").replace(/ +\n/g, "\n").trim();
}

/** A link's or image's URL when it is safe to keep: http(s) (and mailto for links) or same-site. */
export function safeUrl(value: unknown, image: boolean): string | null {
  if (typeof value !== "string" || value.length > 2048) return null;
  // Browsers drop tabs and line breaks anywhere in a URL and read a backslash as `/`, so
  // `/\evil.example` and `/<tab>/evil.example` are protocol-relative: not same-site.
  const trimmed = value.replace(/[\t\n\r]/g, "").trim();
  if (/^\/(?![/\\])/.test(trimmed)) return trimmed;
  const schemes = image ? /^https?:\/\//i : /^(https?:\/\/|mailto:)/i;
  return schemes.test(trimmed) ? trimmed : null;
}

function headingLevel(value: unknown): 1 | 2 | 3 | 4 | 5 | 6 {
  const level = Number(value);
  return Number.isInteger(level) && level >= 1 && level <= 6 ? (level as 1 | 2 | 3 | 4 | 5 | 6) : 2;
}

function listStart(value: unknown): number {
  const start = Number(value);
  return Number.isInteger(start) && start >= 0 && start < 1e6 ? start : 1;
}

function span(value: unknown): number {
  const number = Number(value);
  return Number.isInteger(number) && number > 1 && number <= 100 ? number : 1;
}

function codeLanguage(value: unknown): string | null {
  return typeof value === "string" && /^[A-Za-z0-9_+#.-]{1,40}$/.test(value) ? value : null;
}

/** The plain text of a run of inlines (a line break is "\n"). */
export function inlineText(content: readonly Inline[]): string {
  return content.map((inline) => (inline.type === "text" ? inline.text : "\n")).join("");
}

/** The plain text of a block list (for formats that cannot nest a block in a table cell). */
export function plainTextOf(blocks: readonly Block[]): string {
  return blocks
    .map(blockText)
    .filter((text) => text !== "")
    .join("\n");
}

function blockText(block: Block): string {
  switch (block.type) {
    case "heading":
    case "paragraph":
      return inlineText(block.content);
    case "quote":
      return plainTextOf(block.blocks);
    case "list":
      return block.items.map((item) => plainTextOf(item.blocks)).join("\n");
    case "table":
      return block.rows.map((row) => row.map((cell) => plainTextOf(cell.blocks)).join(" ")).join("\n");
    case "code":
      return block.text;
    case "image":
      return block.alt;
    case "rule":
      return "";
  }
}

/** Every image of the blocks, in reading order. */
export function imagesOf(blocks: readonly Block[]): Extract<Block, { type: "image" }>[] {
  const found: Extract<Block, { type: "image" }>[] = [];
  const visit = (list: readonly Block[]) => {
    for (const block of list) {
      if (block.type === "image") found.push(block);
      else if (block.type === "quote") visit(block.blocks);
      else if (block.type === "list") for (const item of block.items) visit(item.blocks);
      else if (block.type === "table")
        for (const row of block.rows) for (const cell of row) visit(cell.blocks);
    }
  };
  visit(blocks);
  return found;
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** The path under which a document's images are served. */
export function documentImagePath(tenantSlug: string, documentId: string, imageId: string): string {
  return `/t/${tenantSlug}/documents/${documentId}/images/${imageId}`;
}

/**
 * The id of an image uploaded into this very document, from its `src`; null for anything else
 * (another document's image, an outside URL): exports embed only the document's own images.
 */
export function ownImageId(src: string, tenantSlug: string, documentId: string): string | null {
  const prefix = documentImagePath(tenantSlug, documentId, "");
  if (!src.startsWith(prefix)) return null;
  const rest = src.slice(prefix.length);
  return new RegExp(`^${UUID}$`).test(rest) ? rest : null;
}

/** An image the exporter read (through row-level security) and embeds. */
export interface EmbeddedImage {
  contentType: "image/png" | "image/jpeg" | "image/gif" | "image/webp";
  data: Uint8Array;
  width: number;
  height: number;
}

/** What every exporter renders: the document's head (title, records metadata) and body. */
export interface ExportSource {
  title: string;
  lang: "ko" | "en";
  /** The records metadata of the head, in order (공개구분, 보존기간, …), already in words. */
  metadata: { label: string; value: string }[];
  blocks: Block[];
  /** The document's own images, by their `src`. */
  images: ReadonlyMap<string, EmbeddedImage>;
  /** The app's origin: same-site links become absolute in a file read elsewhere. */
  origin: string;
  labels: {
    /** Stands for an image that is not embedded: `{alt}` is its alternative text. */
    image: string;
    /** The caption of the metadata table. */
    metadata: string;
  };
}

/** A link's URL as it must read in an exported file: same-site paths made absolute. */
export function absoluteUrl(url: string, origin: string): string {
  return url.startsWith("/") ? `${origin}${url}` : url;
}

/** The words standing for an image that is not embedded. */
export function imagePlaceholder(source: ExportSource, alt: string): string {
  return source.labels.image.replace("{alt}", alt);
}
