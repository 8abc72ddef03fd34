import { createHash } from "node:crypto";
import { type OfficialDocument, type OfficialSignatureCell, officialDocumentLayout } from "@nuri/approval";
import { escapeHtml } from "@nuri/collab";

// The official document (기안문, 별지 제1호서식) as one standalone HTML page: a table-based form
// of 두문, 본문 and 결문 that prints on A4 with the margins of the 규정 (위 3cm, 왼쪽 2cm,
// 오른쪽 1.5cm, 아래 1.5cm). Its words come from `officialDocumentLayout`, the same pieces as the
// text and the PDF; they are Korean whatever the reader's language, because the document is.
// Every text is escaped. The body is the frozen, allow-listed HTML of the collab projection,
// inserted as it is — after stripping anything active once more, should a bug upstream ever let
// some through — and the page's Content-Security-Policy runs no script at all.

// The signature rows wrap after this many 서명란, so a long line stays legible on A4.
export const SIGNATURE_CELLS_PER_ROW = 6;

const STYLE = `
@page { size: A4; margin: 30mm 15mm 15mm 20mm; }
* { box-sizing: border-box; }
html { background: #e9ecef; }
body { font-family: "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif; color: #000;
  font-size: 11pt; line-height: 1.6; margin: 0; word-break: keep-all; overflow-wrap: anywhere; }
.sheet { width: 210mm; min-height: 297mm; margin: 1rem auto; padding: 30mm 15mm 15mm 20mm; background: #fff; }
table { border-collapse: collapse; width: 100%; }
.form > tbody > tr > th { width: 4.5em; text-align: left; font-weight: 700; vertical-align: top; padding: 0.15rem 0; }
.form > tbody > tr > td { vertical-align: top; padding: 0.15rem 0; }
.agency { text-align: center; font-size: 20pt; font-weight: 700; letter-spacing: 0.1em; padding-bottom: 0.75rem !important; }
.head-end > td { border-bottom: 2px solid #000; height: 0.5rem; }
.title > th, .title > td { border-bottom: 1px solid #000; padding: 0.5rem 0 !important; font-weight: 700; }
.content { padding: 0.75rem 0 !important; }
.content p { margin: 0 0 0.4rem; }
.content table { width: auto; margin: 0.5rem 0; }
.content table th, .content table td { border: 1px solid #555; padding: 0.2rem 0.4rem; }
.content img { max-width: 100%; height: auto; }
.attachments ol { list-style: none; margin: 0; padding: 0; }
.attachments li { white-space: pre-wrap; }
.sender { text-align: center; font-size: 17pt; font-weight: 700; letter-spacing: 0.1em; padding: 1.5rem 0 0.75rem !important; }
.foot-start > td { border-top: 2px solid #000; height: 0.5rem; }
.signatures { table-layout: fixed; margin: 0.25rem 0; }
.signatures th { width: 4.5em; text-align: left; font-weight: 700; border: 1px solid #000; padding: 0.25rem; }
.signatures td { border: 1px solid #000; padding: 0; text-align: center; vertical-align: top; }
.signatures .position { display: block; border-bottom: 1px solid #000; padding: 0.15rem 0.25rem; font-size: 9.5pt; }
.signatures .signature { display: block; min-height: 2.6rem; padding: 0.35rem 0.25rem; }
.dispatch .receipt { margin-left: 2em; }
.contacts td { font-size: 9.5pt; padding: 0.05rem 0 !important; }
@media print { html { background: #fff; } .sheet { width: auto; min-height: 0; margin: 0; padding: 0; } }
`.trim();

/**
 * The Content-Security-Policy the official document is served under when it is viewed in the
 * browser: nothing but its own stylesheet (by hash) and images, no script, no form, not
 * framed, in a sandbox. server.ts leaves the app's own policy off this one route, so this is
 * the whole policy.
 */
export const OFFICIAL_HTML_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "sandbox",
].join("; ");

