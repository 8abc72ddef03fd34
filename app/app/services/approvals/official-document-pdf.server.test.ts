import { type OfficialDocument, officialDocumentLines } from "@nuri/approval";
import { getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { pdfText } from "../documents/export-inspect.server.ts";
import { delegatedDocument, internalDocument, proxyDocument } from "./official-document-fixtures.server.ts";
import { renderOfficialDocumentPdf } from "./official-document-pdf.server.ts";

// The official document's PDF read back as a PDF reader does (PDF.js): the exact text of the
// form, the embedded Korean fonts, and where each part sits on the page.

/** Every character of the text, whitespace dropped, sorted: content regardless of run order. */
function characters(text: string): string[] {
  return [...text.replace(/\s+/g, "")].sort();
}

function expectedText(doc: OfficialDocument, pages: number): string {
  const lines = officialDocumentLines(doc);
  const numbers = Array.from({ length: pages }, (_, index) => `${index + 1} / ${pages}`);
  return [...lines.head, ...lines.body, ...lines.foot, ...numbers].join("\n");
}

interface Placed {
  text: string;
  page: number;
  /** Distance from the top of the page, in points. */
  top: number;
  left: number;
  width: number;
}

/** The text runs of every page with their place, as PDF.js reports them. */
async function placedText(pdf: Uint8Array): Promise<Placed[]> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const placed: Placed[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const height = page.getViewport({ scale: 1 }).height;
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      placed.push({
        text: item.str,
        page: number,
        top: height - item.transform[5]!,
        left: item.transform[4]!,
        width: item.width,
      });
    }
  }
  return placed;
}

function find(placed: readonly Placed[], predicate: (text: string) => boolean, what: string): Placed {
  const found = placed.find((item) => predicate(item.text));
  if (!found)
    throw new Error(`no text run for ${what} in ${JSON.stringify(placed.map((item) => item.text))}`);
  return found;
}

