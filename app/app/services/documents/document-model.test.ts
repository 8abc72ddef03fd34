import { BODY } from "@nuri/collab";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  imagesOf,
  MAX_MODEL_DEPTH,
  ownImageId,
  plainTextOf,
  readDocumentModel,
  safeUrl,
} from "./document-model.ts";
import { docOf, el, everyNode, p, text } from "./export-fixtures.server.ts";

function model(...blocks: (Y.XmlElement | Y.XmlText)[]) {
  const doc = docOf(...blocks);
  try {
    return readDocumentModel(doc);
  } finally {
    doc.destroy();
  }
}

const IMAGE =
  "/t/digital-gov/documents/0b6c1c1e-7a4f-4d55-9d2b-3f0f8d7e1a11/images/5f1d3a2b-0c4e-4b8a-9f6e-1a2b3c4d5e6f";

describe("readDocumentModel", () => {
  it("reads an empty body as no blocks", () => {
    expect(model()).toEqual([]);
  });

  it("reads every Tiptap node and mark into blocks", () => {
    const blocks = model(...everyNode(IMAGE));
    expect(blocks).toEqual([
      {
        type: "heading",
        level: 1,
        content: [{ type: "text", text: "2026년 디지털정부 추진 계획", marks: {} }],
      },
      {
        type: "paragraph",
        content: [
          { type: "text", text: "평문 ", marks: {} },
          { type: "text", text: "굵게", marks: { bold: true } },
          { type: "text", text: " ", marks: {} },
          { type: "text", text: "기울임", marks: { italic: true } },
          { type: "text", text: " ", marks: {} },
          { type: "text", text: "밑줄", marks: { underline: true } },
          { type: "text", text: " ", marks: {} },
          { type: "text", text: "취소", marks: { strike: true } },
          { type: "text", text: " ", marks: {} },
          { type: "text", text: "코드", marks: { code: true } },
          { type: "text", text: " ", marks: {} },
          { type: "text", text: "형광", marks: { highlight: true } },
          { type: "text", text: " H", marks: {} },
          { type: "text", text: "2", marks: { subscript: true } },
          { type: "text", text: "O x", marks: {} },
          { type: "text", text: "2", marks: { superscript: true } },
          { type: "text", text: " ", marks: {} },
          { type: "text", text: "정부 누리집", marks: { link: "https://www.gov.kr" } },
        ],
      },
      {
        type: "paragraph",
        content: [
          { type: "text", text: "첫 줄", marks: {} },
          { type: "break" },
          { type: "text", text: "둘째 줄", marks: {} },
        ],
      },
      { type: "heading", level: 2, content: [{ type: "text", text: "추진 과제", marks: {} }] },
      {
        type: "list",
        style: "bullet",
        start: 1,
        items: [
          {
            checked: null,
            blocks: [{ type: "paragraph", content: [{ type: "text", text: "클라우드 전환", marks: {} }] }],
          },
          {
            checked: null,
            blocks: [
              { type: "paragraph", content: [{ type: "text", text: "공공 데이터 개방", marks: {} }] },
              {
                type: "list",
                style: "ordered",
                start: 3,
                items: [
                  {
                    checked: null,
                    blocks: [
                      { type: "paragraph", content: [{ type: "text", text: "세부 과제", marks: {} }] },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        type: "list",
        style: "ordered",
        start: 1,
        items: [
          {
            checked: null,
            blocks: [{ type: "paragraph", content: [{ type: "text", text: "첫째", marks: {} }] }],
          },
          {
            checked: null,
            blocks: [{ type: "paragraph", content: [{ type: "text", text: "둘째", marks: {} }] }],
          },
        ],
      },
      {
        type: "list",
        style: "task",
        start: 1,
        items: [
          {
            checked: true,
            blocks: [{ type: "paragraph", content: [{ type: "text", text: "예산 확정", marks: {} }] }],
          },
          {
            checked: false,
            blocks: [{ type: "paragraph", content: [{ type: "text", text: "결재 상신", marks: {} }] }],
          },
        ],
      },
      {
        type: "quote",
        blocks: [
          { type: "paragraph", content: [{ type: "text", text: "국민이 체감하는 디지털정부", marks: {} }] },
        ],
      },
      {
        type: "table",
        rows: [
          [
            {
              header: true,
              colspan: 1,
              rowspan: 1,
              blocks: [{ type: "paragraph", content: [{ type: "text", text: "과제", marks: {} }] }],
            },
            {
              header: true,
              colspan: 1,
              rowspan: 1,
              blocks: [{ type: "paragraph", content: [{ type: "text", text: "담당", marks: {} }] }],
            },
          ],
          [
            {
              header: false,
              colspan: 1,
              rowspan: 1,
              blocks: [{ type: "paragraph", content: [{ type: "text", text: "클라우드", marks: {} }] }],
            },
            {
              header: false,
              colspan: 1,
              rowspan: 1,
              blocks: [
                { type: "paragraph", content: [{ type: "text", text: "디지털정부정책과", marks: {} }] },
              ],
            },
          ],
          [
            {
              header: false,
              colspan: 2,
              rowspan: 1,
              blocks: [{ type: "paragraph", content: [{ type: "text", text: "합계 2건", marks: {} }] }],
            },
          ],
        ],
      },
      { type: "image", src: IMAGE, alt: "조직도 그림" },
      { type: "rule" },
      { type: "code", language: "sql", text: "select 1;\n-- 주석" },
    ]);
  });

  it("keeps marks that overlap themselves, merges equal runs and drops unknown marks", () => {
    const [block] = model(
      p(["가", { "bold--AbCd1234": {} }], ["나", { bold: {} }], ["다", { comment: { id: "x" } }], ["라"]),
    );
    expect(block).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "가나", marks: { bold: true } },
        { type: "text", text: "다라", marks: {} },
      ],
    });
  });

  it("keeps only safe link and image URLs", () => {
    const [paragraph, image, other] = model(
      p(
        ["위험", { link: { href: "javascript:alert(1)" } }],
        ["안전", { link: { href: "/t/digital-gov/documents" } }],
      ),
      el("image", { src: "javascript:alert(1)", alt: "그림" }),
      el("image", { src: "//evil.example/x.png", alt: "" }),
    );
    expect(paragraph).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "위험", marks: {} },
        { type: "text", text: "안전", marks: { link: "/t/digital-gov/documents" } },
      ],
    });
    expect(image).toEqual({ type: "image", src: "", alt: "그림" });
    expect(other).toEqual({ type: "image", src: "", alt: "" });
    expect(safeUrl("/\\evil.example", false)).toBeNull();
    expect(safeUrl("mailto:a@korea.kr", true)).toBeNull();
    expect(safeUrl("mailto:a@korea.kr", false)).toBe("mailto:a@korea.kr");
  });

  it("splits a paragraph around an inline image and keeps unknown nodes' text", () => {
    const blocks = model(
      el("paragraph", {}, [text(["앞"]), el("image", { src: IMAGE, alt: "그림" }), text(["뒤"])]),
      el("callout", {}, [p(["알 수 없는 블록의 글"])]),
      el("paragraph", {}, [text(["안쪽 "]), el("mention", {}, [text(["@서민지"])])]),
    );
    expect(blocks).toEqual([
      { type: "paragraph", content: [{ type: "text", text: "앞", marks: {} }] },
      { type: "image", src: IMAGE, alt: "그림" },
      { type: "paragraph", content: [{ type: "text", text: "뒤", marks: {} }] },
      { type: "paragraph", content: [{ type: "text", text: "알 수 없는 블록의 글", marks: {} }] },
      { type: "paragraph", content: [{ type: "text", text: "안쪽 @서민지", marks: {} }] },
    ]);
  });

  it("reads nesting deeper than the limit as the plain text of the rest", () => {
    const doc = new Y.Doc();
    try {
      // Yjs stores and syncs any depth; the model stops at MAX_MODEL_DEPTH instead of the stack.
      doc.transact(() => {
        let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(BODY);
        for (let depth = 0; depth < 20_000; depth++) {
          const quote = new Y.XmlElement("blockquote");
          parent.insert(0, [quote]);
          parent = quote;
        }
        parent.insert(0, [p(["가장 안쪽"])]);
      });
      const blocks = readDocumentModel(doc);
      let depth = 0;
      let current = blocks[0];
      while (current?.type === "quote") {
        depth++;
        current = current.blocks[0];
      }
      expect(depth).toBe(MAX_MODEL_DEPTH);
      expect(current).toEqual({
        type: "paragraph",
        content: [{ type: "text", text: "가장 안쪽", marks: {} }],
      });
    } finally {
      doc.destroy();
    }
  });

  it("clamps attributes: heading levels, list starts, spans, code languages", () => {
    const blocks = model(
      el("heading", { level: 9 }, [text(["제목"])]),
      el("orderedList", { start: -4 }, [el("listItem", {}, [p(["항목"])])]),
      el("table", {}, [el("tableRow", {}, [el("tableCell", { colspan: 1e9, rowspan: "2" }, [p(["칸"])])])]),
      el("codeBlock", { language: "js<script>" }, [text(["x"])]),
    );
    expect(blocks[0]).toMatchObject({ type: "heading", level: 2 });
    expect(blocks[1]).toMatchObject({ type: "list", start: 1 });
    expect(blocks[2]).toMatchObject({ type: "table", rows: [[{ colspan: 1, rowspan: 2 }]] });
    expect(blocks[3]).toEqual({ type: "code", language: null, text: "x" });
  });
});

describe("helpers of the model", () => {
  it("finds every image and the plain text, in reading order", () => {
    const blocks = model(...everyNode(IMAGE));
    expect(imagesOf(blocks).map((image) => image.src)).toEqual([IMAGE]);
    const plain = plainTextOf(blocks);
    expect(plain).toContain("2026년 디지털정부 추진 계획");
    expect(plain).toContain("과제 담당");
    expect(plain).toContain("select 1;");
  });

  it("takes as the document's own images only its own image paths", () => {
    const documentId = "0b6c1c1e-7a4f-4d55-9d2b-3f0f8d7e1a11";
    expect(ownImageId(IMAGE, "digital-gov", documentId)).toBe("5f1d3a2b-0c4e-4b8a-9f6e-1a2b3c4d5e6f");
    expect(ownImageId(IMAGE, "nuri-es", documentId)).toBeNull();
    expect(ownImageId(IMAGE, "digital-gov", "1b6c1c1e-7a4f-4d55-9d2b-3f0f8d7e1a11")).toBeNull();
    expect(ownImageId(`${IMAGE}/../x`, "digital-gov", documentId)).toBeNull();
    expect(ownImageId("https://evil.example/x.png", "digital-gov", documentId)).toBeNull();
  });
});
