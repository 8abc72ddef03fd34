import { openDatabase } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannel } from "./channels.server.ts";
import { announceTyping, openEventStream } from "./event-stream.server.ts";
import { latestEventId } from "./events.server.ts";
import { MessagingHub } from "./live-hub.server.ts";
import { postMessage, toggleReaction } from "./messages.server.ts";
import { MESSAGING_LIMITS, type MessagingActor } from "./messaging-actor.server.ts";
import { buildMessagingAgency, expectAppError } from "./test-helpers.server.ts";

// The live stream against a real PostgreSQL: pg_notify at commit, the hub's LISTEN connection,
// and the Server-Sent Events as a browser's EventSource would read them.

const { app, urls } = connectTestDatabase();
const hub = new MessagingHub(app);
// A second app instance: its own pool and its own LISTEN connection.
const secondInstance = openDatabase(urls.appUrl, { max: 2, applicationName: "nuri-test-app-2" });
const secondHub = new MessagingHub(secondInstance);
beforeAll(() => Promise.all([hub.start(), secondHub.start()]));
afterAll(async () => {
  await Promise.all([hub.stop(), secondHub.stop()]);
  await secondInstance.close();
});

interface Received {
  id: number | null;
  event: string;
  kind?: string;
  channelId?: string;
  payload?: Record<string, unknown>;
}

/** Reads an SSE stream into frames; `take(n)` waits for the next n (at most 10 s). */
function readStream(stream: ReadableStream<Uint8Array>) {
  const frames: Received[] = [];
  const waiters: (() => void)[] = [];
  let buffer = "";
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
        const fields = new Map<string, string>();
        for (const line of block.split("\n")) {
          const colon = line.indexOf(":");
          if (colon <= 0) continue; // comments (heartbeats) and blank lines
          fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
        }
        if (!fields.has("data")) continue;
        const data = JSON.parse(fields.get("data") ?? "{}") as Omit<Received, "id" | "event">;
        frames.push({
          id: fields.has("id") ? Number(fields.get("id")) : null,
          event: fields.get("event") ?? "message",
          ...data,
        });
        for (const wake of waiters.splice(0)) wake();
      }
    }
  })();
  let taken = 0;
  return {
    async take(n: number): Promise<Received[]> {
      const deadline = Date.now() + 10_000;
      while (frames.length < taken + n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} more events, got ${frames.length - taken}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      const out = frames.slice(taken, taken + n);
      taken += n;
      return out;
    },
    /** Frames received beyond those taken. */
    rest: () => frames.slice(taken),
  };
}

async function open(
  actor: MessagingActor,
  options: { after?: number; channelId?: string | null; via?: MessagingHub } = {},
) {
  const abort = new AbortController();
  const stream = await openEventStream(actor, options.via ?? hub, {
    after: options.after ?? (await latestEventId(actor)),
    channelId: options.channelId ?? null,
    signal: abort.signal,
  });
  return { ...readStream(stream), close: () => abort.abort() };
}

async function agencyWithChannel() {
  const agency = await buildMessagingAgency(app.db);
  const channelId = await createChannel(agency.minji, {
    kind: "private",
    name: "실시간",
    memberIds: [agency.seojun.userId],
  });
  return { ...agency, channelId };
}

