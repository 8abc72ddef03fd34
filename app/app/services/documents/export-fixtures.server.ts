import { BODY } from "@nuri/collab";
import * as Y from "yjs";
import type { ExportSource } from "./document-model.ts";

// Documents for tests, built the way Tiptap's Collaboration extension (y-prosemirror) stores
// them: an XmlElement per node named after its type with its attributes as they are (numbers
// and booleans too), and the text of a run of text nodes in one XmlText whose formatting
// attributes are the marks (`name: attrs`, or `name--<8 base64 characters>` when they overlap).

export type Run = [text: string, marks?: Record<string, unknown>];
type Child = Y.XmlElement | Y.XmlText;

export function text(...runs: Run[]): Y.XmlText {
  const node = new Y.XmlText();
  node.applyDelta(runs.map(([insert, marks]) => (marks ? { insert, attributes: marks } : { insert })));
  return node;
}

export function el(
  name: string,
  attributes: Record<string, unknown> = {},
  children: Child[] = [],
): Y.XmlElement {
  const node = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value as string);
  if (children.length > 0) node.insert(0, children);
  return node;
}

export const p = (...runs: Run[]) => el("paragraph", {}, [text(...runs)]);

/** A Y.Doc whose body holds `blocks`; the caller destroys it. */
export function docOf(...blocks: Child[]): Y.Doc {
  const doc = new Y.Doc();
  doc.getXmlFragment(BODY).insert(0, blocks);
  return doc;
}

/** The Yjs state of a body of `blocks`, as the collab-server stores it. */
export function stateOf(...blocks: Child[]): Uint8Array {
  const doc = docOf(...blocks);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** One of each node and mark an export must carry, in Korean. */
export function everyNode(imageSrc: string): Child[] {
  return [
    el("heading", { level: 1 }, [text(["2026년 디지털정부 추진 계획"])]),
    p(
      ["평문 "],
      ["굵게", { bold: {} }],
      [" "],
      ["기울임", { italic: {} }],
      [" "],
      ["밑줄", { underline: {} }],
      [" "],
      ["취소", { strike: {} }],
      [" "],
      ["코드", { code: {} }],
      [" "],
      ["형광", { highlight: {} }],
      [" H"],
      ["2", { subscript: {} }],
      ["O x"],
      ["2", { superscript: {} }],
      [" "],
      ["정부 누리집", { link: { href: "https://www.gov.kr" } }],
    ),
    el("paragraph", {}, [text(["첫 줄"]), el("hardBreak"), text(["둘째 줄"])]),
    el("heading", { level: 2 }, [text(["추진 과제"])]),
    el("bulletList", {}, [
      el("listItem", {}, [p(["클라우드 전환"])]),
      el("listItem", {}, [
        p(["공공 데이터 개방"]),
        el("orderedList", { start: 3 }, [el("listItem", {}, [p(["세부 과제"])])]),
      ]),
    ]),
    el("orderedList", { start: 1 }, [el("listItem", {}, [p(["첫째"])]), el("listItem", {}, [p(["둘째"])])]),
    el("taskList", {}, [
      el("taskItem", { checked: true }, [p(["예산 확정"])]),
      el("taskItem", { checked: false }, [p(["결재 상신"])]),
    ]),
    el("blockquote", {}, [p(["국민이 체감하는 디지털정부"])]),
    el("table", {}, [
      el("tableRow", {}, [el("tableHeader", {}, [p(["과제"])]), el("tableHeader", {}, [p(["담당"])])]),
      el("tableRow", {}, [
        el("tableCell", {}, [p(["클라우드"])]),
        el("tableCell", {}, [p(["디지털정부정책과"])]),
      ]),
      el("tableRow", {}, [el("tableCell", { colspan: 2 }, [p(["합계 2건"])])]),
    ]),
    el("image", { src: imageSrc, alt: "조직도 그림" }),
    el("horizontalRule"),
    el("codeBlock", { language: "sql" }, [text(["select 1;\n-- 주석"])]),
  ];
}

/** An export source around `blocks`, with the labels in Korean. */
export function sourceOf(
  blocks: ExportSource["blocks"],
  overrides: Partial<ExportSource> = {},
): ExportSource {
  return {
    title: "2026년 업무 보고",
    lang: "ko",
    metadata: [
      { label: "기관", value: "디지털행정부" },
      { label: "공개구분", value: "부분공개(5, 6호)" },
      { label: "보존기간", value: "10년" },
    ],
    blocks,
    images: new Map(),
    origin: "https://nuri.example.go.kr",
    labels: { image: "[이미지: {alt}]", metadata: "기록물 정보" },
    ...overrides,
  };
}
