import { once } from "node:events";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { binaryFrame, FrameWriter } from "./wire.ts";

/** ws's own framing, which ws exports but its type definitions do not describe. */
const { Sender } = createRequire(import.meta.url)("ws") as {
  Sender: { frame(data: Buffer, options: Record<string, boolean | number>): Buffer[] };
};

// The frames FrameWriter writes must be byte for byte what ws itself would send, and reach a
// real client over a real socket as the same messages.

function wsFrame(payload: Uint8Array): Buffer {
  const data = Buffer.from(payload);
  return Buffer.concat(
    Sender.frame(data, { fin: true, opcode: 2, mask: false, readOnly: true, rsv1: false }),
  );
}

describe("binaryFrame", () => {
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 70_000])("frames %i bytes exactly as ws does", (length) => {
    const payload = new Uint8Array(length).map((_, i) => (i * 31 + 7) & 0xff);
    expect(binaryFrame(payload).equals(wsFrame(payload))).toBe(true);
  });

  it("frames a view into a larger buffer by its own bytes only", () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const view = backing.subarray(2, 5);
    expect([...binaryFrame(view)]).toEqual([0x82, 3, 1, 2, 3]);
  });
});

describe("FrameWriter", () => {
  it("delivers a broadcast and single frames to real clients, in order", async () => {
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
    await once(wss, "listening");
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    const sockets: WebSocket[] = [];
    wss.on("connection", (socket) => sockets.push(socket));
    const clients = [new WebSocket(url), new WebSocket(url), new WebSocket(url)];
    const received = clients.map(() => [] as number[][]);
    const done = clients.map(
      (client, i) =>
        new Promise<void>((resolve) => {
          client.on("message", (data: Buffer) => {
            received[i]!.push([...data]);
            if (received[i]!.length === 3) resolve();
          });
        }),
    );
    await Promise.all(clients.map((client) => once(client, "open")));
    while (sockets.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    const writer = new FrameWriter();
    const broadcast = new Uint8Array(300).fill(4);
    for (const socket of sockets) writer.send(socket, broadcast);
    sockets.forEach((socket, i) => {
      writer.send(socket, new Uint8Array([i]));
    });
    for (const socket of sockets) writer.send(socket, broadcast.subarray(0, 2));
    await Promise.all(done);
    for (const [i, messages] of received.entries()) {
      expect(messages).toEqual([[...broadcast], [i], [4, 4]]);
    }
    for (const client of clients) client.close();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
});
