import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BODY } from "./body.ts";
import { escapeHtml, MAX_PROJECTION_CHARS, projectDocument } from "./projection.ts";

// Documents built the way Tiptap's Collaboration extension (y-prosemirror) stores them: an
// XmlElement per node named after the node type, its attributes as they are (numbers and
// booleans too), the text of a run of text nodes in one XmlText whose formatting attributes are
// the marks (`name: attrs`, or `name--<8 base64 characters>` for marks that may overlap).

type Run = [text: string, marks?: Record<string, unknown>];
type Child = Y.XmlElement | Y.XmlText;

function text(...runs: Run[]): Y.XmlText {
  const node = new Y.XmlText();
  node.applyDelta(runs.map(([insert, marks]) => (marks ? { insert, attributes: marks } : { insert })));
  return node;
}

function el(name: string, attributes: Record<string, unknown> = {}, children: Child[] = []): Y.XmlElement {
  const node = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value as string);
  if (children.length > 0) node.insert(0, children);
  return node;
}

const p = (...runs: Run[]) => el("paragraph", {}, [text(...runs)]);

function docOf(...blocks: Child[]): Y.Doc {
  const doc = new Y.Doc();
  doc.getXmlFragment(BODY).insert(0, blocks);
  return doc;
}

function project(...blocks: Child[]) {
  const doc = docOf(...blocks);
  try {
    return projectDocument(doc);
  } finally {
    doc.destroy();
  }
}

