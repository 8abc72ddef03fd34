import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import PDFDocument from "pdfkit";
import {
  absoluteUrl,
  type Block,
  type ExportSource,
  type Inline,
  imagePlaceholder,
  plainTextOf,
} from "./document-model.ts";

// PDF through pdfkit: A4, Noto Sans KR (SIL Open Font License 1.1, from the
// @expo-google-fonts/noto-sans-kr package) embedded as a subset of the glyphs used, with its
// Unicode map, so the text can be searched, copied and extracted. The head carries the title
// and the records metadata; every page has its number. PNG and JPEG images are embedded; PDF
// has no GIF or WebP, so those are written as their alternative text.

const FONT_FILES = {
  Regular: "400Regular/NotoSansKR_400Regular.ttf",
  Bold: "700Bold/NotoSansKR_700Bold.ttf",
} as const;

let fonts: Record<keyof typeof FONT_FILES, Buffer> | null = null;

/** The Noto Sans KR font files, read once; the approvals' official document embeds them too. */
export function loadFonts(): Record<keyof typeof FONT_FILES, Buffer> {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve("@expo-google-fonts/noto-sans-kr/package.json"));
    fonts = {
      Regular: readFileSync(join(dir, FONT_FILES.Regular)),
      Bold: readFileSync(join(dir, FONT_FILES.Bold)),
    };
  }
  return fonts;
}

const COLOUR = { text: "#1b1f24", subtle: "#57606a", link: "#0b57d0", code: "#8b1a1a", rule: "#8b949e" };
const SIZE = { body: 10.5, code: 9.5, table: 9.5, title: 20 };
const HEADING_SIZE = [18, 15.5, 13.5, 12.5, 11.5, 11] as const;
const MARGIN = { top: 64, bottom: 64, left: 62, right: 62 };
const LINE_GAP = 3;
const LIST_INDENT = 18;

interface Box {
  left: number;
  width: number;
}

/** The document as a PDF file. */
export async function renderPdf(source: ExportSource): Promise<Uint8Array> {
  const files = loadFonts();
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    lang: source.lang === "en" ? "en" : "ko-KR",
    displayTitle: true,
    // Starting in our own font spares pdfkit reading its Helvetica.
    font: files.Regular as unknown as string,
    info: {
      Title: source.title,
      Subject: source.metadata.map((entry) => `${entry.label}: ${entry.value}`).join("; "),
      Creator: "누리",
      Producer: "누리",
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });
  doc.registerFont("Regular", files.Regular);
  doc.registerFont("Bold", files.Bold);

  const page: Box = { left: MARGIN.left, width: doc.page.width - MARGIN.left - MARGIN.right };
  const renderer = new PdfRenderer(doc, source);
  renderer.head(page);
  renderer.blocks(source.blocks, page);
  renderer.pageNumbers(page);
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

