import { describe, expect, it } from "vitest";
import { decodeMentions, encodeMentions, mentionedIds, mentionToken, splitMentions } from "./mentions.ts";

const KIM = { id: "0b6f1c2e-5d7a-4c1b-9e3f-2a4b6c8d0e1f", name: "김하은" };
const KIM2 = { id: "7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", name: "김하" };

describe("mentions", () => {
  it("writes and reads a token, keeping brackets out of the label", () => {
    expect(mentionToken(KIM)).toBe(`@[김하은](user:${KIM.id})`);
    expect(mentionToken({ id: KIM.id, name: "[팀장] 김하은" })).toBe(`@[팀장  김하은](user:${KIM.id})`);
    expect(mentionedIds(`${mentionToken(KIM)} 그리고 ${mentionToken(KIM)}`)).toEqual([KIM.id]);
  });

  it("ignores what only looks like a mention", () => {
    expect(mentionedIds("@[김하은](user:not-a-uuid) @김하은 [x](user:1)")).toEqual([]);
    expect(mentionedIds(`@[김\n하은](user:${KIM.id})`)).toEqual([]);
  });

  it("splits a body into text and mentions", () => {
    expect(splitMentions(`검토: ${mentionToken(KIM)} 님`)).toEqual([
      { text: "검토: " },
      { mention: { id: KIM.id, label: "김하은" } },
      { text: " 님" },
    ]);
  });

  it("turns typed @names of picked people into tokens, a longer name not mistaken for a shorter", () => {
    const text = "@김하은 님과 @김하 님, 확인해 주세요";
    expect(encodeMentions(text, [KIM2, KIM])).toBe(
      `${mentionToken(KIM)} 님과 ${mentionToken(KIM2)} 님, 확인해 주세요`,
    );
    // a pick whose @name was erased is dropped
    expect(encodeMentions("확인해 주세요", [KIM])).toBe("확인해 주세요");
  });

  it("reads a body back into text and picks for editing, with current names", () => {
    const body = `${mentionToken({ id: KIM.id, name: "옛이름" })} 확인`;
    expect(decodeMentions(body, { [KIM.id]: "김하은" })).toEqual({ text: "@김하은 확인", picked: [KIM] });
    expect(encodeMentions("@김하은 확인", [KIM])).toBe(`${mentionToken(KIM)} 확인`);
  });
});
