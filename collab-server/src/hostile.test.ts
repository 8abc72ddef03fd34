import { randomUUID } from "node:crypto";
import type { CollabPermission } from "@nuri/auth";
import { documents, eq, withTenant } from "@nuri/db";
import { connectTestDatabase } from "@nuri/db/testing/vitest";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import type WebSocket from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { CloseCode } from "./close-codes.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
import { MAX_AWARENESS_IDS_PER_PEER, MessageType, ProtocolError, SharedDocument } from "./sync.ts";
import { collabHarness, type Started, synced, type TestDocument, until } from "./testing.ts";

// Hostile clients against a live collab-server: a table of malformed frames, each of which
// must close the one connection that sent it (and nothing else), and a seeded fuzz run.

const { app } = connectTestDatabase();
const harness = collabHarness(app);

type Client = ReturnType<typeof harness.connect>;

interface Scene {
  started: Started;
  target: TestDocument;
  one: Client;
  two: Client;
}

const ORIGINAL = "결재 문서 초안";

/** A live server and two y-websocket editors of one document, synced, with presence. */
async function scene(options: Parameters<typeof harness.start>[0] = {}): Promise<Scene> {
  const started = await harness.start(options);
  const target = await harness.document();
  const one = harness.connect(started.url, target);
  const two = harness.connect(started.url, target);
  // as the editor does: the person's id (the ticket's) and name
  one.provider.awareness.setLocalStateField("user", { id: one.userId, name: "하나" });
  two.provider.awareness.setLocalStateField("user", { id: two.userId, name: "둘" });
  await Promise.all([synced(one.provider), synced(two.provider)]);
  one.text.insert(0, ORIGINAL);
  await until(
    () =>
      two.text.toString() === ORIGINAL &&
      two.provider.awareness.getStates().has(one.doc.clientID) &&
      one.provider.awareness.getStates().has(two.doc.clientID),
    "the two editors to sync",
  );
  return { started, target, one, two };
}

// ---- frames ------------------------------------------------------------------------------

function build(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function syncFrame(subtype: number, payload: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, subtype);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** An awareness update as y-protocols encodes it: [clientID, clock, JSON state]… */
function awarenessPayload(entries: [clientId: number, clock: number, state: string][]): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const [clientId, clock, state] of entries) {
      encoding.writeVarUint(e, clientId);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, state);
    }
  });
}

function awarenessFrame(payload: Uint8Array): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** A real update (inserting `text`) as a y-websocket client would send it. */
function insertUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array = new Uint8Array();
  doc.on("update", (u: Uint8Array) => {
    update = u;
  });
  doc.getText("body").insert(0, text);
  return update;
}

/** Bytes that are not a Yjs update: claims four billion clients, then ends. */
const GARBAGE_UPDATE = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x03, 0x99, 0x01, 0xfe, 0x7f]);

/**
 * A y-websocket update frame for another document, captured on the wire: an editor of `other`
 * types `text`, and a raw socket in that room receives the server's broadcast of it.
 */
async function captureFrame(started: Started, other: TestDocument, text: string) {
  const writer = harness.connect(started.url, other);
  const listener = harness.raw(started.url, other);
  const frames: Uint8Array[] = [];
  listener.on("message", (data: Buffer) => frames.push(new Uint8Array(data)));
  await Promise.all([synced(writer.provider), opened(listener)]);
  // the listener has joined once the server's step 1 reached it
  await until(() => frames.length > 0, "the listener to join");
  writer.text.insert(0, text);
  const isUpdate = (f: Uint8Array) => f[0] === MessageType.sync && f[1] === syncProtocol.messageYjsUpdate;
  await until(() => frames.some(isUpdate), "the update to be broadcast");
  listener.close();
  return { frame: frames.find(isUpdate)!, writer };
}

// ---- raw sockets -------------------------------------------------------------------------

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

/** Sends one frame (a string goes as a text message) once open, and resolves with the close code. */
function closedAfterSending(socket: WebSocket, data: Uint8Array | string, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not close the socket")), timeoutMs);
    socket.on("error", () => {}); // the close that follows is what is checked
    socket.on("close", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    socket.on("open", () => socket.send(data));
  });
}

async function healthy(started: Started): Promise<void> {
  const response = await fetch(`${started.http}/healthz`);
  expect(response.status).toBe(200);
}

/** A document's state as a comparable value: its state vector and delete set. */
function state(doc: Y.Doc): Uint8Array {
  return Y.encodeSnapshot(Y.snapshot(doc));
}

// ---- the table -----------------------------------------------------------------------------