class PdfRenderer {
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly source: ExportSource,
  ) {}

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  get contentHeight(): number {
    return this.doc.page.height - this.doc.page.margins.top - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom && height <= this.contentHeight) this.doc.addPage();
  }

  head(box: Box): void {
    const { doc } = this;
    doc.font("Bold").fontSize(SIZE.title).fillColor(COLOUR.text);
    doc.text(this.source.title, box.left, doc.y, { width: box.width, lineGap: LINE_GAP });
    doc.moveDown(0.4);
    for (const entry of this.source.metadata) {
      doc.font("Bold").fontSize(SIZE.table).fillColor(COLOUR.subtle);
      doc.text(`${entry.label}  `, box.left, doc.y, { width: box.width, continued: true });
      doc.font("Regular").fillColor(COLOUR.text).text(entry.value);
    }
    doc.moveDown(0.4);
    this.rule(box, 1.2, COLOUR.text);
    doc.moveDown(0.6);
  }

  blocks(blocks: readonly Block[], box: Box): void {
    for (const block of blocks) this.block(block, box);
  }

  block(block: Block, box: Box): void {
    const { doc } = this;
    switch (block.type) {
      case "heading": {
        const size = HEADING_SIZE[block.level - 1]!;
        this.ensure(size * 3);
        doc.moveDown(0.3);
        const text = block.content.map((inline) => (inline.type === "text" ? inline.text : " ")).join("");
        if (text.trim()) doc.outline.addItem(text.trim());
        this.inlines(block.content, box, size, true);
        doc.moveDown(0.3);
        return;
      }
      case "paragraph":
        this.inlines(block.content, box, SIZE.body, false);
        doc.moveDown(0.45);
        return;
      case "quote": {
        const start = { y: doc.y, page: this.pageIndex() };
        this.blocks(block.blocks, { left: box.left + 14, width: box.width - 14 });
        if (this.pageIndex() === start.page) {
          doc
            .save()
            .lineWidth(3)
            .strokeColor("#c2c8d0")
            .moveTo(box.left + 3, start.y)
            .lineTo(box.left + 3, doc.y - 4)
            .stroke()
            .restore();
        }
        return;
      }
      case "list": {
        const inner = { left: box.left + LIST_INDENT, width: box.width - LIST_INDENT };
        block.items.forEach((item, index) => {
          this.ensure(SIZE.body * 2);
          const y = doc.y;
          if (block.style === "task") {
            this.checkbox(box.left + 2, y + 2.5, item.checked === true);
          } else {
            const marker = block.style === "ordered" ? `${block.start + index}.` : "•";
            doc.font("Regular").fontSize(SIZE.body).fillColor(COLOUR.text);
            doc.text(marker, box.left, y, { width: LIST_INDENT - 2, lineBreak: false });
          }
          doc.y = y;
          if (item.blocks.length === 0) doc.moveDown(1);
          this.blocks(item.blocks, inner);
        });
        return;
      }
      case "code": {
        doc.font("Regular").fontSize(SIZE.code);
        const height = doc.heightOfString(block.text || " ", { width: box.width - 16, lineGap: 2 }) + 12;
        this.ensure(height);
        if (doc.y + height <= this.bottom) {
          doc.save().rect(box.left, doc.y, box.width, height).fill("#f1f3f5").restore();
        }
        doc.fillColor(COLOUR.text).text(block.text || " ", box.left + 8, doc.y + 6, {
          width: box.width - 16,
          lineGap: 2,
        });
        doc.moveDown(0.9);
        return;
      }
      case "rule":
        this.ensure(14);
        doc.moveDown(0.3);
        this.rule(box, 0.8, COLOUR.rule);
        doc.moveDown(0.6);
        return;
      case "image": {
        const embedded = this.source.images.get(block.src);
        if (embedded && (embedded.contentType === "image/png" || embedded.contentType === "image/jpeg")) {
          // pixels at 96 dpi to points, no larger than the text block
          const scale = Math.min(
            0.75,
            box.width / embedded.width,
            (this.contentHeight * 0.9) / embedded.height,
          );
          const width = embedded.width * scale;
          const height = embedded.height * scale;
          this.ensure(height + 6);
          doc.image(Buffer.from(embedded.data), box.left, doc.y, { width, height });
          doc.y += height + 6;
          doc.x = box.left;
        } else {
          const external = /^https:\/\//i.test(block.src) ? block.src : null;
          doc.font("Regular").fontSize(SIZE.body).fillColor(COLOUR.subtle);
          doc.text(imagePlaceholder(this.source, block.alt), box.left, doc.y, {
            width: box.width,
            link: external,
            underline: external !== null,
          });
          doc.moveDown(0.45);
        }
        return;
      }
      case "table": {
        doc.font("Regular").fontSize(SIZE.table).fillColor(COLOUR.text);
        this.ensure(SIZE.table * 3);
        doc.table({
          position: { x: box.left, y: doc.y },
          maxWidth: box.width,
          defaultStyle: { border: 0.5, borderColor: COLOUR.rule, padding: [3, 4, 3, 4] },
          data: block.rows.map((row) =>
            row.map((cell) => ({
              text: plainTextOf(cell.blocks) || " ",
              colSpan: cell.colspan,
              rowSpan: cell.rowspan,
              type: cell.header ? ("TH" as const) : ("TD" as const),
              font: { src: cell.header ? "Bold" : "Regular", size: SIZE.table },
              backgroundColor: cell.header ? "#f1f3f5" : undefined,
            })),
          ),
        });
        doc.x = box.left;
        doc.moveDown(0.6);
        return;
      }
    }
  }

  /** A run of text with its marks, wrapped to the box. */
  inlines(content: readonly Inline[], box: Box, size: number, bold: boolean): void {
    const { doc } = this;
    // Line breaks join the text before them; a paragraph with no text is a blank line.
    const runs: { text: string; marks: Extract<Inline, { type: "text" }>["marks"] }[] = [];
    for (const inline of content) {
      if (inline.type === "break") {
        const last = runs.at(-1);
        if (last) last.text += "\n";
        else runs.push({ text: "\n", marks: {} });
      } else {
        runs.push({ text: inline.text, marks: inline.marks });
      }
    }
    if (runs.length === 0) {
      doc.font("Regular").fontSize(size);
      doc.moveDown(0.6);
      return;
    }
    this.ensure(size * 1.6);
    runs.forEach((run, index) => {
      const { marks } = run;
      const small = marks.subscript || marks.superscript;
      doc
        .font(bold || marks.bold ? "Bold" : "Regular")
        .fontSize(small ? size * 0.75 : size)
        .fillColor(marks.link ? COLOUR.link : marks.code ? COLOUR.code : COLOUR.text);
      const options: PDFKit.Mixins.TextOptions = {
        width: box.width,
        lineGap: LINE_GAP,
        continued: index < runs.length - 1,
        underline: Boolean(marks.underline || marks.link),
        strike: Boolean(marks.strike),
        oblique: marks.italic ? 12 : false,
        link: marks.link ? absoluteUrl(marks.link, this.source.origin) : null,
      };
      if (index === 0) doc.text(run.text, box.left, doc.y, options);
      else doc.text(run.text, options);
    });
    doc.x = box.left;
  }

  checkbox(x: number, y: number, checked: boolean): void {
    const { doc } = this;
    doc.save().lineWidth(0.8).strokeColor(COLOUR.text).rect(x, y, 8, 8).stroke();
    if (checked) {
      doc
        .lineWidth(1.2)
        .moveTo(x + 1.5, y + 4.2)
        .lineTo(x + 3.4, y + 6.4)
        .lineTo(x + 6.8, y + 1.6)
        .stroke();
    }
    doc.restore();
  }

  rule(box: Box, width: number, colour: string): void {
    const { doc } = this;
    doc
      .save()
      .lineWidth(width)
      .strokeColor(colour)
      .moveTo(box.left, doc.y)
      .lineTo(box.left + box.width, doc.y)
      .stroke()
      .restore();
  }

  pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  /** "n / N" at the foot of every page. */
  pageNumbers(box: Box): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing below the bottom margin would start a new page: lift the margin meanwhile.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc
        .font("Regular")
        .fontSize(8.5)
        .fillColor(COLOUR.subtle)
        .text(`${i + 1} / ${range.count}`, box.left, doc.page.height - 40, {
          width: box.width,
          align: "center",
          lineBreak: false,
        });
      doc.page.margins.bottom = bottom;
    }
  }
}
