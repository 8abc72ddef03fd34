import { randomUUID } from "node:crypto";
import type { Db } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import type WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { CloseCode } from "./close-codes.ts";
import { type CollabLimits, TokenBucket } from "./limits.ts";
import { MessageType } from "./sync.ts";
import {
  closeCode,
  collabHarness,
  refusal,
  type Started,
  synced,
  type TestDocument,
  ticket,
  until,
} from "./testing.ts";

// Every limit of CollabLimits, against a live server started with small ones. A refusal at
// admission comes before any document byte; the refused connection takes no seat.

const { app } = connectTestDatabase();
const harness = collabHarness(app);

function start(limits: Partial<CollabLimits>): Promise<Started> {
  return harness.start({ limits });
}

/** A y-websocket editor, synced. */
async function join(started: Started, target: TestDocument, userId: string = randomUUID()) {
  const client = harness.connect(started.url, target, "edit", userId);
  await synced(client.provider);
  return client;
}

/** How the server answers a connection attempt: its close code and the frames sent first. */
function attempt(started: Started, target: TestDocument, userId: string = randomUUID()) {
  return refusal(
    `${started.url}/${target.tenantId}/${target.documentId}?ticket=${ticket(target, "edit", userId)}`,
  );
}

/** Every client of this file's harness on `target` leaves. */
function leaveAll(target: TestDocument): void {
  for (const provider of harness.providers) {
    if (provider.roomname === `${target.tenantId}/${target.documentId}`) provider.destroy();
  }
}

const refused = (code: number) => ({ code, framesBeforeClose: 0 });

