import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import { listNotifications } from "../documents/notifications.server.ts";
import { createChannel, leaveChannel } from "./channels.server.ts";
import { listMessages, postMessage } from "./messages.server.ts";
import type { MessagingActor } from "./messaging-actor.server.ts";
import { buildMessagingAgency, expectAppError } from "./test-helpers.server.ts";
import { followThread } from "./threads.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

async function notified(actor: MessagingActor) {
  const { items } = await listNotifications(db, actor);
  return items.map((item) => [item.kind, item.actorName, item.message?.channelTitle ?? null]);
}

describe("threads and message notifications", () => {
  it("shows a thread with its root and replies, and tells its followers of new replies", async () => {
    const { minji, seojun, haneul, yuna } = await buildMessagingAgency(db);
    const channelId = await createChannel(minji, {
      kind: "public",
      name: "예산 편성",
      memberIds: [seojun.userId, haneul.userId, yuna.userId],
    });
    const { id: rootId } = await postMessage(minji, { channelId, body: "내년 예산안 검토 부탁드립니다" });
    await postMessage(seojun, { channelId, body: "2쪽 수치가 다릅니다", threadRootId: rootId });
    // the root's author follows from the first reply on; the replier too
    expect(await notified(minji)).toEqual([["message.reply", "이서준", "예산 편성"]]);
    await followThread(haneul, rootId, true);
    await followThread(minji, rootId, false);
    await postMessage(minji, { channelId, body: "고쳤습니다", threadRootId: rootId });
    expect(await notified(seojun)).toEqual([["message.reply", "김민지", "예산 편성"]]);
    expect(await notified(haneul)).toEqual([["message.reply", "김민지", "예산 편성"]]);
    expect(await notified(yuna)).toEqual([]);
    await postMessage(seojun, { channelId, body: "감사합니다", threadRootId: rootId });
    expect((await notified(minji)).length).toBe(1); // stopped following

    const thread = await listMessages(haneul, channelId, { threadRootId: rootId });
    expect(thread.thread?.root.body).toBe("내년 예산안 검토 부탁드립니다");
    expect(thread.thread?.root.replyCount).toBe(3);
    expect(thread.thread?.following).toBe(true);
    expect(thread.messages.map((m) => m.body)).toEqual(["2쪽 수치가 다릅니다", "고쳤습니다", "감사합니다"]);
    // the channel itself shows the root only
    expect((await listMessages(haneul, channelId)).messages.map((m) => m.body)).toEqual([
      "내년 예산안 검토 부탁드립니다",
    ]);
    // a reply is no root: no thread of a thread
    await expectAppError(
      postMessage(seojun, { channelId, body: "x", threadRootId: thread.messages[0]?.id }),
      "thread-not-found",
      404,
    );
  });

  it("tells the people mentioned, @채널 everyone, and shows nothing once they may not read it", async () => {
    const { minji, seojun, haneul } = await buildMessagingAgency(db);
    const other = await buildMessagingAgency(db);
    const channelId = await createChannel(minji, {
      kind: "private",
      name: "인사 협의",
      memberIds: [seojun.userId, haneul.userId],
    });
    await postMessage(minji, { channelId, body: "@이서준 @김민지 확인 부탁해요" });
    expect(await notified(seojun)).toEqual([["message.mention", "김민지", "인사 협의"]]);
    expect(await notified(minji)).toEqual([]); // not of one's own message
    await postMessage(seojun, { channelId, body: "@채널 회의 10분 뒤 시작합니다" });
    expect((await notified(haneul)).map((n) => n[0])).toEqual(["message.mention"]);
    expect((await notified(minji)).map((n) => n[0])).toEqual(["message.mention"]);

    await leaveChannel(haneul, channelId);
    // still there, but nothing of the channel shows
    expect(await notified(haneul)).toEqual([["message.mention", "이서준", null]]);
    await expectAppError(followThread(other.minji, channelId, true), "thread-not-found", 404);
  });
});
