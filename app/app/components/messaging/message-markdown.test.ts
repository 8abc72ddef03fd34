import { describe, expect, it } from "vitest";
import { parseInline, parseMessage, safeHref } from "./message-markdown.ts";

describe("the Markdown subset of messages", () => {
  it.each([
    ["plain 텍스트", [{ type: "text", text: "plain 텍스트" }]],
    [
      "**굵게** 보통",
      [
        { type: "strong", children: [{ type: "text", text: "굵게" }] },
        { type: "text", text: " 보통" },
      ],
    ],
    ["*기울임*", [{ type: "em", children: [{ type: "text", text: "기울임" }] }]],
    ["_기울임_", [{ type: "em", children: [{ type: "text", text: "기울임" }] }]],
    ["~~취소~~", [{ type: "strike", children: [{ type: "text", text: "취소" }] }]],
    ["`a**b**`", [{ type: "code", text: "a**b**" }]],
    ["2 * 3 * 4", [{ type: "text", text: "2 * 3 * 4" }]],
    [
      "[누리](https://nuri.example/a?b=1)",
      [{ type: "link", href: "https://nuri.example/a?b=1", children: [{ type: "text", text: "누리" }] }],
    ],
    [
      "see https://nuri.example/x.",
      [
        { type: "text", text: "see " },
        {
          type: "link",
          href: "https://nuri.example/x",
          children: [{ type: "text", text: "https://nuri.example/x" }],
        },
        { type: "text", text: "." },
      ],
    ],
    ["[나쁜](javascript:alert(1))", [{ type: "text", text: "[나쁜](javascript:alert(1))" }]],
    ["<script>alert(1)</script>", [{ type: "text", text: "<script>alert(1)</script>" }]],
    [
      "@김민지 님",
      [
        { type: "mention", name: "김민지" },
        { type: "text", text: " 님" },
      ],
    ],
    ["@없는사람", [{ type: "text", text: "@없는사람" }]],
    ["mail@김민지", [{ type: "text", text: "mail@김민지" }]],
  ])("%s", (input, expected) => {
    expect(parseInline(input, (name) => name === "김민지")).toEqual(expected);
  });

  it("splits blocks: paragraphs with line breaks, fenced code, quotes and lists", () => {
    expect(
      parseMessage("첫 줄\n둘째 줄\n\n```\nconst a = 1;\n**not bold**\n```\n> 인용\n- 하나\n- **둘**"),
    ).toEqual([
      {
        type: "paragraph",
        children: [{ type: "text", text: "첫 줄" }, { type: "break" }, { type: "text", text: "둘째 줄" }],
      },
      { type: "code", text: "const a = 1;\n**not bold**" },
      { type: "quote", children: [{ type: "text", text: "인용" }] },
      {
        type: "list",
        items: [
          [{ type: "text", text: "하나" }],
          [{ type: "strong", children: [{ type: "text", text: "둘" }] }],
        ],
      },
    ]);
  });

  it("accepts only web links", () => {
    expect(safeHref("https://a.example")).toBe("https://a.example/");
    expect(safeHref("data:text/html,<b>")).toBeNull();
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("/relative")).toBeNull();
  });
});
