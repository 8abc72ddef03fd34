import { unzipSync } from "fflate";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { type EmbeddedImage, type ExportSource, readDocumentModel } from "./document-model.ts";
import { renderDocx } from "./export-docx.server.ts";
import { docOf, el, everyNode, p, sourceOf, text } from "./export-fixtures.server.ts";
import { renderHtml } from "./export-html.server.ts";
import { renderMarkdown } from "./export-markdown.server.ts";
import { renderPdf } from "./export-pdf.server.ts";
import { makePng, WEBP_4x3 } from "./images-fixtures.server.ts";

// Each exporter's output from the one document model: Markdown exactly, HTML escaped, DOCX as
// the zip Word opens, PDF with its text extracted again by PDF.js.

const SRC =
  "/t/digital-gov/documents/0b6c1c1e-7a4f-4d55-9d2b-3f0f8d7e1a11/images/5f1d3a2b-0c4e-4b8a-9f6e-1a2b3c4d5e6f";
const PNG = makePng(2, 1);
const PNG_IMAGE: EmbeddedImage = { contentType: "image/png", data: PNG, width: 2, height: 1 };

function blocksOf(...nodes: Parameters<typeof docOf>) {
  const doc = docOf(...nodes);
  try {
    return readDocumentModel(doc);
  } finally {
    doc.destroy();
  }
}

function everything(overrides: Partial<ExportSource> = {}): ExportSource {
  return sourceOf(blocksOf(...everyNode(SRC)), { images: new Map([[SRC, PNG_IMAGE]]), ...overrides });
}

// Text that is markup in every format.
const HOSTILE = `<script>alert("x")</script> & "인용" 'ㅋ' *별* _밑_ [링크](javascript:x) | ~물결~ \\ \`틱\``;

describe("Markdown", () => {
  it("writes every block and mark exactly", () => {
    expect(renderMarkdown(everything())).toBe(
      [
        "# 2026년 업무 보고",
        "",
        "| 기관 | 공개구분 | 보존기간 |",
        "| --- | --- | --- |",
        "| 디지털행정부 | 부분공개(5, 6호) | 10년 |",
        "",
        "# 2026년 디지털정부 추진 계획",
        "",
        "평문 **굵게** *기울임* <u>밑줄</u> ~~취소~~ `코드` <mark>형광</mark> H<sub>2</sub>O x<sup>2</sup> [정부 누리집](<https://www.gov.kr>)",
        "",
        "첫 줄\\",
        "둘째 줄",
        "",
        "## 추진 과제",
        "",
        "- 클라우드 전환",
        "- 공공 데이터 개방",
        "",
        "  3. 세부 과제",
        "",
        "1. 첫째",
        "2. 둘째",
        "",
        "- [x] 예산 확정",
        "- [ ] 결재 상신",
        "",
        "> 국민이 체감하는 디지털정부",
        "",
        "| 과제 | 담당 |",
        "| --- | --- |",
        "| 클라우드 | 디지털정부정책과 |",
        "| 합계 2건 |  |",
        "",
        `![조직도 그림](data:image/png;base64,${PNG.toString("base64")})`,
        "",
        "---",
        "",
        "```sql",
        "select 1;",
        "-- 주석",
        "```",
        "",
      ].join("\n"),
    );
  });

  it("escapes the text's own Markdown syntax, at the start of lines too", () => {
    const markdown = renderMarkdown(
      sourceOf(
        blocksOf(
          p(["# 제목이 아닙니다"]),
          p(["1. 목록이 아닙니다"]),
          p(["- 이것도"]),
          p([HOSTILE]),
          p(["코드 "], ["a`b", { code: {} }]),
          p(["앞"], [" 굵게 ", { bold: {} }], ["뒤"]),
          p(["가 ", { bold: {} }], ["나", { bold: {}, italic: {} }], [" 다", { bold: {} }]),
          p(["안쪽 링크", { link: { href: "/t/digital-gov/documents/x" } }]),
        ),
        { title: "제목 *별* #1", metadata: [] },
      ),
    );
    expect(markdown).toBe(
      [
        "# 제목 \\*별\\* #1",
        "",
        "\\# 제목이 아닙니다",
        "",
        "1\\. 목록이 아닙니다",
        "",
        "\\- 이것도",
        "",
        '\\<script\\>alert("x")\\</script\\> & "인용" \'ㅋ\' \\*별\\* \\_밑\\_ \\[링크\\](javascript:x) \\| \\~물결\\~ \\\\ \\`틱\\`',
        "",
        "코드 ``a`b``",
        "",
        "앞 **굵게** 뒤",
        "",
        "**가 *나* 다**",
        "",
        "[안쪽 링크](<https://nuri.example.go.kr/t/digital-gov/documents/x>)",
        "",
      ].join("\n"),
    );
  });

  it("writes an image it cannot embed as its alternative text, an outside one as a link", () => {
    const markdown = renderMarkdown(
      sourceOf(
        blocksOf(
          el("image", { src: "/t/digital-gov/documents/other/images/x", alt: "다른 문서의 [그림]" }),
          el("image", { src: "https://www.korea.kr/a.png", alt: "정책 브리핑" }),
        ),
        { metadata: [] },
      ),
    );
    expect(markdown).toBe(
      "# 2026년 업무 보고\n\n\\[이미지: 다른 문서의 \\[그림\\]\\]\n\n![정책 브리핑](<https://www.korea.kr/a.png>)\n",
    );
  });
});

