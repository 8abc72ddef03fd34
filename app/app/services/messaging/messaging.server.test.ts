import { channels, count, eq, messageEdits, messages, sql, withTenant } from "@nuri/db";
import { buildDocument, buildUser } from "@nuri/db/testing";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { describe, expect, it } from "vitest";
import {
  addMembers,
  createChannel,
  joinChannel,
  leaveChannel,
  listJoinableChannels,
  listMembers,
  listMyChannels,
  openConversation,
  setMemberRole,
  updateChannel,
} from "./channels.server.ts";
import { listEventsAfter } from "./events.server.ts";
import { linkedTargets } from "./link-cards.server.ts";
import {
  acknowledgeMessage,
  deleteMessage,
  editMessage,
  listMessages,
  listReceipts,
  markRead,
  postMessage,
  readMessageAttachment,
  toggleReaction,
} from "./messages.server.ts";
import { MESSAGING_LIMITS, type MessagingActor } from "./messaging-actor.server.ts";
import { actorOf, buildMessagingAgency, expectAppError } from "./test-helpers.server.ts";

const { app } = connectTestDatabase();
const db = app.db;

describe("channels", () => {
  it("opens a public channel that others find, join and see with their unread counts", async () => {
    const { minji, seojun, haneul } = await buildMessagingAgency(db);
    const channelId = await createChannel(minji, {
      kind: "public",
      name: "  민원 응대  ",
      topic: "민원 공유",
    });
    await postMessage(minji, { channelId, body: "참여 전 메시지" });
    expect((await listJoinableChannels(seojun)).map((c) => [c.name, c.members])).toEqual([["민원 응대", 1]]);

    await joinChannel(seojun, channelId);
    await joinChannel(seojun, channelId); // twice changes nothing
    await postMessage(minji, { channelId, body: "첫 안내" });
    await postMessage(minji, { channelId, body: "@이서준 확인 부탁드립니다" });

    const [summary] = await listMyChannels(seojun);
    // The message before they joined was never theirs to read.
    expect(summary).toMatchObject({
      id: channelId,
      title: "민원 응대",
      unread: 2,
      mentions: 1,
      kind: "public",
    });
    expect(await listMyChannels(haneul)).toEqual([]);
    expect(await listJoinableChannels(seojun)).toEqual([]);
  });

  it("keeps a private channel to its members: anyone else, here or in another agency, finds nothing", async () => {
    const { minji, seojun, haneul } = await buildMessagingAgency(db);
    const other = await buildMessagingAgency(db);
    const channelId = await createChannel(minji, {
      kind: "private",
      name: "인사 협의",
      memberIds: [seojun.userId],
    });
    const { id: messageId } = await postMessage(minji, { channelId, body: "비공개 안건" });

    for (const outsider of [haneul, other.minji]) {
      expect(await listJoinableChannels(outsider)).toEqual([]);
      await expectAppError(listMessages(outsider, channelId), "channel-not-found", 404);
      await expectAppError(postMessage(outsider, { channelId, body: "끼어들기" }), "channel-not-found", 404);
      await expectAppError(joinChannel(outsider, channelId), "channel-not-found", 404);
      await expectAppError(markRead(outsider, channelId, 1), "channel-not-found", 404);
      await expectAppError(toggleReaction(outsider, messageId, "👍"), "message-not-found", 404);
      await expectAppError(editMessage(outsider, messageId, "바꿈"), "message-not-found", 404);
      await expectAppError(deleteMessage(outsider, messageId), "message-not-found", 404);
      await expectAppError(listReceipts(outsider, messageId), "message-not-found", 404);
      expect((await listEventsAfter(outsider, 0)).events).toEqual([]);
    }
    expect((await listMessages(seojun, channelId)).messages.map((m) => m.body)).toEqual(["비공개 안건"]);
  });

  it("does not find a channel of another agency even when a query forgets its tenant filter", async () => {
    const { minji } = await buildMessagingAgency(db);
    const other = await buildMessagingAgency(db);
    await createChannel(minji, { kind: "public", name: "전체 공지" });
    const seen = await withTenant(db, other.tenant.id, (tx) =>
      tx.select({ n: count() }).from(channels).where(sql`true`),
    );
    expect(seen[0]?.n).toBe(0);
    await expect(
      withTenant(db, other.tenant.id, (tx) =>
        tx.insert(channels).values({ tenantId: minji.tenantId, kind: "public", name: "침입" }),
      ),
    ).rejects.toMatchObject({ cause: { code: "42501" } });
  });

  it("finds the same conversation for the same people, and a group for three or more", async () => {
    const { minji, seojun, haneul } = await buildMessagingAgency(db);
    const direct = await openConversation(minji, [seojun.userId]);
    expect(await openConversation(seojun, [minji.userId])).toBe(direct);
    const group = await openConversation(minji, [seojun.userId, haneul.userId, seojun.userId]);
    expect(group).not.toBe(direct);
    const mine = await listMyChannels(minji);
    expect(mine.map((c) => [c.kind, c.title]).sort()).toEqual([
      ["direct", "이서준"],
      ["group", "박하늘, 이서준"],
    ]);
    await expectAppError(openConversation(minji, [minji.userId]), "conversation-alone", 400);
    await expectAppError(leaveChannel(minji, direct), "cannot-leave", 409);
  });

  it("refuses a conversation with a person of another agency, and groups beyond the limit", async () => {
    const { minji, tenant } = await buildMessagingAgency(db);
    const other = await buildMessagingAgency(db);
    await expectAppError(openConversation(minji, [other.seojun.userId]), "person-not-found", 400);
    const many = await Promise.all(
      Array.from({ length: MESSAGING_LIMITS.groupMembers }, (_, i) =>
        buildUser(db, tenant.id, { displayName: `직원${i}` }),
      ),
    );
    await expectAppError(
      openConversation(
        minji,
        many.map((u) => u.id),
      ),
      "group-too-large",
      400,
    );
    const [row] = await withTenant(db, tenant.id, (tx) => tx.select({ n: count() }).from(channels));
    expect(row?.n).toBe(0);
  });

  it("lets students message only where they have been put", async () => {
    const school = await buildMessagingAgency(db, { kind: "school" });
    const student = actorOf(
      db,
      await buildUser(db, school.tenant.id, { displayName: "학생", role: "student" }),
    );
    student.role = "student";
    await expectAppError(
      createChannel(student, { kind: "public", name: "우리 반" }),
      "students-cannot-start",
      403,
    );
    await expectAppError(openConversation(student, [school.minji.userId]), "students-cannot-start", 403);
    // The staff's public channels are not theirs to find, read or join.
    const staffRoom = await createChannel(school.minji, { kind: "public", name: "교무실" });
    expect(await listJoinableChannels(student)).toEqual([]);
    await expectAppError(listMessages(student, staffRoom), "channel-not-found", 404);
    await expectAppError(joinChannel(student, staffRoom), "channel-not-found", 404);
    const channelId = await createChannel(school.minji, {
      kind: "private",
      name: "3학년 2반",
      memberIds: [student.userId],
    });
    await postMessage(student, { channelId, body: "안녕하세요" });
    expect((await listMessages(student, channelId)).messages).toHaveLength(1);
  });

  it("validates names and topics with a clear error, writing nothing", async () => {
    const { minji, tenant } = await buildMessagingAgency(db);
    await expectAppError(createChannel(minji, { kind: "public", name: "   " }), "channel-name-empty", 400);
    await expectAppError(
      createChannel(minji, { kind: "public", name: "가".repeat(MESSAGING_LIMITS.channelNameChars + 1) }),
      "channel-name-long",
      400,
    );
    await expectAppError(
      createChannel(minji, { kind: "public", name: "줄\n바꿈" }),
      "channel-name-invalid",
      400,
    );
    await expectAppError(
      createChannel(minji, {
        kind: "public",
        name: "주제",
        topic: "가".repeat(MESSAGING_LIMITS.topicChars + 1),
      }),
      "channel-topic-long",
      400,
    );
    const [row] = await withTenant(db, tenant.id, (tx) => tx.select({ n: count() }).from(channels));
    expect(row?.n).toBe(0);
    // the longest allowed name is fine
    await createChannel(minji, { kind: "public", name: "가".repeat(MESSAGING_LIMITS.channelNameChars) });
  });

  it("lets only managers post in an announcement channel, change the topic and archive it", async () => {
    const { minji, seojun } = await buildMessagingAgency(db);
    const channelId = await createChannel(minji, {
      kind: "public",
      name: "기관 공지",
      announcement: true,
      memberIds: [seojun.userId],
    });
    await expectAppError(postMessage(seojun, { channelId, body: "공지합니다" }), "announcement-only", 403);
    const { id } = await postMessage(minji, { channelId, body: "내일 소방 훈련이 있습니다." });
    await postMessage(seojun, { channelId, body: "시간이 어떻게 되나요?", threadRootId: id });
    await expectAppError(updateChannel(seojun, channelId, { topic: "바꿈" }), "not-a-manager", 403);
    await updateChannel(minji, channelId, { topic: "공지 전용", archived: true });
    const page = await listMessages(seojun, channelId);
    expect(page.channel).toMatchObject({ topic: "공지 전용", archived: true, announcement: true });
    expect(page.messages[0]?.replyCount).toBe(1);
    await expectAppError(postMessage(minji, { channelId, body: "보관 후" }), "channel-archived", 409);
  });

  it("keeps the last manager in the channel and adds people only where that is allowed", async () => {
    const { minji, seojun, haneul } = await buildMessagingAgency(db);
    const privateId = await createChannel(minji, {
      kind: "private",
      name: "예산",
      memberIds: [seojun.userId],
    });
    await expectAppError(leaveChannel(minji, privateId), "last-manager", 409);
    await expectAppError(addMembers(seojun, privateId, [haneul.userId]), "cannot-add", 403);
    expect(await addMembers(minji, privateId, [haneul.userId, seojun.userId])).toBe(1);
    await leaveChannel(seojun, privateId);
    await expectAppError(listMessages(seojun, privateId), "channel-not-found", 404);

    // Another manager first; then the first may step down, and leave.
    await expectAppError(setMemberRole(haneul, privateId, haneul.userId, "manager"), "not-a-manager", 403);
    await expectAppError(setMemberRole(minji, privateId, minji.userId, "member"), "last-manager", 409);
    await expectAppError(setMemberRole(minji, privateId, seojun.userId, "manager"), "person-not-found", 404);
    await setMemberRole(minji, privateId, haneul.userId, "manager");
    await setMemberRole(minji, privateId, minji.userId, "member");
    expect((await listMembers(haneul, privateId)).map((m) => [m.name, m.role])).toEqual([
      ["박하늘", "manager"],
      ["김민지", "member"],
    ]);
    await leaveChannel(minji, privateId);
    const direct = await openConversation(haneul, [minji.userId]);
    await expectAppError(setMemberRole(haneul, direct, minji.userId, "manager"), "not-a-manager", 403);
  });
});