describe("the live stream", () => {
  it("delivers a message to the other members at once, and nothing to anyone else", async () => {
    const { minji, seojun, haneul, channelId } = await agencyWithChannel();
    const other = await buildMessagingAgency(app.db);
    const seojunStream = await open(seojun);
    const haneulStream = await open(haneul);
    const otherStream = await open(other.seojun);
    await postMessage(minji, { channelId, body: "실시간 안내" });
    const [event] = await seojunStream.take(1);
    expect(event).toMatchObject({ kind: "message.created", channelId, payload: { body: "실시간 안내" } });
    expect(event?.id).toBeGreaterThan(0);

    // Then something each outsider may see: it must be the first thing they get.
    const haneulOwn = await createChannel(minji, {
      kind: "private",
      name: "박하늘과",
      memberIds: [haneul.userId],
    });
    const otherOwn = await createChannel(other.minji, {
      kind: "private",
      name: "남의 기관",
      memberIds: [other.seojun.userId],
    });
    expect((await haneulStream.take(1))[0]).toMatchObject({ kind: "channel.member", channelId: haneulOwn });
    expect((await otherStream.take(1))[0]).toMatchObject({ kind: "channel.member", channelId: otherOwn });
    for (const stream of [seojunStream, haneulStream, otherStream]) stream.close();
  });

  it("resumes after the last event id with exactly the events missed, then live ones, none twice", async () => {
    const { minji, seojun, channelId } = await agencyWithChannel();
    const first = await open(seojun);
    await postMessage(minji, { channelId, body: "하나" });
    const [seen] = await first.take(1);
    first.close();

    // While seojun is away: three messages and a reaction.
    const { id: missedId } = await postMessage(minji, { channelId, body: "둘" });
    await postMessage(minji, { channelId, body: "셋" });
    await toggleReaction(minji, missedId, "👀");
    await postMessage(minji, { channelId, body: "넷" });

    const again = await open(seojun, { after: seen?.id ?? 0 });
    const replayed = await again.take(4);
    expect(replayed.map((e) => [e.kind, e.payload?.body ?? e.payload?.emoji])).toEqual([
      ["message.created", "둘"],
      ["message.created", "셋"],
      ["message.reaction", "👀"],
      ["message.created", "넷"],
    ]);
    await postMessage(minji, { channelId, body: "다섯" });
    const [live] = await again.take(1);
    expect(live?.payload?.body).toBe("다섯");
    const ids = [...replayed, live].map((e) => e?.id ?? 0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id > (seen?.id ?? 0))).toBe(true);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(again.rest()).toEqual([]);
    again.close();
  });

  it("keeps order and loses nothing while messages are posted during the replay", async () => {
    const { minji, seojun, channelId } = await agencyWithChannel();
    const after = await latestEventId(seojun);
    await postMessage(minji, { channelId, body: "0" });
    const posting = (async () => {
      for (let i = 1; i < 15; i++) await postMessage(minji, { channelId, body: String(i) });
    })();
    const stream = await open(seojun, { after });
    await posting;
    const events = await stream.take(15);
    expect(events.map((e) => e.payload?.body)).toEqual(Array.from({ length: 15 }, (_, i) => String(i)));
    stream.close();
  });

  it("answers 404 for one channel's stream to a non-member and to another agency", async () => {
    const { haneul, seojun, channelId } = await agencyWithChannel();
    const other = await buildMessagingAgency(app.db);
    await expectAppError(open(haneul, { channelId }), "channel-not-found", 404);
    await expectAppError(open(other.minji, { channelId }), "channel-not-found", 404);
    const own = await open(seojun, { channelId });
    own.close();
  });

  it("announces typing to the other members only, without an id", async () => {
    const { minji, seojun, haneul, channelId } = await agencyWithChannel();
    const minjiStream = await open(minji);
    const seojunStream = await open(seojun);
    await announceTyping(minji, channelId);
    const [typing] = await seojunStream.take(1);
    expect(typing).toMatchObject({ id: null, kind: "typing", channelId, payload: { userId: minji.userId } });
    await expectAppError(announceTyping(haneul, channelId), "channel-not-found", 404);
    await postMessage(seojun, { channelId, body: "네" });
    // minji's first event is seojun's message: her own typing never came back to her
    expect((await minjiStream.take(1))[0]?.kind).toBe("message.created");
    minjiStream.close();
    seojunStream.close();
  });

  it("delivers across app instances: a message written through one reaches streams held by another", async () => {
    const { minji, seojun, channelId } = await agencyWithChannel();
    const onFirst = await open(seojun);
    const onSecond = await open(seojun, { via: secondHub });
    // written through the second instance's pool
    await postMessage({ ...minji, db: secondInstance.db }, { channelId, body: "어느 서버든" });
    for (const stream of [onFirst, onSecond]) {
      const [event] = await stream.take(1);
      expect(event?.payload?.body).toBe("어느 서버든");
      stream.close();
    }
  });

  it("limits the streams one person holds open", async () => {
    const { seojun } = await agencyWithChannel();
    const streams = [];
    for (let i = 0; i < MESSAGING_LIMITS.streamsPerPerson; i++) streams.push(await open(seojun));
    await expectAppError(open(seojun), "too-many-streams", 429);
    streams.pop()?.close();
    streams.push(await open(seojun));
    for (const stream of streams) stream.close();
  });
});