interface Hostile {
  /** The frame to send (a string is sent as a text message); built once the scene is set. */
  frame: (scene: Scene) => Uint8Array | string | Promise<Uint8Array | string>;
  /** The close code the sender gets. */
  code: number;
  /** The sender's permission (default: edit); the sender is always another person. */
  permission?: CollabPermission;
}

const OTHER_ROOM = "00000000-0000-4000-8000-000000000001/00000000-0000-4000-8000-000000000002";

const cases: [string, Hostile][] = [
  ["an empty frame", { frame: () => new Uint8Array(), code: CloseCode.protocolError }],
  [
    "random bytes",
    {
      frame: () => Uint8Array.from([0x5c, 0x93, 0x11, 0xe0, 0x02, 0x7a, 0xc4, 0x4b, 0x00, 0xff, 0x31, 0x8d]),
      code: CloseCode.protocolError,
    },
  ],
  [
    "a lone 0xff (a truncated varint)",
    { frame: () => Uint8Array.from([0xff]), code: CloseCode.protocolError },
  ],
  [
    "a sync message whose subtype is a truncated varint",
    { frame: () => Uint8Array.from([0x00, 0x80, 0x80]), code: CloseCode.protocolError },
  ],
  [
    "a varint longer than 53 bits",
    {
      frame: () => Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
      code: CloseCode.protocolError,
    },
  ],
  ["unknown message type 7", { frame: () => Uint8Array.from([7, 0, 0]), code: CloseCode.protocolError }],
  ["unknown message type 99", { frame: () => Uint8Array.from([99]), code: CloseCode.protocolError }],
  [
    "an auth message (type 2), which only a server sends",
    {
      frame: () =>
        build((e) => {
          encoding.writeVarUint(e, MessageType.auth);
          encoding.writeVarUint(e, 0); // permission denied
          encoding.writeVarString(e, "nope");
        }),
      code: CloseCode.protocolError,
    },
  ],
  [
    "a sync message with an unknown subtype",
    { frame: () => syncFrame(5, insertUpdate("x")), code: CloseCode.protocolError },
  ],
  [
    "sync step 1 whose state vector is garbage",
    {
      frame: () => syncFrame(syncProtocol.messageYjsSyncStep1, GARBAGE_UPDATE),
      code: CloseCode.protocolError,
    },
  ],
  [
    "sync step 2 declaring a length far beyond the frame",
    {
      frame: () =>
        build((e) => {
          encoding.writeVarUint(e, MessageType.sync);
          encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
          encoding.writeVarUint(e, 1_000_000);
          encoding.writeUint8Array(e, insertUpdate("몰래"));
        }),
      code: CloseCode.protocolError,
    },
  ],
  [
    "an update declaring a length of 2^40",
    {
      frame: () =>
        build((e) => {
          encoding.writeVarUint(e, MessageType.sync);
          encoding.writeVarUint(e, syncProtocol.messageYjsUpdate);
          encoding.writeVarUint(e, 2 ** 40);
          encoding.writeUint8Array(e, insertUpdate("몰래"));
        }),
      code: CloseCode.protocolError,
    },
  ],
  [
    "an update whose bytes are garbage",
    { frame: () => syncFrame(syncProtocol.messageYjsUpdate, GARBAGE_UPDATE), code: CloseCode.protocolError },
  ],
  [
    "an update cut in half (the length matches, the update does not)",
    {
      frame: () => {
        const update = insertUpdate("반쪽짜리 수정");
        return syncFrame(syncProtocol.messageYjsUpdate, update.slice(0, update.length >> 1));
      },
      code: CloseCode.protocolError,
    },
  ],
  [
    "a valid update followed by trailing bytes",
    {
      // nothing of it may be applied: the frame is refused whole
      frame: () => {
        const frame = syncFrame(syncProtocol.messageYjsUpdate, insertUpdate("꼬리 "));
        return Uint8Array.from([...frame, 0x00, 0x01]);
      },
      code: CloseCode.protocolError,
    },
  ],
  [
    "awareness with truncated JSON state",
    {
      frame: () => awarenessFrame(awarenessPayload([[424242, 1, '{"user":{"name":']])),
      code: CloseCode.protocolError,
    },
  ],
  [
    "awareness whose payload ends before its entries",
    {
      frame: () => awarenessFrame(Uint8Array.from([3, 0x80])),
      code: CloseCode.protocolError,
    },
  ],
  [
    "awareness followed by trailing bytes",
    {
      frame: () =>
        Uint8Array.from([...awarenessFrame(awarenessPayload([[424243, 1, '{"user":{"name":"x"}}']])), 0]),
      code: CloseCode.protocolError,
    },
  ],
  [
    "awareness claiming another person's connected client id",
    {
      frame: ({ one }) =>
        awarenessFrame(awarenessPayload([[one.doc.clientID, 1_000, '{"user":{"name":"사칭"}}']])),
      code: CloseCode.protocolError,
    },
  ],
  [
    "awareness removing another person's connected client (state null)",
    {
      frame: ({ one }) => awarenessFrame(awarenessPayload([[one.doc.clientID, 1_000, "null"]])),
      code: CloseCode.protocolError,
    },
  ],
  [
    `awareness for ${MAX_AWARENESS_IDS_PER_PEER + 1} client ids`,
    {
      frame: () =>
        awarenessFrame(
          awarenessPayload(
            Array.from({ length: MAX_AWARENESS_IDS_PER_PEER + 1 }, (_, i) => [
              900_000 + i,
              1,
              `{"user":{"name":"유령 ${i}"}}`,
            ]),
          ),
        ),
      code: CloseCode.protocolError,
    },
  ],
  [
    "a query-awareness message with trailing bytes",
    { frame: () => Uint8Array.from([MessageType.queryAwareness, 0]), code: CloseCode.protocolError },
  ],
  ["a text (non-binary) message", { frame: () => "\u0000\u0002hello", code: CloseCode.protocolError }],
  [
    "a frame over the maximum message size",
    {
      // ws refuses it while reading the header, with 1009 (message too big), before any parsing
      frame: () => {
        const frame = new Uint8Array(DEFAULT_LIMITS.maxMessageBytes + 1);
        frame.set(syncFrame(syncProtocol.messageYjsUpdate, insertUpdate("큰")));
        return frame;
      },
      code: 1009,
    },
  ],
  [
    "a Hocuspocus-style frame naming another room before the message",
    {
      frame: () =>
        build((e) => {
          encoding.writeVarString(e, OTHER_ROOM);
          encoding.writeUint8Array(e, syncFrame(syncProtocol.messageYjsUpdate, insertUpdate("남의 방")));
        }),
      code: CloseCode.protocolError,
    },
  ],
  [
    "another document's update, captured on the wire, sent by a reader",
    {
      // For a reader any real change is refused as a write: read-only, not a protocol error.
      frame: async ({ started, target }) => {
        const other = await harness.document(target.tenantId);
        return (await captureFrame(started, other, "다른 문서의 내용")).frame;
      },
      permission: "read",
      code: CloseCode.readOnly,
    },
  ],
];