describe("HTML", () => {
  it("is a standalone page with the head, every block, and the image embedded", () => {
    const html = renderHtml(everything());
    expect(html).toMatch(/^<!doctype html>\n<html lang="ko">/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).toContain("<title>2026년 업무 보고</title>");
    expect(html).toContain('<tr><th scope="row">공개구분</th><td>부분공개(5, 6호)</td></tr>');
    expect(html).toContain("<h1>2026년 디지털정부 추진 계획</h1>");
    expect(html).toContain('<a href="https://www.gov.kr" rel="noopener noreferrer">정부 누리집</a>');
    expect(html).toContain(
      '<ul class="task-list"><li><input type="checkbox" disabled checked> <p>예산 확정</p></li>',
    );
    expect(html).toContain('<ol start="3"><li><p>세부 과제</p></li></ol>');
    expect(html).toContain('<td colspan="2"><p>합계 2건</p></td>');
    expect(html).toContain(
      `<img src="data:image/png;base64,${PNG.toString("base64")}" alt="조직도 그림" width="2" height="1">`,
    );
    expect(html).toContain('<pre><code class="language-sql">select 1;\n-- 주석</code></pre>');
  });

  it("escapes every text and attribute", () => {
    const html = renderHtml(
      sourceOf(
        blocksOf(
          p([HOSTILE]),
          p(["링크", { link: { href: 'https://x.example/?a="b"&c=<d>' } }]),
          el("image", { src: "https://x.example/a.png", alt: '"><script>alert(1)</script>' }),
        ),
        { title: "</title><script>alert(1)</script>" },
      ),
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>");
    expect(html).toContain(
      "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;인용&quot; &#39;ㅋ&#39;",
    );
    expect(html).toContain('href="https://x.example/?a=&quot;b&quot;&amp;c=&lt;d&gt;"');
    expect(html).toContain('alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });
});

describe("DOCX", () => {
  it("is a zip whose word/document.xml holds the Korean text, with the image and the head", async () => {
    const files = unzipSync(await renderDocx(everything()));
    const xml = new TextDecoder().decode(files["word/document.xml"]);
    for (const expected of [
      "2026년 업무 보고",
      "부분공개(5, 6호)",
      "2026년 디지털정부 추진 계획",
      "정부 누리집",
      "공공 데이터 개방",
      "세부 과제",
      "예산 확정",
      "국민이 체감하는 디지털정부",
      "디지털정부정책과",
      "-- 주석",
    ]) {
      expect(xml).toContain(expected);
    }
    expect(xml).toContain('w:gridSpan w:val="2"');
    const media = Object.keys(files).filter((name) => name.startsWith("word/media/") && !name.endsWith("/"));
    expect(media).toHaveLength(1);
    expect(Buffer.from(files[media[0]!]!)).toEqual(PNG);
    const core = new TextDecoder().decode(files["docProps/core.xml"]);
    expect(core).toContain("<dc:title>2026년 업무 보고</dc:title>");
    const rels = new TextDecoder().decode(files["word/_rels/document.xml.rels"]);
    expect(rels).toContain('Target="https://www.gov.kr"');
  });

  it("escapes the text as XML, and writes a WebP (which Word cannot show) as its alternative text", async () => {
    const files = unzipSync(
      await renderDocx(
        sourceOf(blocksOf(p([HOSTILE]), el("image", { src: SRC, alt: "웹피 그림" })), {
          images: new Map([[SRC, { contentType: "image/webp", data: WEBP_4x3, width: 4, height: 3 }]]),
        }),
      ),
    );
    const xml = new TextDecoder().decode(files["word/document.xml"]);
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("&lt;script&gt;");
    expect(xml).toContain("[이미지: 웹피 그림]");
    expect(Object.keys(files).filter((name) => /^word\/media\/./.test(name))).toEqual([]);
  });
});

describe("PDF", () => {
  it("is A4, embeds a subset of Noto Sans KR, and its text extracts as the document's Korean text", async () => {
    const pdf = await renderPdf(everything());
    const raw = Buffer.from(pdf).toString("latin1");
    expect(raw.startsWith("%PDF-")).toBe(true);
    // Subset fonts are named with a six-letter tag; FontFile2 is the embedded TrueType program.
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansKR-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansKR-Bold/);
    expect(raw).toContain("/FontFile2");
    expect(raw).toContain("/ToUnicode");
    expect(raw).toContain("/Subtype /Image");
    const document = await getDocumentProxy(pdf);
    const page = await document.getPage(1);
    expect(page.view.map((value) => Math.round(value))).toEqual([0, 0, 595, 842]);
    const { text: extracted } = await extractText(document, { mergePages: true });
    const flat = extracted.replace(/\s+/g, "");
    for (const expected of [
      "2026년 업무 보고",
      "부분공개(5, 6호)",
      "보존기간",
      "2026년 디지털정부 추진 계획",
      "굵게",
      "정부 누리집",
      "둘째 줄",
      "공공 데이터 개방",
      "세부 과제",
      "결재 상신",
      "국민이 체감하는 디지털정부",
      "디지털정부정책과",
      "합계 2건",
      "-- 주석",
    ]) {
      expect(flat).toContain(expected.replace(/\s+/g, ""));
    }
    const info = await document.getMetadata();
    expect((info.info as { Title?: string }).Title).toBe("2026년 업무 보고");
  });

  it("writes a WebP (which PDF cannot hold) as its alternative text, and breaks long documents into pages", async () => {
    const paragraphs = Array.from({ length: 120 }, (_, i) =>
      p([`${i + 1}번째 문단입니다. 공공기관 협업 문서입니다.`]),
    );
    const pdf = await renderPdf(
      sourceOf(blocksOf(el("image", { src: SRC, alt: "웹피 그림" }), ...paragraphs), {
        images: new Map([[SRC, { contentType: "image/webp", data: WEBP_4x3, width: 4, height: 3 }]]),
      }),
    );
    // read the raw bytes first: PDF.js takes (detaches) the buffer it is given
    const raw = Buffer.from(pdf).toString("latin1");
    expect(raw).toContain("/FontFile2");
    expect(raw).not.toContain("/Subtype /Image");
    const document = await getDocumentProxy(pdf);
    expect(document.numPages).toBeGreaterThan(1);
    const { text: pages } = await extractText(document, { mergePages: false });
    expect(pages[0]).toContain("[이미지: 웹피 그림]");
    expect(pages.at(-1)!.replace(/\s+/g, "")).toContain("120번째문단입니다.");
    expect(pages.at(-1)).toContain(`${document.numPages} / ${document.numPages}`);
  });

  it("keeps text from an empty document's head", async () => {
    const pdf = await renderPdf(sourceOf([], { title: "빈 문서" }));
    const { text: extracted } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
    expect(extracted).toContain("빈 문서");
  });
});

describe("text in every format", () => {
  it("survives a paragraph of only a line break and runs of whitespace", () => {
    const blocks = blocksOf(el("paragraph", {}, [el("hardBreak")]), el("paragraph", {}, [text(["   "])]));
    expect(renderMarkdown(sourceOf(blocks, { metadata: [] }))).toBe("# 2026년 업무 보고\n");
    expect(renderHtml(sourceOf(blocks))).toContain("<main><p><br></p>\n<p>   </p></main>");
  });
});
