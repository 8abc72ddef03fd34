// @vitest-environment jsdom
import { officialDocumentLines } from "@nuri/approval";
import { describe, expect, it } from "vitest";
import { delegatedDocument, internalDocument, proxyDocument } from "./official-document-fixtures.server.ts";
import { renderOfficialDocumentHtml, stripActiveContent } from "./official-document-html.server.ts";

// The official document's HTML page read back as a browser parses it: its text line by line,
// its form structure, and what it does with hostile input.

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, "text/html");
}

/** The page's visible text, one line per row, paragraph or list item, whitespace collapsed. */
function textLines(html: string): string[] {
  const body = parse(html).body;
  for (const element of body.querySelectorAll("p, li, tr, div, br")) element.after("\n");
  for (const element of body.querySelectorAll("th, td")) element.after(" ");
  return (body.textContent ?? "")
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => line !== "");
}

function signerCells(document: Document, table: "signers" | "cooperators") {
  return [...document.querySelectorAll(`table.${table} td.signer`)].map((cell) => ({
    role: cell.getAttribute("data-role"),
    mark: cell.getAttribute("data-mark"),
    position: cell.querySelector(".position")?.textContent,
    markLabel: cell.querySelector(".mark")?.textContent ?? null,
    name: cell.querySelector(".name")?.textContent ?? null,
  }));
}