describe("the collab-server against malformed frames", () => {
  it.each(cases)("closes only the connection that sends %s", async (_name, hostile) => {
    const s = await scene();
    const { started, target, one, two } = s;
    const frame = await hostile.frame(s);
    const before = state(one.doc);
    expect(state(two.doc)).toEqual(before);

    const socket = harness.raw(started.url, target, hostile.permission ?? "edit");
    expect(await closedAfterSending(socket, frame)).toBe(hostile.code);

    // A newcomer reads the server's copy: the document and the presence are as they were.
    const late = harness.connect(started.url, target);
    await synced(late.provider);
    expect(state(late.doc)).toEqual(before);
    expect(late.text.toString()).toBe(ORIGINAL);
    const presence = late.provider.awareness.getStates();
    expect([...presence.keys()].sort()).toEqual(
      [one.doc.clientID, two.doc.clientID, late.doc.clientID].sort(),
    );
    expect(presence.get(one.doc.clientID)).toEqual(one.provider.awareness.getLocalState());
    expect(presence.get(two.doc.clientID)).toEqual(two.provider.awareness.getLocalState());

    // The two editors never left, and go on converging.
    expect(one.provider.wsconnected && two.provider.wsconnected).toBe(true);
    two.text.insert(0, "새 ");
    await until(
      () => [one, late].every((c) => c.text.toString() === `새 ${ORIGINAL}`),
      "the others to converge on a new edit",
    );
    expect(state(one.doc)).toEqual(state(two.doc));
    expect(state(late.doc)).toEqual(state(two.doc));
    expect(one.provider.awareness.getStates().get(two.doc.clientID)).toEqual(
      two.provider.awareness.getLocalState(),
    );
    await healthy(started);
  });

  it("applies another document's update, captured on the wire, as an edit of this room only", async () => {
    // Frames carry no room: the bytes of an update made in document B are, in A's room, a
    // legal edit of A by an editor of A. It must reach A's clients only; B stays as it was.
    const { started, target, one, two } = await scene();
    const other = await harness.document(target.tenantId);
    const { frame, writer } = await captureFrame(started, other, "B의 내용 ");
    const reader = harness.connect(started.url, other, "read");
    await synced(reader.provider);
    const otherBefore = state(writer.doc);
    expect(state(reader.doc)).toEqual(otherBefore);
    let otherUpdates = 0;
    writer.doc.on("update", () => otherUpdates++);
    reader.doc.on("update", () => otherUpdates++);

    const socket = harness.raw(started.url, target);
    await opened(socket);
    socket.send(frame);
    // (both inserts are at the start, concurrently: which comes first is Yjs's choice)
    await until(
      () => [one, two].every((c) => c.text.length === ORIGINAL.length + "B의 내용 ".length),
      "A's clients to receive the edit",
    );
    expect(one.text.toString()).toContain("B의 내용 ");
    expect(two.text.toString()).toBe(one.text.toString());
    await pong(socket); // still open
    expect(socket.readyState).toBe(socket.OPEN);

    // B's clients saw nothing more, and a newcomer to B finds B as it was
    const late = harness.connect(started.url, other);
    await synced(late.provider);
    expect(state(late.doc)).toEqual(otherBefore);
    expect(late.text.toString()).toBe("B의 내용 ");
    expect(otherUpdates).toBe(0);
    expect(state(writer.doc)).toEqual(otherBefore);
    expect(state(reader.doc)).toEqual(otherBefore);
    await healthy(started);
  });
});

