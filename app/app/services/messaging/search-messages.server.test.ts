import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { createChannel, leaveChannel } from "./channels.server.ts";
import { deleteMessage, postMessage } from "./messages.server.ts";
import { searchMessages } from "./search-messages.server.ts";
import { buildMessagingAgency, expectAppError } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

describe("searching messages", () => {
  it("finds Korean words of one, two and more syllables, only in the person's own channels", async () => {
    const { minji, seojun, haneul } = await buildMessagingAgency(db);
    const other = await buildMessagingAgency(db);
    const shared = await createChannel(minji, {
      kind: "private",
      name: "예산팀",
      memberIds: [seojun.userId],
    });
    const open = await createChannel(haneul, { kind: "public", name: "공개 채널" });
    await postMessage(minji, { channelId: shared, body: "2027년 예산 편성 회의록을 올렸습니다" });
    await postMessage(seojun, { channelId: shared, body: "예산안 **검토** 의견입니다", threadRootId: null });
    const { id: gone } = await postMessage(minji, { channelId: shared, body: "예산 초안(삭제 예정)" });
    await deleteMessage(minji, gone);
    await postMessage(haneul, { channelId: open, body: "공개 채널의 예산 이야기" });
    await postMessage(other.minji, {
      channelId: await createChannel(other.minji, { kind: "public", name: "남의 기관" }),
      body: "다른 기관의 예산",
    });

    const bodies = async (query: string, who = seojun) =>
      (await searchMessages(who, query)).map((hit) => hit.body);
    expect(await bodies("예산")).toEqual([
      "예산안 **검토** 의견입니다",
      "2027년 예산 편성 회의록을 올렸습니다",
    ]);
    expect(await bodies("회의록")).toEqual(["2027년 예산 편성 회의록을 올렸습니다"]);
    expect(await bodies("예산 검토")).toEqual(["예산안 **검토** 의견입니다"]);
    expect(await bodies('"예산 편성"')).toEqual(["2027년 예산 편성 회의록을 올렸습니다"]);
    expect(await bodies("2027")).toEqual(["2027년 예산 편성 회의록을 올렸습니다"]);
    expect(await bodies("없는말")).toEqual([]);
    // a public channel one has not joined is not searched; after leaving, one's old channel neither
    expect(await bodies("이야기")).toEqual([]);
    expect(await bodies("이야기", haneul)).toEqual(["공개 채널의 예산 이야기"]);
    const [hit] = await searchMessages(seojun, "회의록");
    expect(hit).toMatchObject({ channelId: shared, channelTitle: "예산팀", authorName: "김민지", seq: 1 });
    await leaveChannel(seojun, shared);
    expect(await bodies("예산")).toEqual([]);
  });

  it("refuses an empty or over-long query with the documents' messages", async () => {
    const { minji } = await buildMessagingAgency(db);
    await expectAppError(searchMessages(minji, "   "), "search-empty", 400);
    await expectAppError(searchMessages(minji, "가".repeat(101)), "search-tooLong", 400);
    await expectAppError(searchMessages(minji, "!!! ???"), "search-noLetters", 400);
  });
});