describe("renderOfficialDocumentHtml", () => {
  it("reads as the 기안문 of a 전결 document, line by line", () => {
    expect(textLines(renderOfficialDocumentHtml(delegatedDocument()))).toEqual([
      "디지털행정부",
      "수신 국가기록원장",
      "(경유)",
      "제목 2027년 전자결재 전환 계획 보고",
      "1. 관련: 디지털정부정책과-7(2026. 11. 2.)",
      "2. 2027년 전자결재 전환 계획을 붙임과 같이 보고합니다.",
      "붙임 1. 2027년 전자결재 전환 계획 1부.",
      "2. 추진 일정표 1부. 끝.",
      "디지털행정부장관",
      "주무관 김하늘 사무관 박정우 과장 전결 서민지 국장 전결",
      "협조자 예산팀장 이도윤 보안팀장 최서연",
      "시행 디지털정부정책과-12 (2026. 11. 24.) 접수",
      "우 30112 세종특별자치시 도움6로 42 / https://www.digital.go.kr",
      "전화 044-205-1234 전송 044-205-8900 / haneul.kim@digital.go.kr / 공개",
    ]);
  });

  it("says the same words as the text lines, for each kind of document", () => {
    for (const doc of [delegatedDocument(), proxyDocument(), internalDocument()]) {
      const lines = officialDocumentLines(doc);
      const words = (text: string) => text.split(/\s+/).filter(Boolean);
      expect(textLines(renderOfficialDocumentHtml(doc)).flatMap(words)).toEqual(
        [...lines.head, ...lines.body, ...lines.foot].flatMap(words),
      );
    }
  });

  it("is a complete Korean page whose three parts come in the form's order", () => {
    const html = renderOfficialDocumentHtml(delegatedDocument());
    expect(html.startsWith('<!doctype html>\n<html lang="ko">')).toBe(true);
    const document = parse(html);
    expect(document.title).toBe("2027년 전자결재 전환 계획 보고 (디지털정부정책과-12)");
    expect(
      document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content"),
    ).toMatch(/default-src 'none'/);
    expect(document.querySelector("style")?.textContent).toMatch(
      /@page \{ size: A4; margin: 30mm 15mm 15mm 20mm; \}/,
    );
    const parts = [...document.querySelectorAll("table.form > tbody")].map((part) => part.className);
    expect(parts).toEqual(["head", "body", "foot"]);
    expect(document.querySelector("tbody.head .agency")?.textContent).toBe("디지털행정부");
    expect(document.querySelector("tbody.body tr.title td")?.textContent).toBe(
      "2027년 전자결재 전환 계획 보고",
    );
    expect(document.querySelector("tbody.foot .sender")?.textContent).toBe("디지털행정부장관");
    expect(document.querySelector("tbody.foot .enforcement")?.textContent).toBe(
      "시행 디지털정부정책과-12 (2026. 11. 24.)",
    );
  });

  it("gives every signer one cell, in line order, with 전결 marked on the closer and the superior", () => {
    const document = parse(renderOfficialDocumentHtml(delegatedDocument()));
    expect(signerCells(document, "signers")).toEqual([
      { role: "drafter", mark: "none", position: "주무관", markLabel: null, name: "김하늘" },
      { role: "review", mark: "none", position: "사무관", markLabel: null, name: "박정우" },
      { role: "approve", mark: "delegated", position: "과장", markLabel: "전결", name: "서민지" },
      { role: "approve", mark: "skipped", position: "국장", markLabel: "전결", name: null },
    ]);
    expect(signerCells(document, "cooperators")).toEqual([
      { role: "cooperate", mark: "none", position: "예산팀장", markLabel: null, name: "이도윤" },
      { role: "cooperate", mark: "none", position: "보안팀장", markLabel: null, name: "최서연" },
    ]);
    // Rows are as wide as the form's six 서명란, filled out with empty cells.
    expect(document.querySelectorAll("table.signers tr > td")).toHaveLength(6);
    expect(document.querySelector("table.cooperators th")?.textContent).toBe("협조자");
  });

  it("marks 대결, lists several recipients under the 발신명의 and shows the 경유 and 접수", () => {
    const document = parse(renderOfficialDocumentHtml(proxyDocument()));
    expect(signerCells(document, "signers").at(-1)).toEqual({
      role: "approve",
      mark: "proxy",
      position: "과장",
      markLabel: "대결",
      name: "윤하람",
    });
    expect(signerCells(document, "cooperators")).toEqual([]);
    expect(document.querySelector("table.cooperators th")?.textContent).toBe("협조자");
    expect(document.querySelector("tr.recipient td")?.textContent).toBe("수신자 참조");
    expect(document.querySelector("tr.via td")?.textContent).toBe("세종특별자치시장");
    expect(document.querySelector("tr.recipients td")?.textContent).toBe("행정안전부장관, 국가기록원장");
    expect(document.querySelector(".receipt")?.textContent).toBe("접수 기록정책과-345 (2026. 12. 2.)");
    expect(document.querySelector("tr.attachments li")?.textContent).toBe("개인정보 처리 현황 1부.  끝.");
    expect(document.querySelector("tr.contact td")?.textContent).toMatch(/\/ 부분공개\(제5호, 제6호\)$/);
  });

  it("writes a 내부결재 with no 발신명의, 끝 after the text and its 비공개 grounds", () => {
    const document = parse(renderOfficialDocumentHtml(internalDocument()));
    expect(document.querySelector("tr.recipient td")?.textContent).toBe("내부결재");
    expect(document.querySelector(".sender")).toBeNull();
    expect(document.querySelector("tr.attachments")).toBeNull();
    expect(document.querySelector(".content p:last-child")?.textContent).toBe(
      "2. 점검 결과를 아래와 같이 보고합니다.\u00a0\u00a0끝.",
    );
    expect(document.querySelector("tr.contact td")?.textContent).toMatch(/\/ 비공개\(제1호, 제5호\)$/);
  });

  it("wraps a long line of signers into rows of six", () => {
    const base = delegatedDocument();
    const reviewers = Array.from({ length: 7 }, (_, index) => ({
      role: "review" as const,
      position: `검토${index + 1}`,
      name: `사람${index + 1}`,
      mark: "none" as const,
      signedAt: "2026-11-23T15:02:00+09:00",
    }));
    const document = parse(
      renderOfficialDocumentHtml({ ...base, signatures: [...reviewers, ...base.signatures] }),
    );
    const rows = [...document.querySelectorAll("table.signers tr")].map(
      (row) => row.querySelectorAll("td.signer").length,
    );
    expect(rows).toEqual([6, 5]);
    expect(signerCells(document, "signers").map((cell) => cell.position)).toEqual([
      "검토1",
      "검토2",
      "검토3",
      "검토4",
      "검토5",
      "검토6",
      "검토7",
      "주무관",
      "사무관",
      "과장",
      "국장",
    ]);
  });

  it("escapes every text it writes", () => {
    const hostile = `<img src=x onerror="alert(1)"> & "따옴표" '홑'`;
    const html = renderOfficialDocumentHtml(
      delegatedDocument({
        agencyName: hostile,
        title: hostile,
        recipients: [hostile],
        via: hostile,
        attachments: [hostile],
        senderTitle: hostile,
        registrationNumber: `${hostile}-1`,
        address: hostile,
        email: hostile,
        signatures: [
          { role: "drafter", position: hostile, name: hostile, mark: "none", signedAt: "2026-11-23" },
        ],
      }),
    );
    const document = parse(html);
    expect(document.querySelectorAll("img")).toHaveLength(0);
    expect(html).not.toContain("<img");
    expect(document.querySelector(".agency")?.textContent).toBe(hostile);
    expect(document.querySelector("td.signer .name")?.textContent).toBe(hostile);
    expect(document.title).toBe(`${hostile} (${hostile}-1)`);
  });

  it("keeps the allow-listed body as it is", () => {
    const bodyHtml =
      '<h2>개요</h2><p>평문 <strong>굵게</strong> <a href="https://www.gov.kr" rel="noopener noreferrer nofollow">정부24</a></p>' +
      '<table><tbody><tr><th>구분</th><td>1 &lt; 2 &amp; 3</td></tr></tbody></table><img src="/t/x/images/1" alt="그림"><ul><li>항목</li></ul>';
    const html = renderOfficialDocumentHtml(delegatedDocument({ bodyHtml }));
    expect(html).toContain(bodyHtml);
  });

  it("strips anything active from the body all the same", () => {
    const bodyHtml = [
      "<p>앞<script>alert(1)</script>뒤</p>",
      '<p onclick="alert(2)" ONMOUSEOVER=alert(3) class="x">이벤트</p>',
      '<a href="javascript:alert(4)">링크</a>',
      '<a href="  jav&#x09;ascript&colon;alert(5)">인코딩</a>',
      '<a href="&#106;avascript:alert(6)">숫자</a>',
      '<img src="data:text/html;base64,PHNjcmlwdD4=" alt="데이터">',
      '<iframe src="https://evil.example"></iframe>',
      '<svg><a xlink:href="javascript:alert(7)">그림</a></svg>',
      "<!-- <script>alert(8)</script> -->",
      "<scr<script>ipt>alert(9)</script>",
      "<p>끝",
      "<script src=https://evil.example/x.js",
    ].join("");
    const html = renderOfficialDocumentHtml(delegatedDocument({ bodyHtml }));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/data:text/i);
    const content = parse(html).querySelector(".content")!;
    expect(content.querySelectorAll("script, iframe")).toHaveLength(0);
    expect(content.querySelector("p")?.textContent).toBe("앞뒤");
    expect(content.querySelector("p.x")?.textContent).toBe("이벤트");
    expect([...content.querySelectorAll("a")].map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["링크", null],
      ["인코딩", null],
      ["숫자", null],
      ["그림", null],
    ]);
    for (const element of content.querySelectorAll("*")) {
      for (const attribute of element.attributes) expect(attribute.name).not.toMatch(/^on/i);
    }
  });
});

describe("stripActiveContent", () => {
  it.each([
    ["<p>가</p>", "<p>가</p>"],
    ["<p class=\"a\" data-x='1'>가</p>", '<p class="a" data-x="1">가</p>'],
    ["<br/><hr>", "<br /><hr>"],
    ["a < b", "a &lt; b"],
    ["<a/onclick=alert(1)>x", "&lt;a/onclick=alert(1)>x"],
    ["<STYLE>p{}</STYLE><p>가</p>", "<p>가</p>"],
    ['<img src="data:image/png;base64,AAAA">', '<img src="data:image/png;base64,AAAA">'],
    ['<p style="background:url(javascript:alert(1))">가</p>', "<p>가</p>"],
  ])("makes %j into %j", (input, expected) => {
    expect(stripActiveContent(input)).toBe(expected);
  });
});