describe("presence sent back by y-websocket clients", () => {
  // y-websocket's provider sends back every awareness change it hears, other people's too.

  it("drops other people's presence sent back by a client, and takes none of it over", async () => {
    const { started, target, one, two } = await scene();
    const raw = harness.raw(started.url, target);
    await opened(raw);
    const clockOf = (client: Client) => client.provider.awareness.meta.get(client.doc.clientID)!.clock;
    raw.send(
      awarenessFrame(
        awarenessPayload([
          [one.doc.clientID, clockOf(one), JSON.stringify(one.provider.awareness.getLocalState())],
          // a removal at the same clock, as a client sends when its own 30 s timeout passes
          [two.doc.clientID, clockOf(two), "null"],
        ]),
      ),
    );
    await pong(raw);
    // the echo took nothing over: the socket may still introduce as many ids of its own as allowed
    const own = Array.from({ length: MAX_AWARENESS_IDS_PER_PEER }, (_, i) => 800_000 + i);
    raw.send(awarenessFrame(awarenessPayload(own.map((id) => [id, 1, '{"user":{"name":"손님"}}']))));
    await pong(raw);

    const late = harness.connect(started.url, target);
    await synced(late.provider);
    const presence = late.provider.awareness.getStates();
    expect(presence.get(one.doc.clientID)).toEqual(one.provider.awareness.getLocalState());
    expect(presence.get(two.doc.clientID)).toEqual(two.provider.awareness.getLocalState());
    for (const id of own) expect(presence.get(id)).toEqual({ user: { name: "손님" } });
  });

  it("keeps every tab of one person connected, more tabs than ids a connection may speak for", async () => {
    const started = await harness.start();
    const target = await harness.document();
    const person = randomUUID();
    const tabs = Array.from({ length: MAX_AWARENESS_IDS_PER_PEER + 2 }, (_, i) => {
      const tab = harness.connect(started.url, target, "edit", person);
      tab.provider.awareness.setLocalStateField("user", { name: `탭 ${i}` });
      return tab;
    });
    let closes = 0;
    for (const tab of tabs) tab.provider.on("connection-close", () => closes++);
    await Promise.all(tabs.map((tab) => synced(tab.provider)));
    await until(
      () => tabs.every((tab) => tab.provider.awareness.getStates().size === tabs.length),
      "every tab to see every tab",
    );
    tabs[0]!.text.insert(0, "탭 모두 살아 있음");
    await until(() => tabs.every((tab) => tab.text.toString() === "탭 모두 살아 있음"), "the edit");
    expect(closes).toBe(0);
  });

  it("lets a person's reconnecting tab take its id over, and no one else", async () => {
    const { started, target } = await scene();
    const person = randomUUID();
    const id = 555_555;
    const presence = (clock: number, name: string) =>
      awarenessFrame(awarenessPayload([[id, clock, JSON.stringify({ user: { name } })]]));
    const before = harness.raw(started.url, target, "edit", person);
    await opened(before);
    before.send(presence(1, "이전 연결"));
    await pong(before);
    // the tab reconnects while its old connection lingers: first its state as it was, then a change
    const after = harness.raw(started.url, target, "edit", person);
    await opened(after);
    after.send(presence(1, "이전 연결"));
    after.send(presence(2, "새 연결"));
    await pong(after);
    before.close();
    await closed(before);
    const late = harness.connect(started.url, target);
    await synced(late.provider);
    expect(late.provider.awareness.getStates().get(id)).toEqual({ user: { name: "새 연결" } });
    // another person may not
    const intruder = harness.raw(started.url, target);
    expect(await closedAfterSending(intruder, presence(3, "사칭"))).toBe(CloseCode.protocolError);
    expect(late.provider.awareness.getStates().get(id)).toEqual({ user: { name: "새 연결" } });
  });

  it("refuses presence that names another person than the ticket's, and takes its own", async () => {
    const { started, target } = await scene();
    const person = randomUUID();
    const someoneElse = randomUUID();
    const presence = (id: number, userId: string) =>
      awarenessFrame(awarenessPayload([[id, 1, JSON.stringify({ user: { id: userId, name: "과장" } })]]));
    const honest = harness.raw(started.url, target, "edit", person);
    await opened(honest);
    honest.send(presence(777_001, person));
    await pong(honest);
    const watcher = harness.connect(started.url, target);
    await synced(watcher.provider);
    await until(() => watcher.provider.awareness.getStates().has(777_001), "the honest presence");
    // a new id of its own, but naming someone else: the sender is closed, nothing is taken
    const impostor = harness.raw(started.url, target, "edit", person);
    expect(await closedAfterSending(impostor, presence(777_002, someoneElse))).toBe(CloseCode.protocolError);
    expect(watcher.provider.awareness.getStates().has(777_002)).toBe(false);
    expect(honest.readyState).toBe(honest.OPEN);
  });

  it("keeps a client connected while more people than it may speak for come and go", async () => {
    const { started, target, one, two } = await scene();
    let closes = 0;
    for (const client of [one, two]) client.provider.on("connection-close", () => closes++);
    for (let i = 0; i < MAX_AWARENESS_IDS_PER_PEER + 2; i++) {
      const visitor = harness.connect(started.url, target);
      visitor.provider.awareness.setLocalStateField("user", { name: `방문자 ${i}` });
      await synced(visitor.provider);
      const id = visitor.doc.clientID;
      await until(() => one.provider.awareness.getStates().has(id), "the visitor's arrival");
      visitor.provider.destroy();
      await until(() => !one.provider.awareness.getStates().has(id), "the visitor's departure");
    }
    one.provider.awareness.setLocalStateField("user", { name: "하나 (자리 비움)" });
    await until(
      () =>
        (two.provider.awareness.getStates().get(one.doc.clientID) as { user?: { name?: string } } | undefined)
          ?.user?.name === "하나 (자리 비움)",
      "one's presence to travel",
    );
    expect(closes).toBe(0);
    one.text.insert(0, "끝 ");
    await until(() => two.text.toString() === `끝 ${ORIGINAL}`, "the edit");
  });
});

