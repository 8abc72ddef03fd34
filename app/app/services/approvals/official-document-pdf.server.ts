import {
  type OfficialDocument,
  type OfficialDocumentLayout,
  type OfficialSignatureCell,
  officialDocumentLayout,
} from "@nuri/approval";
import PDFDocument from "pdfkit";
import { loadFonts } from "../documents/export-pdf.server.ts";

// The official document (기안문, 별지 제1호서식) as a PDF: A4 with the margins of the 규정
// (위 3cm, 왼쪽 2cm, 오른쪽 1.5cm, 아래 1.5cm), Noto Sans KR embedded as a subset with its Unicode
// map (the same fonts as the documents' PDF export) so the text can be searched and copied, the
// 서명란 drawn as a ruled table, and the page number at the foot of every page. The words come
// from `officialDocumentLayout`, as for the text and the HTML; the body is drawn from its plain
// text, one paragraph a line.

const MM = 72 / 25.4;
const MARGIN = { top: 30 * MM, left: 20 * MM, right: 15 * MM, bottom: 15 * MM };
const SIZE = { agency: 18, sender: 16, text: 11, small: 9, position: 9, signature: 10.5, pageNumber: 8 };
const LINE_GAP = 3;
const LABEL_WIDTH = 46;
const CELLS_PER_ROW = 6;
const CELL = { positionHeight: 17, signatureHeight: 30 };
const BLACK = "#000000";

interface Box {
  left: number;
  width: number;
}

/** The official document as a PDF file (A4, Korean fonts embedded, numbered pages). */
export async function renderOfficialDocumentPdf(doc: OfficialDocument): Promise<Buffer> {
  const layout = officialDocumentLayout(doc);
  const files = loadFonts();
  const pdf = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    lang: "ko-KR",
    displayTitle: true,
    // Starting in our own font spares pdfkit reading its Helvetica.
    font: files.Regular as unknown as string,
    info: {
      Title: layout.title,
      Subject: `${doc.registrationNumber.trim()} (${doc.effectiveDate})`,
      Author: layout.agencyName,
      Creator: "누리",
      Producer: "누리",
    },
  });
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on("end", () => resolve());
    pdf.on("error", reject);
  });
  pdf.registerFont("Regular", files.Regular);
  pdf.registerFont("Bold", files.Bold);

  const box: Box = { left: MARGIN.left, width: pdf.page.width - MARGIN.left - MARGIN.right };
  const writer = new OfficialPdfWriter(pdf, box);
  writer.head(layout);
  writer.body(layout);
  writer.foot(layout);
  writer.pageNumbers();
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}

class OfficialPdfWriter {
  constructor(
    readonly pdf: PDFKit.PDFDocument,
    readonly box: Box,
  ) {}

  get bottom(): number {
    return this.pdf.page.height - this.pdf.page.margins.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (this.pdf.y + height > this.bottom) this.pdf.addPage();
  }

  head(layout: OfficialDocumentLayout): void {
    const { pdf, box } = this;
    pdf.font("Bold").fontSize(SIZE.agency).fillColor(BLACK);
    pdf.text(layout.agencyName, box.left, pdf.y, { width: box.width, align: "center" });
    pdf.moveDown(0.8);
    this.labelled("수신", layout.recipient);
    this.labelled("(경유)", layout.via);
    pdf.moveDown(0.3);
    this.rule(1.5);
  }

  body(layout: OfficialDocumentLayout): void {
    const { pdf, box } = this;
    pdf.moveDown(0.4);
    this.labelled("제목", layout.title, "Bold");
    pdf.moveDown(0.2);
    this.rule(0.6);
    pdf.moveDown(0.6);
    pdf.font("Regular").fontSize(SIZE.text).fillColor(BLACK);
    for (const line of layout.content) {
      // Leading spaces indent the 항목 (1., 가., 1) …) the way the drafter typed them.
      const indent = /^ */.exec(line)![0].length * (SIZE.text / 2);
      this.ensure(SIZE.text + LINE_GAP);
      pdf.text(line.trimStart(), box.left + indent, pdf.y, { width: box.width - indent, lineGap: LINE_GAP });
    }
    if (layout.attachmentItems.length > 0) {
      pdf.moveDown(0.6);
      this.ensure(SIZE.text + LINE_GAP);
      const top = pdf.y;
      pdf.font("Regular").fontSize(SIZE.text);
      pdf.text("붙임", box.left, top, { width: LABEL_WIDTH, lineBreak: false });
      pdf.y = top;
      for (const item of layout.attachmentItems) {
        this.ensure(SIZE.text + LINE_GAP);
        pdf.text(item, box.left + LABEL_WIDTH, pdf.y, { width: box.width - LABEL_WIDTH, lineGap: LINE_GAP });
      }
    }
  }

