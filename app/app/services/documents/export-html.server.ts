import { escapeHtml } from "@nuri/collab";
import {
  absoluteUrl,
  type Block,
  type ExportSource,
  type Inline,
  imagePlaceholder,
} from "./document-model.ts";

// A standalone HTML file: every text and attribute escaped, only the elements written here,
// the document's images embedded as data: URLs, and a Content-Security-Policy that lets the
// file run no script and load nothing but images, whatever a browser makes of it.

const STYLE = `
body { font-family: "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif; line-height: 1.6;
  color: #1b1f24; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; word-break: keep-all; overflow-wrap: anywhere; }
header { border-bottom: 2px solid #1b1f24; margin-bottom: 1.5rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #6b7280; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
.metadata th { background: #f1f3f5; }
pre { background: #f1f3f5; padding: 0.75rem; overflow-x: auto; white-space: pre-wrap; }
blockquote { border-left: 4px solid #c2c8d0; margin-left: 0; padding-left: 1rem; color: #3d4450; }
img { max-width: 100%; height: auto; }
ul.task-list { list-style: none; padding-left: 1.25rem; }
mark { background: #fff3a3; }
`.trim();

/** The document as one HTML file. */
export function renderHtml(source: ExportSource): string {
  const lang = source.lang === "en" ? "en" : "ko";
  const metadata =
    source.metadata.length > 0
      ? `<table class="metadata"><caption>${escapeHtml(source.labels.metadata)}</caption><tbody>${source.metadata
          .map(
            (entry) =>
              `<tr><th scope="row">${escapeHtml(entry.label)}</th><td>${escapeHtml(entry.value)}</td></tr>`,
          )
          .join("")}</tbody></table>`
      : "";
  return [
    "<!doctype html>",
    `<html lang="${lang}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: https:; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(source.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<header><h1>${escapeHtml(source.title)}</h1>${metadata}</header>`,
    `<main>${renderBlocks(source.blocks, source)}</main>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function renderBlocks(blocks: readonly Block[], source: ExportSource): string {
  return blocks.map((block) => renderBlock(block, source)).join("\n");
}

function renderBlock(block: Block, source: ExportSource): string {
  switch (block.type) {
    case "heading":
      return `<h${block.level}>${renderInlines(block.content, source)}</h${block.level}>`;
    case "paragraph":
      return `<p>${renderInlines(block.content, source)}</p>`;
    case "quote":
      return `<blockquote>${renderBlocks(block.blocks, source)}</blockquote>`;
    case "list": {
      const items = block.items
        .map((item) => {
          const box =
            block.style === "task"
              ? `<input type="checkbox" disabled${item.checked ? " checked" : ""}> `
              : "";
          return `<li>${box}${renderBlocks(item.blocks, source)}</li>`;
        })
        .join("");
      if (block.style === "ordered") {
        return `<ol${block.start !== 1 ? ` start="${block.start}"` : ""}>${items}</ol>`;
      }
      return block.style === "task" ? `<ul class="task-list">${items}</ul>` : `<ul>${items}</ul>`;
    }
    case "code": {
      const language = block.language ? ` class="language-${escapeHtml(block.language)}"` : "";
      return `<pre><code${language}>${escapeHtml(block.text)}</code></pre>`;
    }
    case "rule":
      return "<hr>";
    case "image": {
      const embedded = source.images.get(block.src);
      const alt = escapeHtml(block.alt);
      if (embedded) {
        const data = Buffer.from(embedded.data).toString("base64");
        return `<p><img src="data:${embedded.contentType};base64,${data}" alt="${alt}" width="${embedded.width}" height="${embedded.height}"></p>`;
      }
      if (/^https:\/\//i.test(block.src)) return `<p><img src="${escapeHtml(block.src)}" alt="${alt}"></p>`;
      return `<p>${escapeHtml(imagePlaceholder(source, block.alt))}</p>`;
    }
    case "table": {
      const rows = block.rows.map((row, index) => {
        const cells = row.map((cell) => {
          const tag = cell.header ? "th" : "td";
          const scope = cell.header && index === 0 ? ' scope="col"' : "";
          const spans =
            (cell.colspan > 1 ? ` colspan="${cell.colspan}"` : "") +
            (cell.rowspan > 1 ? ` rowspan="${cell.rowspan}"` : "");
          return `<${tag}${scope}${spans}>${renderBlocks(cell.blocks, source)}</${tag}>`;
        });
        return `<tr>${cells.join("")}</tr>`;
      });
      return `<table><tbody>${rows.join("")}</tbody></table>`;
    }
  }
}

// Marks' elements, outermost first.
const MARK_TAGS: [
  "bold" | "italic" | "underline" | "strike" | "highlight" | "subscript" | "superscript" | "code",
  string,
][] = [
  ["bold", "strong"],
  ["italic", "em"],
  ["underline", "u"],
  ["strike", "s"],
  ["highlight", "mark"],
  ["subscript", "sub"],
  ["superscript", "sup"],
  ["code", "code"],
];

function renderInlines(content: readonly Inline[], source: ExportSource): string {
  return content
    .map((inline) => {
      if (inline.type === "break") return "<br>";
      let open = "";
      let close = "";
      if (inline.marks.link) {
        const href = absoluteUrl(inline.marks.link, source.origin);
        open += `<a href="${escapeHtml(href)}" rel="noopener noreferrer">`;
        close = "</a>";
      }
      for (const [mark, tag] of MARK_TAGS) {
        if (!inline.marks[mark]) continue;
        open += `<${tag}>`;
        close = `</${tag}>${close}`;
      }
      return open + escapeHtml(inline.text) + close;
    })
    .join("");
}