describe("what the fuzz found", () => {
  it("keeps a document alive when handing an update on fails", () => {
    // An error thrown while Yjs cleans up a transaction would stop the document from emitting
    // any later update; it ends the one frame's handling instead.
    const handedOn: Uint8Array[] = [];
    let fail = true;
    const shared = new SharedDocument({
      onUpdate: (update) => {
        if (fail) {
          fail = false;
          throw new Error("the store is down");
        }
        handedOn.push(update);
      },
    });
    const peer = { send: () => {}, canWrite: true, userId: randomUUID(), refuse: () => {} };
    shared.join(peer);
    expect(() => shared.receive(peer, syncFrame(syncProtocol.messageYjsUpdate, insertUpdate("가")))).toThrow(
      ProtocolError,
    );
    shared.receive(peer, syncFrame(syncProtocol.messageYjsUpdate, insertUpdate("나")));
    expect(handedOn).toHaveLength(1);
    shared.doc.destroy();
  });

  it("goes on sharing and writing a document after two people format the same words at once", async () => {
    // Once the projection has read the body, the server's copy has typed XML text, and Yjs
    // tidies duplicate formatting marks after concurrent formatting in a change of its own,
    // with no origin. That change must not stop the document from sharing and writing.
    const started = await harness.start({ persistence: { projectionDelayMs: 10, projectionMaxWaitMs: 10 } });
    const target = await harness.document();
    const one = harness.connect(started.url, target);
    const two = harness.connect(started.url, target);
    await Promise.all([synced(one.provider), synced(two.provider)]);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("기안 문서의 제목")]);
    one.doc.getXmlFragment("default").insert(0, [paragraph]);
    const textOf = (client: Client) =>
      (client.doc.getXmlFragment("default").get(0) as Y.XmlElement | undefined)?.get(0) as
        | Y.XmlText
        | undefined;
    await until(() => textOf(two)?.toString() === "기안 문서의 제목", "the paragraph to reach two");
    await until(async () => {
      const [row] = await withTenant(app.db, target.tenantId, (tx) =>
        tx.select({ at: documents.projectedAt }).from(documents).where(eq(documents.id, target.documentId)),
      );
      return row?.at != null;
    }, "the projection to have read the body");

    two.provider.disconnect();
    textOf(one)!.format(0, 2, { bold: true });
    textOf(two)!.format(0, 2, { bold: true });
    two.provider.connect();
    await synced(two.provider);
    await until(
      () => JSON.stringify(textOf(one)!.toDelta()) === JSON.stringify(textOf(two)!.toDelta()),
      "formats",
    );

    one.text.insert(0, "그 다음 수정");
    await until(() => two.text.toString() === "그 다음 수정", "a later edit to reach two");
    // …and to be written: with everyone gone and the document unloaded, a newcomer reads it back
    one.provider.destroy();
    two.provider.destroy();
    await until(
      () => started.logger.lines.filter((line) => line.message === "document unloaded").length > 0,
      "the unload",
    );
    const late = harness.connect(started.url, target);
    await synced(late.provider);
    expect(late.text.toString()).toBe("그 다음 수정");
    expect(textOf(late)!.toDelta()).toEqual([
      { insert: "기안", attributes: { bold: true } },
      { insert: " 문서의 제목" },
    ]);
    expect(started.logger.lines.filter((line) => line.level === "error")).toEqual([]);
  });
});

