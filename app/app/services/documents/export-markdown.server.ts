import {
  absoluteUrl,
  type Block,
  type ExportSource,
  type Inline,
  imagePlaceholder,
  type Marks,
} from "./document-model.ts";

// Markdown (CommonMark with GitHub's tables, task lists and strikethrough). Every character of
// the document's text that Markdown would read as syntax is escaped; marks Markdown has no
// syntax for (underline, highlight, sub- and superscript) are written as their HTML elements.
// The document's images are embedded as data: URLs, so the file stands alone.

/** The document as a Markdown file (ends with a line break). */
export function renderMarkdown(source: ExportSource): string {
  const head = [`# ${escapeLineStart(escapeText(source.title))}`];
  if (source.metadata.length > 0) {
    head.push(
      [
        `| ${source.metadata.map((entry) => escapeCell(escapeText(entry.label))).join(" | ")} |`,
        `| ${source.metadata.map(() => "---").join(" | ")} |`,
        `| ${source.metadata.map((entry) => escapeCell(escapeText(entry.value))).join(" | ")} |`,
      ].join("\n"),
    );
  }
  const body = renderBlocks(source.blocks, source);
  return `${[...head, ...body].join("\n\n")}\n`;
}

function renderBlocks(blocks: readonly Block[], source: ExportSource): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    const rendered = renderBlock(block, source);
    if (rendered !== "") out.push(rendered);
  }
  return out;
}

function renderBlock(block: Block, source: ExportSource): string {
  switch (block.type) {
    case "heading": {
      const text = renderInlines(block.content, source);
      // A heading is one line: its line breaks become spaces.
      return text ? `${"#".repeat(block.level)} ${text.replaceAll("\\\n", " ")}` : "";
    }
    case "paragraph":
      return renderInlines(block.content, source);
    case "quote":
      return renderBlocks(block.blocks, source)
        .join("\n\n")
        .split("\n")
        .map((line) => (line ? `> ${line}` : ">"))
        .join("\n");
    case "list":
      return block.items
        .map((item, index) => {
          const marker =
            block.style === "ordered"
              ? `${block.start + index}. `
              : block.style === "task"
                ? `- [${item.checked ? "x" : " "}] `
                : "- ";
          const indent = " ".repeat(block.style === "task" ? 2 : marker.length);
          const lines = renderBlocks(item.blocks, source).join("\n\n").split("\n");
          return lines.map((line, i) => (i === 0 ? marker + line : line ? indent + line : "")).join("\n");
        })
        .join("\n");
    case "code": {
      const longest = Math.max(0, ...[...block.text.matchAll(/`+/g)].map((match) => match[0].length));
      const fence = "`".repeat(Math.max(3, longest + 1));
      return `${fence}${block.language ?? ""}\n${block.text}\n${fence}`;
    }
    case "rule":
      return "---";
    case "image": {
      const embedded = source.images.get(block.src);
      const alt = escapeText(block.alt);
      if (embedded) {
        return `![${alt}](data:${embedded.contentType};base64,${Buffer.from(embedded.data).toString("base64")})`;
      }
      if (/^https?:\/\//i.test(block.src)) return `![${alt}](<${escapeDestination(block.src)}>)`;
      return escapeLineStart(escapeText(imagePlaceholder(source, block.alt)));
    }
    case "table": {
      const width = Math.max(...block.rows.map((row) => row.reduce((sum, cell) => sum + cell.colspan, 0)));
      const rows = block.rows.map((row) => {
        const cells: string[] = [];
        for (const cell of row) {
          cells.push(escapeCell(cellText(cell.blocks, source)));
          for (let i = 1; i < cell.colspan; i++) cells.push("");
        }
        while (cells.length < width) cells.push("");
        return `| ${cells.join(" | ")} |`;
      });
      rows.splice(1, 0, `| ${Array.from({ length: width }, () => "---").join(" | ")} |`);
      return rows.join("\n");
    }
  }
}

/** A table cell holds one line: its blocks' text joined by <br>. */
function cellText(blocks: readonly Block[], source: ExportSource): string {
  return renderBlocks(blocks, source)
    .map((text) => text.replaceAll("\\\n", "<br>").replaceAll("\n", " "))
    .join("<br>");
}

// Marks that open and close with the same delimiter, outermost first; code is innermost and
// written as a code span.
const DELIMITED: [keyof Marks, string, string][] = [
  ["bold", "**", "**"],
  ["italic", "*", "*"],
  ["strike", "~~", "~~"],
  ["underline", "<u>", "</u>"],
  ["highlight", "<mark>", "</mark>"],
  ["subscript", "<sub>", "</sub>"],
  ["superscript", "<sup>", "</sup>"],
];

/**
 * A paragraph's runs with their marks. Marks are kept open across runs that share them (so a
 * bold run with an italic word inside reads `**a *b* c**`, not `**a****b**`), and delimiters
 * never touch whitespace, which CommonMark would not read as emphasis.
 */
function renderInlines(content: readonly Inline[], source: ExportSource): string {
  let out = "";
  const open: { key: string; close: string }[] = [];
  let pendingSpace = "";
  const closeTo = (depth: number) => {
    while (open.length > depth) out += open.pop()!.close;
  };
  for (const inline of content) {
    if (inline.type === "break") {
      closeTo(0);
      out += `${pendingSpace}\\\n`;
      pendingSpace = "";
      continue;
    }
    const [, leading = "", core = "", trailing = ""] = /^(\s*)([\s\S]*?)(\s*)$/.exec(inline.text) ?? [];
    if (core === "") {
      pendingSpace += inline.text;
      continue;
    }
    const wanted = wantedMarks(inline.marks, source);
    let keep = 0;
    while (keep < open.length && keep < wanted.length && open[keep]!.key === wanted[keep]!.key) keep++;
    closeTo(keep);
    out += pendingSpace + leading;
    pendingSpace = trailing;
    for (const mark of wanted.slice(keep)) {
      out += mark.open;
      open.push(mark);
    }
    out += inline.marks.code ? codeSpan(core) : escapeText(core);
  }
  closeTo(0);
  out += pendingSpace;
  return out
    .split("\n")
    .map((line) => escapeLineStart(line.trimStart()))
    .join("\n")
    .trimEnd()
    .replace(/\\$/, "");
}

function wantedMarks(marks: Marks, source: ExportSource): { key: string; open: string; close: string }[] {
  const wanted: { key: string; open: string; close: string }[] = [];
  if (marks.link) {
    const href = absoluteUrl(marks.link, source.origin);
    wanted.push({ key: `link:${href}`, open: "[", close: `](<${escapeDestination(href)}>)` });
  }
  for (const [name, open, close] of DELIMITED) {
    if (marks[name]) wanted.push({ key: name, open, close });
  }
  return wanted;
}

/** A code span whose fence is longer than any run of backticks inside it. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replaceAll("\n", " ")}${pad}${fence}`;
}

/** Backslash-escapes every character that is Markdown syntax anywhere in a line. */
export function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, "\\$&").replace(/&(?=#?[A-Za-z0-9]+;)/g, "\\&");
}

/** Characters that are syntax only at the start of a line: headings, lists, quotes, rules. */
function escapeLineStart(line: string): string {
  return line.replace(/^([#+=-])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}

function escapeCell(text: string): string {
  return text.replaceAll("\n", " ");
}

/** A link destination inside <…>: no line breaks, and `<` `>` escaped. */
function escapeDestination(url: string): string {
  return url.replace(/[\n\r]/g, "").replace(/[<>\\]/g, "\\$&");
}