async function gauge(started: Started, name: string): Promise<number | undefined> {
  const text = await (await fetch(`${started.http}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(" ")[1]);
}

/** Waits until the server counts `n` connections: a departed client's seat is given back. */
function connectionsAre(started: Started, n: number): Promise<void> {
  return until(async () => (await gauge(started, "nuri_collab_connections")) === n, `${n} connections`);
}

function opened(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.readyState === socket.OPEN) resolve();
    socket.once("open", () => resolve());
    socket.once("close", (code) => reject(new Error(`closed with ${code} before it opened`)));
  });
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (socket.readyState === socket.CLOSED) resolve(-1);
    socket.once("close", (code) => resolve(code));
  });
}

/** Resolves once the server answered a ping sent after everything sent so far. */
function pong(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("pong", () => resolve());
    socket.once("close", (code) => reject(new Error(`closed with ${code}`)));
    socket.ping();
  });
}

const QUERY_AWARENESS = Uint8Array.from([MessageType.queryAwareness]);

/** y-websocket update frames of one editor, each inserting a text at the start of the body. */
function insertFrames(...texts: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
    frames.push(encoding.toUint8Array(encoder));
  });
  for (const text of texts) doc.getText("body").insert(0, text);
  return frames;
}

const insertFrame = (text: string) => insertFrames(text)[0]!;

describe("TokenBucket", () => {
  it("allows a burst, then `rate` a second, and never saves up more than the burst", () => {
    let now = 1_000;
    const bucket = new TokenBucket(10, 3, () => now);
    const take = (n: number) => Array.from({ length: n }, () => bucket.take());
    expect(take(4)).toEqual([true, true, true, false]);
    now += 100; // one token
    expect(take(2)).toEqual([true, false]);
    now += 50; // half a token
    expect(bucket.take()).toBe(false);
    now += 50; // the other half
    expect(take(2)).toEqual([true, false]);
    now += 3_600_000; // an hour idle: still only the burst
    expect(take(4)).toEqual([true, true, true, false]);
  });

  it("charges nothing for a refused take", () => {
    let now = 0;
    const bucket = new TokenBucket(10, 1, () => now);
    expect(bucket.take()).toBe(true);
    for (let i = 0; i < 100; i++) expect(bucket.take()).toBe(false);
    now += 100;
    expect(bucket.take()).toBe(true);
  });

  it("never refuses a sender that keeps to the rate", () => {
    let now = 0;
    const bucket = new TokenBucket(60, 1, () => now);
    for (let i = 0; i < 10_000; i++) {
      now += 1000 / 60;
      expect(bucket.take()).toBe(true);
    }
  });
});

describe("the collab-server's limits", () => {
  it("closes a frame over maxMessageBytes with 1009, and accepts one at the limit", async () => {
    const limit = 1024;
    const started = await start({ maxMessageBytes: limit });
    const target = await harness.document();
    const editor = await join(started, target);

    // the largest insert frame that fits
    // (each frame comes from a new Y.Doc, whose random client id may take a byte more: the
    // frame sent is the one measured)
    let text = "가";
    let fits = insertFrame(text);
    for (;;) {
      const next = insertFrame(`${text}a`);
      if (next.byteLength > limit) break;
      text += "a";
      fits = next;
    }
    expect(fits.byteLength).toBeGreaterThan(limit - 4);
    const ok = harness.raw(started.url, target);
    await opened(ok);
    ok.send(fits);
    await pong(ok);
    await until(() => editor.text.toString() === text, "the frame at the limit to be applied");

    const big = harness.raw(started.url, target);
    await opened(big);
    const tooBig = new Uint8Array(limit + 1);
    tooBig.set(fits);
    const code = closed(big);
    big.send(tooBig);
    expect(await code).toBe(1009);
    await pong(ok); // the others go on
    expect(editor.provider.wsconnected).toBe(true);
  });

  it("refuses a change that would take the document past maxDocumentBytes with 4413, applying none of it", async () => {
    const started = await start({ maxDocumentBytes: 4096 });
    const target = await harness.document();
    const writer = await join(started, target);
    const watcher = await join(started, target);
    const writerClosed = closeCode(writer.provider);

    // well within the limit: shared as always
    writer.text.insert(0, "보고서 초안 ");
    await until(() => watcher.text.toString() === "보고서 초안 ", "the first change to arrive");
    // one paste of 3,000 Hangul characters (9,000 bytes of UTF-8): over the limit
    writer.text.insert(writer.text.length, "가".repeat(3000));
    expect(await writerClosed).toBe(CloseCode.documentTooLarge);

    // nothing of it reached the others or the server's copy; they go on editing
    expect(watcher.text.toString()).toBe("보고서 초안 ");
    watcher.text.insert(0, "[검토] ");
    const late = await join(started, target);
    await until(
      () => late.text.toString() === "[검토] 보고서 초안 ",
      "a newcomer to get the document without the paste",
    );

    // a client that reconnects holding only what the server has is not refused
    const again = await join(started, target);
    Y.applyUpdate(again.doc, Y.encodeStateAsUpdate(late.doc));
    await until(
      () => again.provider.wsconnected && again.text.toString() === late.text.toString(),
      "the same text",
    );
    expect(again.provider.wsconnected).toBe(true);
  });

  it("refuses the n+1th connection to a document before any document byte, and lets one in when one leaves", async () => {
    const started = await start({ maxConnectionsPerDocument: 2 });
    const target = await harness.document();
    const other = await harness.document(target.tenantId);
    await join(started, target);
    const second = await join(started, target);
    second.text.insert(0, "내부 문서");
    expect(await attempt(started, target)).toEqual(refused(CloseCode.documentFull));
    // a refusal takes no seat: the next attempt is refused the same way
    expect(await attempt(started, target)).toEqual(refused(CloseCode.documentFull));
    // the limit is per document
    await join(started, other);
    second.provider.destroy();
    await connectionsAre(started, 2);
    const third = await join(started, target);
    expect(third.text.toString()).toBe("내부 문서");
    expect(await attempt(started, target)).toEqual(refused(CloseCode.documentFull));
  });

  it("refuses a person's connection over maxConnectionsPerPerson, across documents", async () => {
    const started = await start({ maxConnectionsPerPerson: 2 });
    const a = await harness.document();
    const b = await harness.document(a.tenantId);
    const person = randomUUID();
    await join(started, a, person);
    const second = await join(started, b, person);
    expect(await attempt(started, a, person)).toEqual(refused(CloseCode.personLimit));
    expect(await attempt(started, b, person)).toEqual(refused(CloseCode.personLimit));
    // other people are not affected
    await join(started, a);
    second.provider.destroy();
    await connectionsAre(started, 2);
    await join(started, b, person);
    expect(await attempt(started, a, person)).toEqual(refused(CloseCode.personLimit));
  });

  it("refuses a person's document over maxDocumentsPerPerson, but not another tab of an open one", async () => {
    const started = await start({ maxDocumentsPerPerson: 2 });
    const a = await harness.document();
    const b = await harness.document(a.tenantId);
    const c = await harness.document(a.tenantId);
    const person = randomUUID();
    await join(started, a, person);
    const onB = await join(started, b, person);
    expect(await attempt(started, c, person)).toEqual(refused(CloseCode.personLimit));
    // a second connection (another tab) to a document the person has open is allowed
    await join(started, a, person);
    await join(started, b, person);
    // others may open the third document
    await join(started, c);
    // the person leaves b entirely (both tabs): c opens for them
    onB.provider.destroy();
    expect(await attempt(started, c, person)).toEqual(refused(CloseCode.personLimit));
    leaveAll(b);
    await connectionsAre(started, 3);
    await join(started, c, person);
    expect(await attempt(started, b, person)).toEqual(refused(CloseCode.personLimit));
  });

  it("refuses a tenant's connection over maxConnectionsPerTenant; other tenants are not affected", async () => {
    const started = await start({ maxConnectionsPerTenant: 2 });
    const a = await harness.document();
    const b = await harness.document(a.tenantId);
    const first = await join(started, a);
    await join(started, b);
    expect(await attempt(started, a)).toEqual(refused(CloseCode.tenantLimit));
    expect(await attempt(started, b)).toEqual(refused(CloseCode.tenantLimit));
    const elsewhere = await harness.document();
    await join(started, elsewhere);
    await join(started, elsewhere);
    first.provider.destroy();
    await connectionsAre(started, 3);
    await join(started, a);
    expect(await attempt(started, a)).toEqual(refused(CloseCode.tenantLimit));
  });

  it("refuses a tenant's document over maxDocumentsPerTenant, but not more connections to an open one", async () => {
    const started = await start({ maxDocumentsPerTenant: 2 });
    const a = await harness.document();
    const b = await harness.document(a.tenantId);
    const c = await harness.document(a.tenantId);
    await join(started, a);
    const onB = await join(started, b);
    expect(await attempt(started, c)).toEqual(refused(CloseCode.tenantLimit));
    await join(started, a);
    await join(started, b);
    const elsewhere = await harness.document();
    const elsewhere2 = await harness.document(elsewhere.tenantId);
    const elsewhere3 = await harness.document(elsewhere.tenantId);
    await join(started, elsewhere);
    await join(started, elsewhere2);
    expect(await attempt(started, elsewhere3)).toEqual(refused(CloseCode.tenantLimit));
    onB.provider.destroy();
    leaveAll(b);
    await connectionsAre(started, 4);
    await join(started, c);
    expect(await attempt(started, b)).toEqual(refused(CloseCode.tenantLimit));
  });

  it("closes a connection that sends more than the burst at once with 4429", async () => {
    const started = await start({ messagesPerSecond: 1, messageBurst: 8 });
    const target = await harness.document();
    const editor = await join(started, target);
    const flood = harness.raw(started.url, target);
    await opened(flood);
    for (let i = 0; i < 8; i++) flood.send(QUERY_AWARENESS);
    await pong(flood); // the burst is allowed…
    const code = closed(flood);
    flood.send(QUERY_AWARENESS); // …and the next one is not
    expect(await code).toBe(CloseCode.rateLimited);
    editor.text.insert(0, "계속");
    const late = await join(started, target);
    expect(late.text.toString()).toBe("계속");
  });

  it("never cuts off a client that sends at a normal rate, beyond its burst", async () => {
    const started = await start({ messagesPerSecond: 20, messageBurst: 5 });
    const target = await harness.document();
    const typist = await join(started, target);
    const watcher = await join(started, target);
    let closes = 0;
    for (const client of [typist, watcher]) client.provider.on("connection-close", () => closes++);
    // 30 keystrokes, each its own message, at about 14 a second: six times the burst
    const typed = "천천히 그리고 꾸준히 입력하는 공무원의 하루";
    for (const [i, char] of [...typed].entries()) {
      typist.text.insert(i, char);
      await new Promise((resolve) => setTimeout(resolve, 70));
    }
    await until(() => watcher.text.toString() === typed, "the watcher to see every keystroke");
    expect(closes).toBe(0);
    expect(typist.provider.wsconnected).toBe(true);
  });

  it("keeps at most maxQueuedFrames frames while the document loads, and applies them once loaded", async () => {
    // A database whose transactions wait at a gate: the document's load waits with them.
    let open: () => void = () => {};
    let gate: Promise<void> = Promise.resolve();
    const db = new Proxy(app.db, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (property === "transaction") {
          return async (...args: unknown[]) => {
            await gate;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    }) as Db;
    // the load itself is one raw statement (collab_read_document): it waits at the gate too
    const sql = new Proxy(app.sql, {
      apply(target, thisArgument, args) {
        return gate.then(() => Reflect.apply(target, thisArgument, args));
      },
    });
    const started = await harness.start({
      database: { db, sql, close: async () => {} },
      limits: { maxQueuedFrames: 3 },
    });
    const target = await harness.document();
    gate = new Promise((resolve) => {
      open = resolve;
    });

    // one frame too many while loading: rate-limited, before any document byte
    const flood = harness.raw(started.url, target);
    let floodFrames = 0;
    flood.on("message", () => floodFrames++);
    await opened(flood);
    const floodClosed = closed(flood);
    for (let i = 0; i < 4; i++) flood.send(QUERY_AWARENESS);
    expect(await floodClosed).toBe(CloseCode.rateLimited);
    expect(floodFrames).toBe(0);

    // as many as allowed: kept, and applied in order once the document is loaded
    const patient = harness.raw(started.url, target);
    let patientFrames = 0;
    patient.on("message", () => patientFrames++);
    await opened(patient);
    const [first, second] = insertFrames("대기열", "줄 선 ");
    patient.send(first!);
    patient.send(QUERY_AWARENESS);
    patient.send(second!);
    await pong(patient);
    expect(patientFrames).toBe(0); // still loading
    open();
    await until(() => patientFrames > 0, "the document to load");
    const reader = harness.connect(started.url, target, "read");
    await synced(reader.provider);
    await until(() => reader.text.toString() === "줄 선 대기열", "the queued edits");
    await pong(patient);

    // nothing is held on to: with everyone gone, the document unloads
    patient.close();
    reader.provider.destroy();
    await until(async () => (await gauge(started, "nuri_collab_documents_loaded")) === 0, "the unload");
    expect(await gauge(started, "nuri_collab_connections")).toBe(0);
  });
});