// ---- the fuzz run ----------------------------------------------------------------------------

const FUZZ_SEED = 0x6e757269; // "nuri"
const FUZZ_FRAMES = 10_000;
const FUZZ_LANES = 6;
/** Small, so that oversized frames (1009) are cheap to make. */
const FUZZ_MAX_MESSAGE_BYTES = 16 * 1024;

type Random = () => number;

/** mulberry32: a tiny deterministic PRNG, so that a failing run can be replayed from its seed. */
function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;
const randomBytes = (random: Random, n: number) => Uint8Array.from({ length: n }, () => int(random, 256));

/** One message of the corpus: its type, its sync subtype if any, and its payload. */
interface Seed {
  type: number;
  subtype?: number;
  payload?: Uint8Array;
}

function encodeSeed(seed: Seed): Uint8Array {
  return build((e) => {
    encoding.writeVarUint(e, seed.type);
    if (seed.subtype !== undefined) encoding.writeVarUint(e, seed.subtype);
    if (seed.payload !== undefined) encoding.writeVarUint8Array(e, seed.payload);
  });
}

/** Valid frames of every kind a client sends, over rich content (text, marks, maps, XML, deletions). */
function fuzzCorpus(): Seed[] {
  const doc = new Y.Doc();
  doc.clientID = 77_001;
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  const text = doc.getText("body");
  text.insert(0, "공문 제목");
  text.format(0, 2, { bold: true });
  text.insert(5, " 본문", { italic: true });
  text.delete(1, 2);
  doc.getMap("meta").set("status", { draft: true, tags: ["a", 1, null] });
  doc.getArray("list").push([1, "two", new Uint8Array([3]), { four: 4 }]);
  const fragment = doc.getXmlFragment("default");
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.setAttribute("align", "left");
  const inner = new Y.XmlText("문단");
  paragraph.insert(0, [inner]);
  fragment.insert(0, [paragraph, new Y.XmlElement("horizontalRule")]);
  inner.format(0, 1, { link: { href: "https://example.org" } });
  doc.getMap("meta").set("nested", new Y.Map());
  const other = new Y.Doc();
  other.clientID = 77_002;
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  other.getText("body").insert(2, "끼어들기");
  const fromOther = Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc));

  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState({ user: { name: "퍼저", color: "#123456" }, cursor: { anchor: 3, head: 5 } });
  const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
  awareness.setLocalState(null);
  const awarenessRemoval = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
  awareness.destroy();

  const { messageYjsSyncStep1: step1, messageYjsSyncStep2: step2, messageYjsUpdate: update } = syncProtocol;
  return [
    { type: MessageType.sync, subtype: step1, payload: Y.encodeStateVector(new Y.Doc()) },
    { type: MessageType.sync, subtype: step1, payload: Y.encodeStateVector(doc) },
    { type: MessageType.sync, subtype: step2, payload: Y.encodeStateAsUpdate(doc) },
    { type: MessageType.sync, subtype: step2, payload: Uint8Array.from([0, 0]) },
    ...updates.map((payload) => ({ type: MessageType.sync, subtype: update, payload })),
    { type: MessageType.sync, subtype: update, payload: fromOther },
    { type: MessageType.sync, subtype: update, payload: Y.encodeStateAsUpdateV2(doc) },
    { type: MessageType.awareness, payload: awarenessUpdate },
    { type: MessageType.awareness, payload: awarenessRemoval },
    { type: MessageType.queryAwareness },
  ];
}

