import type { WebSocket } from "ws";

// Sending one frame to many sockets. A document's update goes to every other peer in the room:
// through ws.send() each of those sends converts the payload, allocates a frame header, and
// hands two buffers to the socket (cork, write, write, uncork). Here the frame's bytes are
// built once and the same buffer is written to every socket, the way engine.io broadcasts
// pre-encoded packets. The server never negotiates compression (permessage-deflate is off), so
// a frame is exactly its header and the payload.

/** RFC 6455 §5.2: a final, unmasked binary frame, as a server sends it, carrying `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x82; // FIN, opcode 2 (binary)
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, headerLength);
  return frame;
}

/** ws's sender, which writes whole frames in order; private to ws, so it is checked for. */
interface FrameSender {
  sendFrame(list: Buffer[], cb?: (error?: Error) => void): void;
}

function senderOf(ws: WebSocket): FrameSender | undefined {
  const sender = (ws as unknown as { _sender?: Partial<FrameSender> })._sender;
  return typeof sender?.sendFrame === "function" ? (sender as FrameSender) : undefined;
}

/**
 * Sends binary payloads, framing each distinct payload once: consecutive sends of the same
 * Uint8Array (a broadcast) share one frame. Falls back to ws.send() where ws's sender does not
 * offer whole frames, or when a connection negotiated an extension.
 */
export class FrameWriter {
  #payload: Uint8Array | undefined;
  #frame: Buffer | undefined;

  send(ws: WebSocket, payload: Uint8Array): void {
    const sender = senderOf(ws);
    if (!sender || ws.extensions !== "") {
      ws.send(payload);
      return;
    }
    if (payload !== this.#payload) {
      this.#payload = payload;
      this.#frame = binaryFrame(payload);
    }
    sender.sendFrame([this.#frame!]);
  }
}
