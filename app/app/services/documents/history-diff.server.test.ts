import { describe, expect, it } from "vitest";
import { diffTexts, MAX_COMPARED_CHARS } from "./history-diff.server.ts";

describe("diffTexts", () => {
  it("finds nothing between equal texts", () => {
    expect(diffTexts("누리 업무 보고\n본문", "누리 업무 보고\n본문")).toEqual({
      parts: [{ kind: "same", text: "누리 업무 보고\n본문" }],
      added: 0,
      removed: 0,
    });
  });

  it("marks a changed word inside a line as the word, not the whole line", () => {
    expect(
      diffTexts("예산은 100만 원, 담당은 서민지 과장.", "예산은 120만 원, 담당은 권나은 주무관."),
    ).toEqual({
      parts: [
        { kind: "same", text: "예산은 " },
        { kind: "removed", text: "100" },
        { kind: "added", text: "120" },
        { kind: "same", text: "만 원, 담당은 " },
        { kind: "removed", text: "서민지 과장" },
        { kind: "added", text: "권나은 주무관" },
        { kind: "same", text: "." },
      ],
      added: 2,
      removed: 2,
    });
  });

  it("marks added and removed lines whole", () => {
    expect(diffTexts("첫째\n둘째\n셋째", "첫째\n셋째\n넷째")).toEqual({
      parts: [
        { kind: "same", text: "첫째\n" },
        { kind: "removed", text: "둘째\n" },
        { kind: "same", text: "셋째\n" },
        { kind: "added", text: "넷째" },
      ],
      added: 1,
      removed: 1,
    });
  });

  it("compares texts up to the limit and refuses longer ones", () => {
    const long = "가".repeat(MAX_COMPARED_CHARS);
    expect(diffTexts(long, `${long.slice(1)}나`)).not.toBeNull();
    expect(diffTexts(`${long}가`, "")).toBeNull();
  });

  it("gives up (null) when the comparison takes longer than its time", () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `줄 ${i * 7}`).join("\n");
    const b = Array.from({ length: 20_000 }, (_, i) => `행 ${i * 13}`).join("\n");
    expect(diffTexts(a, b, 1)).toBeNull();
  });
});