/** Re-encodes `frame` with the varint at `at` replaced by `value`. */
function replaceVarint(frame: Uint8Array, at: number, value: number): Uint8Array {
  let end = at;
  while (end < frame.length && frame[end]! >= 0x80) end++;
  return build((e) => {
    encoding.writeUint8Array(e, frame.subarray(0, at));
    encoding.writeVarUint(e, value);
    encoding.writeUint8Array(e, frame.subarray(Math.min(end + 1, frame.length)));
  });
}

function mutateBytes(random: Random, bytes: Uint8Array): Uint8Array {
  const kind = int(random, 5);
  if (kind === 0 && bytes.length > 0) {
    const flipped = bytes.slice();
    for (let n = 1 + int(random, 4); n > 0; n--) flipped[int(random, flipped.length)]! ^= 1 << int(random, 8);
    return flipped;
  }
  if (kind === 1) return bytes.slice(0, int(random, bytes.length + 1));
  if (kind === 2) {
    const at = int(random, bytes.length + 1);
    return Uint8Array.from([
      ...bytes.subarray(0, at),
      ...randomBytes(random, 1 + int(random, 8)),
      ...bytes.subarray(at),
    ]);
  }
  if (kind === 3 && bytes.length > 0) {
    const at = int(random, bytes.length);
    return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1 + int(random, 8))]);
  }
  // a varint somewhere (a count, a client, a clock, a length) made large
  if (bytes.length === 0) return bytes;
  const value = pick(random, [
    int(random, 300),
    2 ** 31,
    2 ** 32 + 1,
    Number.MAX_SAFE_INTEGER,
    1 + int(random, 1e6),
  ]);
  return replaceVarint(bytes, int(random, bytes.length), value);
}

/**
 * One fuzzed frame: random bytes, a valid frame (so that sockets live on and later frames meet
 * an established connection), a mutated valid frame, or a random message type prefix.
 */
function fuzzFrame(random: Random, corpus: Seed[]): Uint8Array {
  const strategy = random();
  if (strategy < 0.1) {
    const oversized = random() < 0.02;
    return randomBytes(random, oversized ? FUZZ_MAX_MESSAGE_BYTES + 1 + int(random, 2048) : int(random, 96));
  }
  const seed = pick(random, corpus);
  if (strategy < 0.3) return encodeSeed(seed);
  if (strategy < 0.45) {
    // mutate the frame as a whole: headers, lengths and payload alike
    let frame = encodeSeed(seed);
    for (let n = 1 + int(random, 3); n > 0; n--) frame = mutateBytes(random, frame);
    return frame;
  }
  if (strategy < 0.52 && seed.payload) {
    // inflate the length field: the payload claims more than the frame has
    const at = seed.subtype === undefined ? 1 : 2;
    return replaceVarint(
      encodeSeed(seed),
      at,
      seed.payload.length + 1 + int(random, random() < 0.5 ? 16 : 1e9),
    );
  }
  if (strategy < 0.88 && seed.payload) {
    // mutate the payload but keep the framing valid, so that the Yjs and awareness decoders see it
    let payload = mutateBytes(random, seed.payload);
    if (random() < 0.3) payload = mutateBytes(random, payload);
    return encodeSeed({ ...seed, payload });
  }
  // a random message type in front of a valid message's body, or of random bytes
  const body = random() < 0.5 ? encodeSeed(seed).subarray(1) : randomBytes(random, int(random, 32));
  const type = pick(random, [0, 1, 2, 3, 4, 7, 99, 127, 128, 300, 2 ** 31, int(random, 1 << 14)]);
  return Uint8Array.from([...build((e) => encoding.writeVarUint(e, type)), ...body]);
}

/** A raw socket that sends one frame at a time, each followed by a ping: a pong means it was handled. */
class Lane {
  #waiting: ((outcome: number | "ok") => void) | undefined;
  closeCode: number | undefined;