/** The official document as a complete HTML page (lang="ko", A4 print). */
export function renderOfficialDocumentHtml(doc: OfficialDocument): string {
  const layout = officialDocumentLayout(doc);
  const rows: string[] = [];

  // 두문
  rows.push('<tbody class="head">');
  rows.push(`<tr><td colspan="2" class="agency">${escapeHtml(layout.agencyName)}</td></tr>`);
  rows.push(`<tr class="recipient"><th scope="row">수신</th><td>${escapeHtml(layout.recipient)}</td></tr>`);
  rows.push(`<tr class="via"><th scope="row">(경유)</th><td>${escapeHtml(layout.via)}</td></tr>`);
  rows.push('<tr class="head-end"><td colspan="2"></td></tr>');
  rows.push("</tbody>");

  // 본문
  rows.push('<tbody class="body">');
  rows.push(`<tr class="title"><th scope="row">제목</th><td>${escapeHtml(layout.title)}</td></tr>`);
  rows.push(
    `<tr><td colspan="2" class="content">${bodyWithEndMark(doc.bodyHtml, layout.contentEnds)}</td></tr>`,
  );
  if (layout.attachmentItems.length > 0) {
    const items = layout.attachmentItems.map((item) => `<li>${escapeHtml(item)}</li>`).join("");
    rows.push(`<tr class="attachments"><th scope="row">붙임</th><td><ol>${items}</ol></td></tr>`);
  }
  rows.push("</tbody>");

  // 결문
  rows.push('<tbody class="foot">');
  if (layout.senderTitle !== null) {
    rows.push(`<tr><td colspan="2" class="sender">${escapeHtml(layout.senderTitle)}</td></tr>`);
  }
  if (layout.recipientList !== null) {
    rows.push(
      `<tr class="recipients"><th scope="row">수신자</th><td>${escapeHtml(layout.recipientList)}</td></tr>`,
    );
  }
  rows.push('<tr class="foot-start"><td colspan="2"></td></tr>');
  rows.push(`<tr><td colspan="2">${signatureTables(layout.signers, layout.cooperators)}</td></tr>`);
  rows.push(
    `<tr class="dispatch"><td colspan="2"><span class="enforcement">${escapeHtml(layout.enforcementLine)}</span> ` +
      `<span class="receipt">${escapeHtml(layout.receiptLine)}</span></td></tr>`,
  );
  rows.push(`<tr class="contacts address"><td colspan="2">${escapeHtml(layout.addressLine)}</td></tr>`);
  rows.push(`<tr class="contacts contact"><td colspan="2">${escapeHtml(layout.contactLine)}</td></tr>`);
  rows.push("</tbody>");

  return [
    "<!doctype html>",
    '<html lang="ko">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: https: 'self'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(`${layout.title} (${doc.registrationNumber.trim()})`)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    '<article class="sheet official-document">',
    `<table class="form">`,
    ...rows,
    "</table>",
    "</article>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** The body with "  끝." after its last paragraph, where the layout says the text ends. */
function bodyWithEndMark(bodyHtml: string, contentEnds: boolean): string {
  const body = stripActiveContent(bodyHtml).trim();
  if (!contentEnds) return body;
  // Two no-break spaces: HTML would fold two ordinary ones into one.
  const mark = "&#160;&#160;끝.";
  if (body.endsWith("</p>")) return `${body.slice(0, -"</p>".length)}${mark}</p>`;
  return `${body}<p>끝.</p>`;
}

function signatureTables(
  signers: readonly OfficialSignatureCell[],
  cooperators: readonly OfficialSignatureCell[],
): string {
  const signerRows = chunk(signers, SIGNATURE_CELLS_PER_ROW)
    .map((cells) => `<tr>${cells.map(signatureCell).join("")}${fillers(cells.length)}</tr>`)
    .join("");
  // The first column holds the "협조자" label; an empty row still shows it, as the form does.
  const cooperatorChunks = chunk(cooperators, SIGNATURE_CELLS_PER_ROW - 1);
  const cooperatorCells: OfficialSignatureCell[][] = cooperatorChunks.length === 0 ? [[]] : cooperatorChunks;
  const cooperatorRows = cooperatorCells
    .map((cells, index) => {
      const label =
        index === 0 ? `<th scope="row" rowspan="${Math.max(1, cooperatorChunks.length)}">협조자</th>` : "";
      return `<tr>${label}${cells.map(signatureCell).join("")}${fillers(cells.length + 1)}</tr>`;
    })
    .join("");
  return (
    `<table class="signatures signers"><tbody>${signerRows}</tbody></table>` +
    `<table class="signatures cooperators"><tbody>${cooperatorRows}</tbody></table>`
  );
}

function signatureCell(cell: OfficialSignatureCell): string {
  const mark = cell.markLabel === null ? "" : `<span class="mark">${escapeHtml(cell.markLabel)}</span>`;
  const name = cell.name === null ? "" : `<span class="name">${escapeHtml(cell.name)}</span>`;
  return (
    `<td class="signer" data-role="${cell.role}" data-mark="${cell.mark}">` +
    `<span class="position">${escapeHtml(cell.position)}</span> ` +
    `<span class="signature">${[mark, name].filter(Boolean).join(" ")}</span></td>`
  );
}

// Empty 서명란 keep every cell of a row the same width and ruled, as on the printed form.
function fillers(used: number): string {
  const missing = (SIGNATURE_CELLS_PER_ROW - (used % SIGNATURE_CELLS_PER_ROW)) % SIGNATURE_CELLS_PER_ROW;
  const empty =
    '<td class="filler" aria-hidden="true"><span class="position">&#160;</span><span class="signature"></span></td>';
  return empty.repeat(missing);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

// Elements dropped with everything inside them, and elements whose tags alone are dropped.
const DROPPED_WITH_CONTENT = new Set(["script", "style", "noscript", "template"]);
const DROPPED_TAGS = new Set([
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "base",
  "meta",
  "link",
]);
const TAG =
  /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const ACTIVE_URL = /^(?:javascript|vbscript|livescript):/i;

/**
 * The body HTML with nothing that could run: no script (or style, template) element, no
 * frame or object, no event handler attribute, no javascript: URL however encoded, no comment;
 * every tag rebuilt from its parsed name and attributes, and every stray "<" escaped.
 */
export function stripActiveContent(html: string): string {
  let out = "";
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf("<", i);
    if (open === -1) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, open);
    i = open;
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith("<!", i) || html.startsWith("<?", i)) {
      const end = html.indexOf(">", i);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    TAG.lastIndex = i;
    const match = TAG.exec(html);
    if (!match) {
      out += "&lt;";
      i += 1;
      continue;
    }
    i = TAG.lastIndex;
    const closing = match[1] === "/";
    const name = match[2]!.toLowerCase();
    if (DROPPED_WITH_CONTENT.has(name)) {
      if (!closing) {
        const end = new RegExp(`</${name}\\s*>`, "ig");
        end.lastIndex = i;
        i = end.exec(html) ? end.lastIndex : html.length;
      }
      continue;
    }
    if (DROPPED_TAGS.has(name)) continue;
    if (closing) {
      out += `</${name}>`;
      continue;
    }
    out += `<${name}${safeAttributes(match[3] ?? "")}${match[4] === "/" ? " /" : ""}>`;
  }
  return out;
}

function safeAttributes(source: string): string {
  let out = "";
  for (const attribute of source.matchAll(ATTRIBUTE)) {
    const name = attribute[1]!.toLowerCase();
    if (name.startsWith("on")) continue;
    const value = decodeEntities(attribute[2] ?? attribute[3] ?? attribute[4] ?? "");
    // Browsers ignore whitespace and control characters inside a URL's scheme: "java\tscript:".
    const squeezed = [...value].filter((char) => !isSpaceOrControl(char.codePointAt(0)!)).join("");
    if (ACTIVE_URL.test(squeezed)) continue;
    if (/^data:/i.test(squeezed) && !/^data:image\/(?:png|jpeg|gif|webp);/i.test(squeezed)) continue;
    if (name === "style" && /expression\s*\(|url\s*\(|javascript:/i.test(squeezed)) continue;
    out += ` ${name}="${escapeHtml(value)}"`;
  }
  return out;
}

function isSpaceOrControl(code: number): boolean {
  return code <= 0x20 || (code >= 0x7f && code <= 0x9f);
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  colon: ":",
  tab: "\t",
  newline: "\n",
  nbsp: "\u00a0",
};

function decodeEntities(value: string): string {
  return value.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));?/gi, (entity, decimal, hex, named) => {
    if (decimal !== undefined || hex !== undefined) {
      const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    }
    return NAMED_ENTITIES[String(named).toLowerCase()] ?? entity;
  });
}