/** Every element opened in `html` is closed, in order (void elements aside). */
function balanced(html: string): boolean {
  const open: string[] = [];
  for (const [, closing, name] of html.matchAll(/<(\/?)([a-z][a-z0-9]*)[^<>]*>/g)) {
    if (["br", "hr", "img"].includes(name!)) continue;
    if (!closing) open.push(name!);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0;
}

/** No lone surrogate: what String.prototype.isWellFormed (ES2024) checks. */
const wellFormed = (value: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);

const LINK = "noopener noreferrer nofollow";

describe("projectDocument", () => {
  it("projects an empty body to nothing", () => {
    expect(project()).toEqual({ text: "", html: "" });
  });

  it("projects every Tiptap node and mark to one line per block and to HTML", () => {
    const projection = project(
      el("heading", { level: 1 }, [text(["누리 업무 보고"])]),
      el("heading", { level: 2 }, [text(["개요"])]),
      el("heading", { level: 3 }, [text(["세부 사항"])]),
      p(
        ["평문 "],
        ["굵게", { bold: {} }],
        [" "],
        ["기울임", { italic: {} }],
        [" "],
        ["코드", { code: {} }],
        [" "],
        [
          "정부 누리집",
          { link: { href: "https://www.korea.go.kr", target: "_blank", rel: LINK, class: null } },
        ],
        [" "],
        ["굵은 링크", { bold: {}, link: { href: "/docs/1", target: null } }],
      ),
      el("bulletList", {}, [el("listItem", {}, [p(["하나"])]), el("listItem", {}, [p(["둘"])])]),
      el("orderedList", { start: 3, type: null }, [el("listItem", {}, [p(["셋"])])]),
      el("orderedList", { start: 1 }, [el("listItem", {}, [p(["첫 번호"])])]),
      el("taskList", {}, [
        el("taskItem", { checked: true }, [p(["결재 완료"])]),
        el("taskItem", { checked: false }, [p(["검토 중"])]),
      ]),
      el("blockquote", {}, [p(["인용문"])]),
      el("codeBlock", { language: "ts" }, [text(["const a = 1;\nconst b = a < 2 && a > 0;"])]),
      el("horizontalRule"),
      el("paragraph", {}, [text(["첫째 줄"]), el("hardBreak"), text(["둘째 줄"])]),
      el("table", {}, [
        el("tableRow", {}, [
          el("tableHeader", { colspan: 1, rowspan: 1 }, [p(["항목"])]),
          el("tableHeader", { colspan: 2, rowspan: 1 }, [p(["값"])]),
        ]),
        el("tableRow", {}, [
          el("tableCell", { colspan: 1, rowspan: 2 }, [p(["가"])]),
          el("tableCell", { colspan: 1, rowspan: 1 }, [p(["나"])]),
          el("tableCell", { colspan: 1, rowspan: 1 }, [p(["다"])]),
        ]),
      ]),
      el("image", { src: "/files/2f4c/logo.png", alt: "누리 로고", title: "로고" }),
      el("image", { src: "https://cdn.nuri.go.kr/a.png", alt: "표지" }),
      p(
        ["겹친 표시", { "bold--Ab+/Cd1=": {}, "highlight--Zx09yW8v": { color: "#ff0" } }],
        [" 메모", { "comment--AbCd1234": { id: 7 } }],
      ),
      el("paragraph"),
    );

    expect(projection.text).toBe(
      [
        "누리 업무 보고",
        "개요",
        "세부 사항",
        "평문 굵게 기울임 코드 정부 누리집 굵은 링크",
        "하나",
        "둘",
        "셋",
        "첫 번호",
        "결재 완료",
        "검토 중",
        "인용문",
        "const a = 1;",
        "const b = a < 2 && a > 0;",
        "첫째 줄",
        "둘째 줄",
        "항목",
        "값",
        "가",
        "나",
        "다",
        "겹친 표시 메모",
      ].join("\n"),
    );
    expect(projection.html).toBe(
      [
        "<h1>누리 업무 보고</h1>",
        "<h2>개요</h2>",
        "<h3>세부 사항</h3>",
        "<p>평문 <strong>굵게</strong> <em>기울임</em> <code>코드</code> ",
        `<a href="https://www.korea.go.kr" rel="${LINK}">정부 누리집</a> `,
        `<a href="/docs/1" rel="${LINK}"><strong>굵은 링크</strong></a></p>`,
        "<ul><li><p>하나</p></li><li><p>둘</p></li></ul>",
        '<ol start="3"><li><p>셋</p></li></ol>',
        "<ol><li><p>첫 번호</p></li></ol>",
        '<ul data-type="taskList">',
        '<li data-type="taskItem" data-checked="true"><p>결재 완료</p></li>',
        '<li data-type="taskItem" data-checked="false"><p>검토 중</p></li>',
        "</ul>",
        "<blockquote><p>인용문</p></blockquote>",
        "<pre><code>const a = 1;\nconst b = a &lt; 2 &amp;&amp; a &gt; 0;</code></pre>",
        "<hr>",
        "<p>첫째 줄<br>둘째 줄</p>",
        "<table>",
        '<tr><th><p>항목</p></th><th colspan="2"><p>값</p></th></tr>',
        '<tr><td rowspan="2"><p>가</p></td><td><p>나</p></td><td><p>다</p></td></tr>',
        "</table>",
        '<img src="/files/2f4c/logo.png" alt="누리 로고">',
        '<img src="https://cdn.nuri.go.kr/a.png" alt="표지">',
        "<p><strong><mark>겹친 표시</mark></strong> 메모</p>",
        "<p></p>",
      ].join(""),
    );
  });

  it("keeps the text of a change made after the first projection (the projection follows the live doc)", () => {
    const doc = docOf(p(["초안"]));
    try {
      expect(projectDocument(doc).text).toBe("초안");
      const paragraph = doc.getXmlFragment(BODY).get(0) as Y.XmlElement;
      (paragraph.get(0) as Y.XmlText).insert(2, " 수정", { italic: {} });
      expect(projectDocument(doc)).toEqual({ text: "초안 수정", html: "<p>초안<em> 수정</em></p>" });
    } finally {
      doc.destroy();
    }
  });
});

describe("projectDocument's safety", () => {
  it("escapes text: tags, quotes and ampersands never become markup", () => {
    const projection = project(p([`<script>alert("누리")</script> & 'x' <img src=x onerror=alert(1)>`]));
    expect(projection.text).toBe(`<script>alert("누리")</script> & 'x' <img src=x onerror=alert(1)>`);
    expect(projection.html).toBe(
      "<p>&lt;script&gt;alert(&quot;누리&quot;)&lt;/script&gt; &amp; &#39;x&#39; " +
        "&lt;img src=x onerror=alert(1)&gt;</p>",
    );
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "\u0001javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//evil.example/steal",
    "/\\evil.example/steal",
    "\\\\evil.example/steal",
    "/\t/evil.example/steal",
    "/\n/evil.example/steal",
    "file:///etc/passwd",
    "",
  ])("drops the link %j and keeps its text", (href) => {
    const projection = project(p(["앞 "], ["누르세요", { link: { href } }], [" 뒤"]));
    expect(projection.text).toBe("앞 누르세요 뒤");
    expect(projection.html).toBe("<p>앞 누르세요 뒤</p>");
  });

  it("drops a link without an href, or with one that is not a string or is too long", () => {
    for (const link of [
      {},
      null,
      { href: 42 },
      { href: ["/files/a"] },
      { href: `/files/${"a".repeat(2100)}` },
    ]) {
      expect(project(p(["문서", { link }])).html).toBe("<p>문서</p>");
    }
  });

  it.each([
    ["/files/보고서.hwp?v=1", "/files/보고서.hwp?v=1"],
    ["https://www.korea.go.kr/a?b=1&c=2", "https://www.korea.go.kr/a?b=1&amp;c=2"],
    ["HTTP://example.kr", "HTTP://example.kr"],
    ["mailto:민원@korea.go.kr", "mailto:민원@korea.go.kr"],
    [
      ' https://example.kr/"><script>alert(1)</script>',
      "https://example.kr/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
    ],
  ])("keeps the link %j, escaped", (href, kept) => {
    expect(project(p(["링크", { link: { href } }])).html).toBe(
      `<p><a href="${kept}" rel="${LINK}">링크</a></p>`,
    );
  });

  it.each([
    "javascript:alert(1)",
    "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "data:image/png;base64,iVBORw0KGgo=",
    "//evil.example/pixel.gif",
    "/\\evil.example/pixel.gif",
    "mailto:a@example.kr",
    "",
  ])("drops the image %j whole", (src) => {
    const projection = project(p(["앞"]), el("image", { src, alt: "그림" }), p(["뒤"]));
    expect(projection.html).toBe("<p>앞</p><p>뒤</p>");
    expect(projection.text).toBe("앞\n뒤");
  });

  it("drops an image with no src at all, keeps a same-site one and escapes its alt", () => {
    expect(project(el("image", { alt: "x" })).html).toBe("");
    expect(project(el("image", { src: "/files/a.png", alt: `"><script>alert('x')</script>` })).html).toBe(
      '<img src="/files/a.png" alt="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">',
    );
  });

  it("keeps the text of unknown nodes and marks without their markup or attributes", () => {
    const projection = project(
      el("details", { onclick: "alert(1)", open: true }, [
        el("detailsSummary", {}, [text(["요약"])]),
        p(["<b>본문</b>"]),
      ]),
      el("paragraph", {}, [
        text(["담당: "]),
        el("mention", { id: "u1", label: "홍길동" }, [text(["@홍길동"])]),
        text([" 확인", { textStyle: { color: "red" }, onclick: { href: "javascript:alert(1)" } }]),
      ]),
      el("script", {}, [text(["alert(1)"])]),
      el("iframe", { src: "https://evil.example" }),
    );
    expect(projection.text).toBe("요약\n<b>본문</b>\n담당: @홍길동 확인\nalert(1)");
    expect(projection.html).toBe("요약<p>&lt;b&gt;본문&lt;/b&gt;</p><p>담당: @홍길동 확인</p>alert(1)");
  });

  it("writes only checked numbers and fixed strings as attributes", () => {
    const projection = project(
      el("heading", { level: '1 onload="alert(1)"' }, [text(["가"])]),
      el("heading", { level: 7 }, [text(["나"])]),
      el("orderedList", { start: '3" onmouseover="alert(1)' }, [el("listItem", {}, [p(["다"])])]),
      el("taskList", {}, [el("taskItem", { checked: 'true" onclick="x' }, [p(["라"])])]),
      el("table", {}, [el("tableRow", {}, [el("tableCell", { colspan: "2 x", rowspan: 1.5 }, [p(["마"])])])]),
    );
    expect(projection.html).toBe(
      "<h2>가</h2><h2>나</h2><ol><li><p>다</p></li></ol>" +
        '<ul data-type="taskList"><li data-type="taskItem" data-checked="false"><p>라</p></li></ul>' +
        "<table><tr><td><p>마</p></td></tr></table>",
    );
  });

  it("projects any depth of nesting", () => {
    const doc = new Y.Doc();
    try {
      // Yjs stores and syncs this happily; a recursive walk would overflow the stack.
      doc.transact(() => {
        let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(BODY);
        for (let depth = 0; depth < 20_000; depth++) {
          const quote = new Y.XmlElement("blockquote");
          parent.insert(0, [quote]);
          parent = quote;
        }
        parent.insert(0, [p(["깊은 곳"])]);
      });
      const projection = projectDocument(doc);
      expect(projection.text).toBe("깊은 곳");
      expect(projection.html).toBe(
        `${"<blockquote>".repeat(20_000)}<p>깊은 곳</p>${"</blockquote>".repeat(20_000)}`,
      );
    } finally {
      doc.destroy();
    }
  });
});

describe("projectDocument's cap", () => {
  it("cuts the text and the HTML of a long body at MAX_PROJECTION_CHARS", () => {
    const line = "가".repeat(999);
    const blocks = Array.from({ length: 1100 }, () => p([line]));
    const projection = project(...blocks);
    expect(projection.text.length).toBe(MAX_PROJECTION_CHARS);
    expect(projection.text.startsWith(`${line}\n${line}\n`)).toBe(true);
    expect(projection.html.length).toBeLessThanOrEqual(MAX_PROJECTION_CHARS);
    expect(projection.html.length).toBeGreaterThan(MAX_PROJECTION_CHARS - 1010);
    expect(projection.html.startsWith(`<p>${line}</p><p>`)).toBe(true);
    expect(projection.html.endsWith("</p>")).toBe(true);
    expect(balanced(projection.html)).toBe(true);
  });

  it("cuts one huge text inside its open elements, and closes them", () => {
    const projection = project(
      el("bulletList", {}, [
        el("listItem", {}, [p(["앞 "], ["&".repeat(MAX_PROJECTION_CHARS), { bold: {} }])]),
      ]),
    );
    expect(projection.text.length).toBe(MAX_PROJECTION_CHARS);
    expect(projection.html.length).toBeLessThanOrEqual(MAX_PROJECTION_CHARS);
    expect(projection.html.length).toBeGreaterThan(MAX_PROJECTION_CHARS - 5);
    expect(projection.html.startsWith("<ul><li><p>앞 <strong>&amp;&amp;")).toBe(true);
    // never half an entity
    expect(projection.html.endsWith("&amp;</strong></p></li></ul>")).toBe(true);
    expect(projection.html.replaceAll("&amp;", "")).not.toContain("&");
    expect(balanced(projection.html)).toBe(true);
  });

  it("never splits a character made of two UTF-16 units", () => {
    const projection = project(p([`가${"😀".repeat(MAX_PROJECTION_CHARS)}`]));
    expect(projection.text.length).toBeLessThanOrEqual(MAX_PROJECTION_CHARS);
    expect(projection.text.length).toBeGreaterThanOrEqual(MAX_PROJECTION_CHARS - 1);
    expect(wellFormed(projection.text)).toBe(true);
    expect(wellFormed(projection.html)).toBe(true);
    expect(projection.html.length).toBeLessThanOrEqual(MAX_PROJECTION_CHARS);
  });

  it("leaves out a link or an image that would be cut, instead of leaving markup open", () => {
    // The filler puts the end of the room in the middle of what follows it.
    const filler = (rest: number) => "가".repeat(MAX_PROJECTION_CHARS - "<p></p>".length - rest);
    const withImage = project(
      p([filler(30)]),
      el("image", { src: "https://evil.example/collect?page=", alt: "" }),
      p(["뒤"]),
    );
    expect(withImage.html).toBe(`<p>${filler(30)}</p>`);
    const withLink = project(
      el("paragraph", {}, [
        text([filler(30)], ["링크", { link: { href: "https://evil.example/collect?page=" } }]),
      ]),
    );
    expect(withLink.html).toBe(`<p>${filler(30)}</p>`);
    expect(withLink.text).toBe(`${filler(30)}링크`);
    const withTable = project(
      p([filler(10)]),
      el("table", {}, [el("tableRow", {}, [el("tableCell", {}, [p(["x"])])])]),
    );
    expect(withTable.html).toBe(`<p>${filler(10)}</p>`);
  });

  it("keeps a body exactly at the cap whole", () => {
    const body = "나".repeat(MAX_PROJECTION_CHARS - "<p></p>".length);
    const projection = project(p([body]));
    expect(projection.html).toBe(`<p>${body}</p>`);
    expect(projection.text).toBe(body);
  });
});