  constructor(readonly socket: WebSocket) {
    socket.on("pong", () => this.#settle("ok"));
    socket.on("close", (code) => {
      this.closeCode = code;
      this.#settle(code);
    });
  }

  #settle(outcome: number | "ok") {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.(outcome);
  }

  /** "ok" when the server handled the frame and kept the connection, else the close code. */
  send(frame: Uint8Array): Promise<number | "ok"> {
    if (this.closeCode !== undefined) return Promise.resolve(this.closeCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no pong and no close within 15 s")), 15_000);
      this.#waiting = (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      };
      this.socket.send(frame);
      this.socket.ping();
    });
  }
}

describe("the collab-server under fuzzing", () => {
  it(`survives ${FUZZ_FRAMES} fuzzed frames on ${FUZZ_LANES} sockets (mulberry32 seed 0x${FUZZ_SEED.toString(16)})`, async () => {
    const { started, target, one, two } = await scene({
      limits: {
        messagesPerSecond: 1e6,
        messageBurst: 1e6,
        maxMessageBytes: FUZZ_MAX_MESSAGE_BYTES,
        maxConnectionsPerDocument: 1000,
      },
    });
    let closesOfOne = 0;
    for (const client of [one, two]) client.provider.on("connection-close", () => closesOfOne++);
    const corpus = fuzzCorpus();
    const codes = new Map<string, number>();
    const count = (key: string) => codes.set(key, (codes.get(key) ?? 0) + 1);
    const errors: string[] = [];
    let sent = 0;

    async function lane(index: number) {
      const random = mulberry32(FUZZ_SEED + index);
      // one lane reads: its changes must be refused as writes (4405), nothing else
      const permission: CollabPermission = index === 0 ? "read" : "edit";
      while (sent < FUZZ_FRAMES) {
        const socket = harness.raw(started.url, target, permission);
        socket.on("error", (error) => errors.push(error.message));
        const lane = new Lane(socket);
        await opened(socket);
        for (;;) {
          if (sent >= FUZZ_FRAMES) {
            socket.close(1000);
            count("1000 (closed by the test)");
            break;
          }
          sent++;
          const outcome = await lane.send(fuzzFrame(random, corpus));
          if (outcome === "ok") {
            count("accepted");
            continue;
          }
          count(String(outcome));
          break;
        }
      }
    }
    await Promise.all(Array.from({ length: FUZZ_LANES }, (_, i) => lane(i)));

    const report = JSON.stringify(Object.fromEntries([...codes].sort()));
    const allowed = new Set(["accepted", "1000 (closed by the test)", "1009", "4405", "4406"]);
    expect(
      [...codes.keys()].filter((key) => !allowed.has(key)),
      report,
    ).toEqual([]);
    expect(sent, report).toBeGreaterThanOrEqual(FUZZ_FRAMES);
    expect(codes.get("4406") ?? 0, report).toBeGreaterThan(FUZZ_FRAMES / 4);
    expect(errors, report).toEqual([]);
    console.info(`fuzz seed 0x${FUZZ_SEED.toString(16)}: ${report}`);

    await healthy(started);
    // The two editors connected throughout were never dropped and still converge…
    expect(closesOfOne).toBe(0);
    one.text.insert(0, "퍼징 후 ");
    await until(
      () => two.text.toString().startsWith("퍼징 후 ") && two.text.toString() === one.text.toString(),
      "the two editors to converge",
    );
    // …and two newcomers load what the server holds and converge with them on a new edit.
    const three = harness.connect(started.url, target);
    const four = harness.connect(started.url, target);
    await Promise.all([synced(three.provider), synced(four.provider)]);
    four.text.insert(0, "마지막 ");
    const clients = [one, two, three, four];
    await until(
      () => clients.every((c) => c.text.toString() === four.text.toString()),
      "all four to converge",
    ).catch(() => {}); // the assertions below show how they differ
    expect(clients.map((c) => c.text.toString())).toEqual(clients.map(() => four.text.toString()));
    expect(one.text.toString()).toMatch(/^마지막 퍼징 후 /);
    const vectors = clients.map((c) => Y.decodeStateVector(Y.encodeStateVector(c.doc)));
    for (const vector of vectors) expect(vector).toEqual(vectors[0]);
    const logged = started.logger.lines.filter((line) => line.level === "error");
    expect(logged, "no error was logged").toEqual([]);
  }, 240_000); // about 15 s on an idle machine with 2 cores; far more on a busy one
});