describe("messages", () => {
  async function channelOfThree() {
    const agency = await buildMessagingAgency(db);
    const { minji, seojun, haneul } = agency;
    const channelId = await createChannel(minji, {
      kind: "private",
      name: "주간 회의",
      memberIds: [seojun.userId, haneul.userId],
    });
    return { ...agency, channelId };
  }

  it("shows 안 읽음 N under each message, dropping as members read, and never moves a read position back", async () => {
    const { minji, seojun, haneul, channelId } = await channelOfThree();
    const first = await postMessage(minji, { channelId, body: "회의 자료 올렸습니다" });
    const second = await postMessage(minji, { channelId, body: "의견 주세요" });
    const unread = async () => (await listMessages(minji, channelId)).messages.map((m) => m.unread);
    expect(await unread()).toEqual([2, 2]);
    expect((await listMessages(seojun, channelId)).firstUnreadSeq).toBe(first.seq);

    expect(await markRead(seojun, channelId, first.seq)).toBe(first.seq);
    expect(await unread()).toEqual([1, 2]);
    expect(await markRead(seojun, channelId, 0)).toBeNull(); // never backwards
    expect(await markRead(haneul, channelId, 999)).toBe(second.seq); // at most the last message
    expect(await unread()).toEqual([0, 1]);
    expect(await listReceipts(minji, second.id)).toEqual({
      read: ["박하늘"],
      unread: ["이서준"],
      acknowledged: [],
    });
    expect((await listMyChannels(haneul))[0]?.unread).toBe(0);
    expect((await listMyChannels(seojun))[0]?.unread).toBe(1);
  });

  it("counts acknowledgements (확인) of a message that asks for them", async () => {
    const { minji, seojun, haneul, channelId } = await channelOfThree();
    const asked = await postMessage(minji, {
      channelId,
      body: "**긴급** 보안 점검 결과를 확인해 주세요",
      priority: "urgent",
      ackRequested: true,
    });
    const plain = await postMessage(minji, { channelId, body: "참고 자료" });
    await acknowledgeMessage(seojun, asked.id);
    await acknowledgeMessage(seojun, asked.id); // twice counts once
    await expectAppError(acknowledgeMessage(minji, asked.id), "own-message", 409);
    await expectAppError(acknowledgeMessage(haneul, plain.id), "no-ack-requested", 409);
    const [message] = (await listMessages(minji, channelId)).messages;
    expect(message).toMatchObject({ priority: "urgent", ack: { done: 1, asked: 2, mine: false } });
    // acknowledging is reading
    expect(message?.unread).toBe(1);
    const receipts = await listReceipts(minji, asked.id);
    expect(receipts.acknowledged.map((a) => a.name)).toEqual(["이서준"]);
    expect((await listMessages(seojun, channelId)).messages[0]?.ack?.mine).toBe(true);
  });

  it("keeps the history of edits, and shows a deleted message as deleted while keeping it", async () => {
    const { minji, seojun, channelId, tenant } = await channelOfThree();
    const { id } = await postMessage(minji, { channelId, body: "회의는 3시입니다" });
    await expectAppError(editMessage(seojun, id, "회의는 4시입니다"), "not-author", 403);
    await editMessage(minji, id, "회의는 4시입니다");
    let [view] = (await listMessages(seojun, channelId)).messages;
    expect(view?.body).toBe("회의는 4시입니다");
    expect(view?.editedAt).toBeInstanceOf(Date);
    const history = await withTenant(db, tenant.id, (tx) =>
      tx.select({ body: messageEdits.body }).from(messageEdits).where(eq(messageEdits.messageId, id)),
    );
    expect(history.map((h) => h.body)).toEqual(["회의는 3시입니다"]);

    await expectAppError(deleteMessage(seojun, id), "cannot-delete", 403);
    await deleteMessage(minji, id);
    [view] = (await listMessages(seojun, channelId)).messages;
    expect(view).toMatchObject({ deleted: true, body: null });
    const [kept] = await withTenant(db, tenant.id, (tx) =>
      tx.select({ body: messages.body }).from(messages).where(eq(messages.id, id)),
    );
    expect(kept?.body).toBe("회의는 4시입니다");
    await expectAppError(editMessage(minji, id, "되살리기"), "message-deleted", 409);
  });

  it("toggles reactions from the palette and refuses anything else", async () => {
    const { minji, seojun, haneul, channelId } = await channelOfThree();
    const { id } = await postMessage(minji, { channelId, body: "수고하셨습니다" });
    expect(await toggleReaction(seojun, id, "👍")).toBe(true);
    expect(await toggleReaction(haneul, id, "👍")).toBe(true);
    expect(await toggleReaction(haneul, id, "🎉")).toBe(true);
    expect(await toggleReaction(haneul, id, "🎉")).toBe(false);
    await expectAppError(toggleReaction(seojun, id, "<script>"), "reaction-unknown", 400);
    const [view] = (await listMessages(seojun, channelId)).messages;
    expect(view?.reactions).toEqual([{ emoji: "👍", count: 2, mine: true }]);
  });

  it("resolves @mentions to members by name, and @채널 to everyone", async () => {
    const { minji, channelId, yuna } = await channelOfThree();
    await postMessage(minji, { channelId, body: "@이서준 @박하늘 자료 봐 주세요. @최유나 님은 없는 사람" });
    await postMessage(minji, { channelId, body: "@채널 모두 확인" });
    const page = await listMessages(minji, channelId);
    expect(page.messages.map((m) => [m.mentionNames.sort(), m.mentionsChannel])).toEqual([
      [["박하늘", "이서준"], false],
      [[], true],
    ]);
    expect(yuna.userId).toBeTruthy();
  });

  it("refuses empty and over-long messages and too many too fast, writing nothing", async () => {
    const { minji, seojun, channelId, tenant } = await channelOfThree();
    await expectAppError(postMessage(minji, { channelId, body: " \n\t " }), "message-empty", 400);
    await expectAppError(
      postMessage(minji, { channelId, body: "가".repeat(MESSAGING_LIMITS.messageChars + 1) }),
      "message-long",
      400,
    );
    await postMessage(minji, { channelId, body: "가".repeat(MESSAGING_LIMITS.messageChars) });
    for (let i = 1; i < MESSAGING_LIMITS.messagesPerWindow; i++)
      await postMessage(minji, { channelId, body: `${i}` });
    await expectAppError(postMessage(minji, { channelId, body: "하나 더" }), "message-rate", 429);
    // another person is not held back by it
    await postMessage(seojun, { channelId, body: "저는 됩니다" });
    const [row] = await withTenant(db, tenant.id, (tx) => tx.select({ n: count() }).from(messages));
    expect(row?.n).toBe(MESSAGING_LIMITS.messagesPerWindow + 1);
    const [channel] = await withTenant(db, tenant.id, (tx) =>
      tx.select({ lastSeq: channels.lastSeq }).from(channels),
    );
    expect(channel?.lastSeq).toBe(MESSAGING_LIMITS.messagesPerWindow + 1);
  });

  it("numbers messages one after another when several people post at once", async () => {
    const { minji, seojun, haneul, channelId } = await channelOfThree();
    const posted = await Promise.all(
      [minji, seojun, haneul, minji, seojun, haneul].map((actor, i) =>
        postMessage(actor, { channelId, body: `동시 ${i}` }),
      ),
    );
    expect(posted.map((p) => p.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("links to documents and approvals", () => {
  it("shows a card with the title to a reader who may open it, and nothing of it to anyone else", async () => {
    const { minji, seojun, tenant } = await buildMessagingAgency(db);
    const doc = await buildDocument(db, tenant.id, minji.userId, { title: "2027 업무계획" });
    const channelId = await createChannel(minji, {
      kind: "public",
      name: "계획",
      memberIds: [seojun.userId],
    });
    const unknown = "00000000-0000-4000-8000-000000000000";
    await postMessage(minji, {
      channelId,
      body: `초안: https://nuri.example/t/${"x"}/documents/${doc.id} 와 /t/x/approvals/${unknown} 참고`,
    });
    const cardsFor = async (actor: MessagingActor) =>
      (await listMessages(actor, channelId)).messages[0]?.cards;
    expect(await cardsFor(minji)).toEqual([
      { type: "document", id: doc.id, title: "2027 업무계획" },
      { type: "approval", id: unknown, hidden: true },
    ]);
    expect(await cardsFor(seojun)).toEqual([
      { type: "document", id: doc.id, hidden: true },
      { type: "approval", id: unknown, hidden: true },
    ]);
  });

  it("finds each linked target once, at most three", () => {
    const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    expect(
      linkedTargets(
        `/t/a/documents/${id(1)} /t/a/documents/${id(1)} /t/a/approvals/${id(2)} /t/a/documents/${id(3)} /t/a/documents/${id(4)}`,
      ),
    ).toEqual([
      { type: "document", id: id(1) },
      { type: "approval", id: id(2) },
      { type: "document", id: id(3) },
    ]);
    expect(linkedTargets(`/t/a/documents/${id(1)}0`)).toEqual([]);
  });
});

describe("files sent with messages", () => {
  const file = (filename: string, bytes = 16) => ({ filename, data: new Uint8Array(bytes).fill(65) });

  it("stores them with the message and serves them only to people who may read the channel", async () => {
    const { minji, seojun, haneul } = await buildMessagingAgency(db);
    const other = await buildMessagingAgency(db);
    const channelId = await createChannel(minji, {
      kind: "private",
      name: "예산 자료",
      memberIds: [seojun.userId],
    });
    await postMessage(minji, {
      channelId,
      body: "",
      attachments: [file("2027 예산안.hwpx"), file("표.xlsx", 3)],
    });
    const [message] = (await listMessages(seojun, channelId)).messages;
    expect(message?.body).toBe("");
    expect(message?.attachments.map((a) => [a.filename, a.sizeBytes, a.contentType])).toEqual([
      ["2027 예산안.hwpx", 16, "application/hwp+zip"],
      ["표.xlsx", 3, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ]);
    const id = message?.attachments[0]?.id ?? "";
    const stored = await readMessageAttachment(seojun, channelId, id);
    expect(stored?.data).toEqual(new Uint8Array(16).fill(65));
    expect(await readMessageAttachment(haneul, channelId, id)).toBeNull();
    expect(await readMessageAttachment(other.minji, channelId, id)).toBeNull();
    // named under another channel, it is not found either
    const elsewhere = await createChannel(haneul, { kind: "public", name: "공개" });
    expect(await readMessageAttachment(haneul, elsewhere, id)).toBeNull();
    // gone with the message
    await deleteMessage(minji, message?.id ?? "");
    expect(await readMessageAttachment(seojun, channelId, id)).toBeNull();
  });

  it("refuses files it may not keep, writing nothing", async () => {
    const { minji, channelId, tenant } = await (async () => {
      const agency = await buildMessagingAgency(db);
      return { ...agency, channelId: await createChannel(agency.minji, { kind: "public", name: "파일" }) };
    })();
    await expectAppError(
      postMessage(minji, { channelId, body: "실행 파일", attachments: [file("setup.exe")] }),
      "approvals.attachment.type",
      415,
    );
    await expectAppError(
      postMessage(minji, { channelId, body: "빈 파일", attachments: [file("빈.txt", 0)] }),
      "attachment-empty",
      400,
    );
    await expectAppError(
      postMessage(minji, {
        channelId,
        body: "너무 많음",
        attachments: Array.from({ length: MESSAGING_LIMITS.attachmentsPerMessage + 1 }, (_, i) =>
          file(`${i}.txt`),
        ),
      }),
      "attachments-count",
      400,
    );
    await expectAppError(
      postMessage(minji, {
        channelId,
        body: "너무 큼",
        attachments: [file("a.zip", 13 * 1024 * 1024), file("b.zip", 13 * 1024 * 1024)],
      }),
      "attachments-total",
      413,
    );
    await expectAppError(postMessage(minji, { channelId, body: "  " }), "message-empty", 400);
    const [row] = await withTenant(db, tenant.id, (tx) => tx.select({ n: count() }).from(messages));
    expect(row?.n).toBe(0);
  });
});

describe("the event log", () => {
  it("keeps no text of a deleted message, nor the earlier text of an edited one", async () => {
    const { minji, seojun } = await buildMessagingAgency(db);
    const channelId = await createChannel(minji, {
      kind: "private",
      name: "실수",
      memberIds: [seojun.userId],
    });
    const { id: typo } = await postMessage(minji, { channelId, body: "주민번호 900101-1234567" });
    await editMessage(minji, typo, "주민번호는 지웠습니다");
    const { id: gone } = await postMessage(minji, {
      channelId,
      body: "잘못 보낸 인사 정보",
      attachments: [{ filename: "인사.txt", data: new Uint8Array([1]) }],
    });
    await deleteMessage(minji, gone);
    const { events } = await listEventsAfter(seojun, 0);
    const text = JSON.stringify(events);
    expect(text).not.toContain("900101");
    expect(text).not.toContain("잘못 보낸");
    expect(text).not.toContain("인사.txt");
    expect(text).toContain("주민번호는 지웠습니다");
    expect(events.filter((e) => e.payload.redacted === true).map((e) => e.kind)).toEqual([
      "message.created",
      "message.created",
    ]);
  });

  it("changes nothing in an archived channel", async () => {
    const { minji, seojun } = await buildMessagingAgency(db);
    const channelId = await createChannel(minji, {
      kind: "private",
      name: "보관",
      memberIds: [seojun.userId],
    });
    const { id } = await postMessage(minji, { channelId, body: "확인 바랍니다", ackRequested: true });
    await updateChannel(minji, channelId, { archived: true });
    await expectAppError(toggleReaction(seojun, id, "👍"), "channel-archived", 409);
    await expectAppError(acknowledgeMessage(seojun, id), "channel-archived", 409);
    await expectAppError(deleteMessage(minji, id), "channel-archived", 409);
    await expectAppError(editMessage(minji, id, "바꿈"), "channel-archived", 409);
    // reading it is still fine
    expect(await markRead(seojun, channelId, 1)).toBe(1);
  });

  it("lists exactly the events after an id, in the person's channels, in commit order", async () => {
    const { minji, seojun, haneul } = await buildMessagingAgency(db);
    const shared = await createChannel(minji, { kind: "private", name: "함께", memberIds: [seojun.userId] });
    const notMine = await createChannel(minji, { kind: "private", name: "따로", memberIds: [haneul.userId] });
    const { events: before } = await listEventsAfter(seojun, 0);
    const last = before.at(-1)?.id ?? 0;
    await postMessage(minji, { channelId: notMine, body: "박하늘만" });
    const a = await postMessage(minji, { channelId: shared, body: "하나" });
    await markRead(seojun, shared, a.seq);
    await postMessage(minji, { channelId: shared, body: "둘" });
    const { events, complete } = await listEventsAfter(seojun, last);
    expect(complete).toBe(true);
    expect(events.map((e) => [e.kind, e.payload.body ?? e.payload.seq])).toEqual([
      ["message.created", "하나"],
      ["channel.read", a.seq],
      ["message.created", "둘"],
    ]);
    const ids = events.map((e) => e.id ?? 0);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    const page = await listEventsAfter(seojun, last, { limit: 2 });
    expect([page.events.length, page.complete]).toEqual([2, false]);
  });
});