describe("renderOfficialDocumentPdf", () => {
  it.each([
    ["a 전결 document with 검토 and two 협조", delegatedDocument()],
    ["a 대결 document with a 경유 and 접수", proxyDocument()],
    ["a 내부결재 with 비공개 grounds", internalDocument()],
  ])("carries exactly the text of the form: %s", async (_, doc) => {
    const pdf = await renderOfficialDocumentPdf(doc);
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBe(1);
    expect(characters(text)).toEqual(characters(expectedText(doc, pages)));
  });

  it("writes the lines that are drawn as one run exactly as the text has them", async () => {
    const doc = proxyDocument();
    const placed = await placedText(await renderOfficialDocumentPdf(doc));
    const runs = placed.map((item) => item.text.replace(/\s+/g, " ").trim());
    for (const line of [
      "디지털행정부",
      "개인정보 처리 현황 제출",
      "2026년 개인정보 처리 현황을 붙임과 같이 제출합니다.",
      "개인정보 처리 현황 1부. 끝.",
      "디지털행정부장관",
      "행정안전부장관, 국가기록원장",
      "시행 개인정보보호과-208 (2026. 12. 1.)",
      "접수 기록정책과-345 (2026. 12. 2.)",
      "우 30112 세종특별자치시 도움6로 42 / https://www.digital.go.kr",
      "전화 044-205-1234 전송 044-205-8900 / jiwoo.han@digital.go.kr / 부분공개(제5호, 제6호)",
      "대결 윤하람",
      "1 / 1",
    ]) {
      expect(runs).toContain(line);
    }
  });

  it("opens as a PDF with the Korean fonts embedded and the number and 시행일자 on it", async () => {
    const pdf = await renderOfficialDocumentPdf(delegatedDocument());
    expect(Buffer.isBuffer(pdf)).toBe(true);
    const raw = pdf.toString("latin1");
    expect(raw.startsWith("%PDF-")).toBe(true);
    expect(raw.trimEnd().endsWith("%%EOF")).toBe(true);
    // Subset fonts are named with a six-letter tag; FontFile2 is the embedded TrueType program.
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansKR-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansKR-Bold/);
    expect(raw).toContain("/FontFile2");
    const { text } = await pdfText(pdf);
    expect(text).toContain("디지털정부정책과-12");
    expect(text).toContain("2026. 11. 24.");
    const document = await getDocumentProxy(new Uint8Array(pdf));
    const page = await document.getPage(1);
    // A4 in points.
    expect(page.getViewport({ scale: 1 })).toMatchObject({ width: 595.28, height: 841.89 });
  });

  it("lays out 두문 above 본문 above 결문, in the order of the form", async () => {
    const doc = delegatedDocument();
    const placed = await placedText(await renderOfficialDocumentPdf(doc));
    const anchors = [
      find(placed, (text) => text === "디지털행정부", "기관명"),
      find(placed, (text) => text === "수신", "수신"),
      find(placed, (text) => text === "(경유)", "(경유)"),
      find(placed, (text) => text === "제목", "제목"),
      find(placed, (text) => text.startsWith("1. 관련"), "the first paragraph"),
      find(placed, (text) => text.startsWith("2. 2027년"), "the second paragraph"),
      find(placed, (text) => text === "붙임", "붙임"),
      find(placed, (text) => text.startsWith("2. 추진 일정표"), "the last attachment"),
      find(placed, (text) => text === "디지털행정부장관", "발신명의"),
      find(placed, (text) => text === "주무관", "the drafter's 직위"),
      find(placed, (text) => text === "전결 서민지", "the closer's signature"),
      find(placed, (text) => text === "협조자", "협조자"),
      find(placed, (text) => text.startsWith("시행 "), "시행"),
      find(placed, (text) => text.startsWith("우 30112"), "the address"),
      find(placed, (text) => text.startsWith("전화 "), "the contacts"),
      find(placed, (text) => text === "1 / 1", "the page number"),
    ];
    const order = anchors.map((anchor) => [anchor.page, anchor.top] as const);
    const sorted = [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(order).toEqual(sorted);
    // Strictly below one another, not on the same line.
    for (let i = 1; i < order.length; i++) expect(order[i]![1]).toBeGreaterThan(order[i - 1]![1]);
    // The label and its value share a line: 수신 beside its recipient, 제목 beside the title.
    const recipient = find(placed, (text) => text === "국가기록원장", "the recipient");
    expect(Math.abs(recipient.top - anchors[1]!.top)).toBeLessThan(1);
    const title = find(placed, (text) => text === doc.title, "the title");
    expect(Math.abs(title.top - anchors[3]!.top)).toBeLessThan(1);
    // 기관명 and 발신명의 are centred between the margins (left 20mm, right 15mm).
    const centre = ((20 + (210 - 15)) / 2) * (72 / 25.4);
    for (const run of [anchors[0]!, anchors[8]!])
      expect(Math.abs(run.left + run.width / 2 - centre)).toBeLessThan(4);
  });

  it("puts the 서명란 of one row side by side, in line order", async () => {
    const placed = await placedText(await renderOfficialDocumentPdf(delegatedDocument()));
    const positions = ["주무관", "사무관", "과장", "국장"].map((text) =>
      find(placed, (run) => run === text, text),
    );
    const signatures = ["김하늘", "박정우", "전결 서민지", "전결"].map((text) =>
      find(placed, (run) => run === text, text),
    );
    for (const cell of [...positions, ...signatures]) expect(cell.page).toBe(1);
    // One row: all 직위 on one line, all signatures on the line below.
    expect(new Set(positions.map((cell) => Math.round(cell.top))).size).toBe(1);
    expect(new Set(signatures.map((cell) => Math.round(cell.top))).size).toBe(1);
    expect(signatures[0]!.top).toBeGreaterThan(positions[0]!.top);
  });

  it("runs a long body onto further pages and numbers every page", async () => {
    const paragraph = "가나다라마바사아자차카타파하 ".repeat(6).trim();
    const doc = delegatedDocument({
      bodyText: Array.from({ length: 90 }, (_, index) => `${index + 1}. ${paragraph}`).join("\n"),
    });
    const pdf = await renderOfficialDocumentPdf(doc);
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBeGreaterThan(1);
    expect(characters(text)).toEqual(characters(expectedText(doc, pages)));
    const placed = await placedText(pdf);
    for (let page = 1; page <= pages; page++) {
      expect(placed.some((item) => item.page === page && item.text === `${page} / ${pages}`)).toBe(true);
    }
    // The foot follows the end of the body, on the last page.
    const lastParagraph = find(placed, (run) => run.startsWith("90. "), "the last paragraph");
    const enforcement = find(placed, (run) => run.startsWith("시행 "), "시행");
    const after =
      enforcement.page > lastParagraph.page ||
      (enforcement.page === lastParagraph.page && enforcement.top > lastParagraph.top);
    expect(after).toBe(true);
  });
});