  foot(layout: OfficialDocumentLayout): void {
    const { pdf, box } = this;
    if (layout.senderTitle !== null) {
      pdf.moveDown(2);
      this.ensure(SIZE.sender * 2);
      pdf.font("Bold").fontSize(SIZE.sender).fillColor(BLACK);
      pdf.text(layout.senderTitle, box.left, pdf.y, { width: box.width, align: "center" });
    }
    if (layout.recipientList !== null) {
      pdf.moveDown(0.6);
      this.labelled("수신자", layout.recipientList);
    }
    pdf.moveDown(1);
    // The foot's tables and lines stay together where they can.
    this.ensure(2 * (CELL.positionHeight + CELL.signatureHeight) + 60);
    this.rule(1.5);
    pdf.moveDown(0.4);
    this.signatureRows(layout.signers, null);
    this.signatureRows(layout.cooperators, "협조자");
    pdf.moveDown(0.5);

    pdf.font("Regular").fontSize(SIZE.small).fillColor(BLACK);
    this.ensure(SIZE.small * 4);
    const top = pdf.y;
    const half = box.width / 2;
    pdf.text(layout.enforcementLine, box.left, top, { width: half - 6 });
    const afterLeft = pdf.y;
    pdf.text(layout.receiptLine, box.left + half, top, { width: half });
    pdf.y = Math.max(afterLeft, pdf.y);
    pdf.text(layout.addressLine, box.left, pdf.y, { width: box.width });
    pdf.text(layout.contactLine, box.left, pdf.y, { width: box.width });
  }

  /** A label in the left column and its value beside it, as the 두문 rows of the form. */
  labelled(label: string, value: string, valueFont: "Regular" | "Bold" = "Regular"): void {
    const { pdf, box } = this;
    this.ensure(SIZE.text + LINE_GAP);
    const top = pdf.y;
    pdf.font("Bold").fontSize(SIZE.text).fillColor(BLACK);
    pdf.text(label, box.left, top, { width: LABEL_WIDTH, lineBreak: false });
    pdf.y = top;
    if (value !== "") {
      pdf.font(valueFont).text(value, box.left + LABEL_WIDTH, top, {
        width: box.width - LABEL_WIDTH,
        lineGap: LINE_GAP,
      });
    } else {
      pdf.moveDown(1);
    }
    pdf.x = box.left;
  }

  /** 서명란 in rows of six: the 직위 above, the mark and name below; 협조 rows carry the label. */
  signatureRows(cells: readonly OfficialSignatureCell[], label: string | null): void {
    const { pdf, box } = this;
    const perRow = label === null ? CELLS_PER_ROW : CELLS_PER_ROW - 1;
    const width = box.width / CELLS_PER_ROW;
    const height = CELL.positionHeight + CELL.signatureHeight;
    const rows: OfficialSignatureCell[][] = [];
    for (let i = 0; i < cells.length; i += perRow) rows.push(cells.slice(i, i + perRow));
    if (rows.length === 0) {
      if (label === null) return;
      rows.push([]);
    }
    for (const row of rows) {
      this.ensure(height);
      const top = pdf.y;
      let x = box.left;
      if (label !== null) {
        this.cellBorder(x, top, width, height);
        pdf.font("Bold").fontSize(SIZE.position).fillColor(BLACK);
        pdf.text(label, x, top + height / 2 - SIZE.position / 2 - 1, {
          width,
          align: "center",
          lineBreak: false,
        });
        x += width;
      }
      for (let i = 0; i < perRow; i++) {
        const cell = row[i];
        this.cellBorder(x, top, width, CELL.positionHeight);
        this.cellBorder(x, top + CELL.positionHeight, width, CELL.signatureHeight);
        if (cell) {
          pdf.font("Regular").fontSize(SIZE.position);
          pdf.text(cell.position, x + 2, top + 3, {
            width: width - 4,
            align: "center",
            height: CELL.positionHeight - 4,
            ellipsis: true,
          });
          const signature = [cell.markLabel, cell.name].filter((part) => part !== null).join(" ");
          if (signature !== "") {
            pdf.font("Regular").fontSize(SIZE.signature);
            pdf.text(signature, x + 2, top + CELL.positionHeight + 8, {
              width: width - 4,
              align: "center",
              height: CELL.signatureHeight - 8,
              ellipsis: true,
            });
          }
        }
        x += width;
      }
      pdf.x = box.left;
      pdf.y = top + height;
    }
  }

  cellBorder(x: number, y: number, width: number, height: number): void {
    this.pdf.save().lineWidth(0.6).strokeColor(BLACK).rect(x, y, width, height).stroke().restore();
  }

  rule(width: number): void {
    const { pdf, box } = this;
    pdf
      .save()
      .lineWidth(width)
      .strokeColor(BLACK)
      .moveTo(box.left, pdf.y)
      .lineTo(box.left + box.width, pdf.y)
      .stroke()
      .restore();
  }

  /** "n / N" at the foot of every page. */
  pageNumbers(): void {
    const { pdf, box } = this;
    const range = pdf.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      pdf.switchToPage(i);
      // Writing below the bottom margin would start a new page: lift the margin meanwhile.
      const bottom = pdf.page.margins.bottom;
      pdf.page.margins.bottom = 0;
      pdf
        .font("Regular")
        .fontSize(SIZE.pageNumber)
        .fillColor(BLACK)
        .text(`${i + 1} / ${range.count}`, box.left, pdf.page.height - 26, {
          width: box.width,
          align: "center",
          lineBreak: false,
        });
      pdf.page.margins.bottom = bottom;
    }
  }
}
