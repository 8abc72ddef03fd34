import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { CloseCode } from "./close-codes.ts";

/** y-websocket's message types (the first varint of every frame). */
export const MessageType = { sync: 0, awareness: 1 } as const;

/** One connection's view of a shared document: how to send to it and what it may do. */
export interface Peer {
  send(frame: Uint8Array): void;
  canWrite: boolean;
  /** Called when the peer broke the rules; the server closes it with this code. */
  refuse(code: number, reason: string): void;
}

/**
 * A document shared by the peers in one room, in memory, with its awareness (cursors,
 * presence). Speaks y-websocket's protocol: sync step 1 and 2, updates, awareness.
 */
export class SharedDocument {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Map<Peer, Set<number>>();

  constructor() {
    // The server itself is not an editor: it has no awareness state of its own.
    this.awareness.setLocalState(null);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      syncProtocol.writeUpdate(encoder, update);
      const frame = encoding.toUint8Array(encoder);
      for (const peer of this.peers.keys()) if (peer !== origin) peer.send(frame);
    });
    this.awareness.on(
      "update",
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        const changed = [...added, ...updated, ...removed];
        const owner = this.peers.get(origin as Peer);
        if (owner) {
          for (const id of added) owner.add(id);
          for (const id of removed) owner.delete(id);
        }
        const frame = this.#awarenessFrame(changed);
        for (const peer of this.peers.keys()) peer.send(frame);
      },
    );
  }

  /** Adds a peer and starts the sync: step 1 (our state vector) and everyone's awareness. */
  join(peer: Peer): void {
    this.peers.set(peer, new Set());
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    peer.send(encoding.toUint8Array(encoder));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(this.#awarenessFrame(states));
  }

  /** Removes a peer and its awareness states; true when the room is now empty. */
  leave(peer: Peer): boolean {
    const ids = this.peers.get(peer);
    this.peers.delete(peer);
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null);
    return this.peers.size === 0;
  }

  /** Handles one frame from a peer. Throws on a frame that is not the protocol. */
  receive(peer: Peer, frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.sync) {
      const subtype = decoding.peekVarUint(decoder);
      if (subtype !== syncProtocol.messageYjsSyncStep1 && !peer.canWrite) {
        // A reader may only ask (step 1). Its client answers our step 1 with a step 2 anyway:
        // that is ignored when it holds nothing new; a real change is dropped and ends it.
        const probe = decoding.clone(decoder);
        decoding.readVarUint(probe);
        if (!this.#changes(decoding.readVarUint8Array(probe))) return;
        peer.refuse(CloseCode.readOnly, "read-only");
        return;
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      syncProtocol.readSyncMessage(decoder, encoder, this.doc, peer);
      if (encoding.length(encoder) > 1) peer.send(encoding.toUint8Array(encoder));
    } else if (type === MessageType.awareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), peer);
    } else {
      throw new Error(`unknown message type ${type}`);
    }
  }

  /** Whether applying `update` would change the document: new items, or deletions it lacks. */
  #changes(update: Uint8Array): boolean {
    const { structs, ds } = Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVector(this.doc)));
    if (structs.length > 0) return true;
    const known = Y.createDeleteSetFromStructStore(this.doc.store);
    for (const [client, ranges] of ds.clients) {
      for (const { clock, len } of ranges) {
        if (
          !Y.isDeleted(known, Y.createID(client, clock)) ||
          !Y.isDeleted(known, Y.createID(client, clock + len - 1))
        ) {
          return true;
        }
      }
    }
    return false;
  }

  #awarenessFrame(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }
}
