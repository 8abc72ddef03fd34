import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { CloseCode } from "./close-codes.ts";

/** y-websocket's message types (the first varint of every frame). */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** The most awareness client ids one connection may speak for (a tab has one). */
export const MAX_AWARENESS_IDS_PER_PEER = 4;

/** One connection's view of a shared document: how to send to it and what it may do. */
export interface Peer {
  send(frame: Uint8Array): void;
  canWrite: boolean;
  /** The person behind the connection (from the ticket): contributors of versions. */
  userId: string;
  /** Called when the peer broke the rules; the server closes it with this code. */
  refuse(code: number, reason: string): void;
}

/** Where a change came from when it is not one of this server's peers. */
export const Origin = {
  /** Read from PostgreSQL (the initial load, or a row the app appended). */
  store: Symbol("store"),
  /** Received from another instance through Redis. */
  remote: Symbol("remote"),
} as const;

/** How often, at most, the document's exact size is measured near its limit. */
const SIZE_MEASURE_INTERVAL_MS = 1000;

export interface SharedDocumentHooks {
  /** A change was applied; `origin` is a Peer of this server, or one of Origin's symbols. */
  onUpdate?(update: Uint8Array, origin: unknown): void;
  /** Awareness changed because of a peer of this server (joined, moved, left). */
  onLocalAwareness?(update: Uint8Array): void;
}

/** A frame that breaks the protocol; the connection that sent it is closed, nothing else. */
export class ProtocolError extends Error {}

/**
 * A document shared by the peers in one room, in memory, with its awareness (cursors,
 * presence). Speaks y-websocket's protocol: sync step 1 and 2, updates, awareness, and the
 * awareness query. Every update a peer sends is decoded in full before it is applied, so a
 * malformed one changes nothing.
 */
export class SharedDocument {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Map<Peer, Set<number>>();
  readonly #owners = new Map<number, Peer>();
  readonly #hooks: SharedDocumentHooks;
  /** Where the update being applied comes from: Yjs's own follow-up changes are its doing. */
  #cause: Peer | symbol | undefined;
  /** What went wrong while handing an update on, rethrown once Yjs has finished its cleanup. */
  #failure: { error: unknown } | undefined;

  /** At least the size of the document's state: measured, plus every update since. */
  #bytes = 0;
  #measuredAt = Number.NEGATIVE_INFINITY;
  readonly #maxBytes: number;

  /** Broadcasts a change to the other peers and hands it on; runs inside Yjs's transaction cleanup. */
  readonly #onUpdate = (update: Uint8Array, origin: unknown): void => {
    // This runs inside Yjs's transaction cleanup: an error thrown from here would leave the
    // document unable to emit any later update (no broadcast, nothing written) for as long as
    // it stays loaded. It is rethrown once the cleanup is done instead.
    this.#bytes += update.byteLength;
    try {
      const frame = this.#updateFrame(update);
      for (const peer of this.peers.keys()) if (peer !== origin) peer.send(frame);
      // A change without an origin is Yjs's own follow-up to the update being applied (it
      // tidies duplicate formatting marks after concurrent formatting): it belongs to
      // whoever sent that update, and goes to every peer, that one included.
      this.#hooks.onUpdate?.(update, origin ?? this.#cause ?? Origin.store);
    } catch (error) {
      this.#failure ??= { error };
    }
  };

  /**
   * `guid` names the document (the room): without one Yjs makes a random UUID, which lib0 draws
   * one crypto.getRandomValues() call per hex digit, about half a millisecond a document.
   */
  constructor(hooks: SharedDocumentHooks = {}, options: { maxBytes?: number; guid?: string } = {}) {
    this.doc = new Y.Doc({ gc: true, ...(options.guid === undefined ? {} : { guid: options.guid }) });
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.#hooks = hooks;
    this.#maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    // The server itself is not an editor: it has no awareness state of its own.
    this.awareness.setLocalState(null);
    this.doc.on("update", this.#onUpdate);
    this.doc.on("afterAllTransactions", () => {
      const failure = this.#failure;
      this.#failure = undefined;
      if (failure) throw failure.error;
    });
    this.awareness.on(
      "update",
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        const changed = [...added, ...updated, ...removed];
        for (const id of removed) {
          const previous = this.#owners.get(id);
          if (previous) this.peers.get(previous)?.delete(id);
          this.#owners.delete(id);
        }
        const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
        const frame = this.#awarenessFrame(update);
        for (const peer of this.peers.keys()) peer.send(frame);
        if (origin !== Origin.remote) this.#hooks.onLocalAwareness?.(update);
      },
    );
  }

  /**
   * Applies the stored state (snapshot and tail) before the first peer joins. With nobody to
   * send it to, Yjs is not asked to encode it once more as an update: without an "update"
   * listener it skips that, which was about a fifth of loading a long document.
   */
  loadStored(parts: readonly Uint8Array[]): void {
    if (this.peers.size > 0) throw new Error("loadStored is for a document nobody has joined yet");
    this.doc.off("update", this.#onUpdate);
    try {
      this.doc.transact(() => {
        for (const part of parts) Y.applyUpdate(this.doc, part);
      }, Origin.store);
    } finally {
      this.doc.on("update", this.#onUpdate);
    }
    for (const part of parts) this.#bytes += part.byteLength;
  }

  /** Adds a peer and starts the sync: step 1 (our state vector) and everyone's awareness. */
  join(peer: Peer): void {
    this.peers.set(peer, new Set());
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    peer.send(encoding.toUint8Array(encoder));
    this.#sendAllAwareness(peer);
  }

  /** Removes a peer and its awareness states; true when the room is now empty. */
  leave(peer: Peer): boolean {
    const ids = this.peers.get(peer);
    if (!ids) return this.peers.size === 0;
    this.peers.delete(peer);
    // origin null: a local change, which other instances must hear about
    if (ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null);
    return this.peers.size === 0;
  }

  /** Handles one frame from a peer. Throws ProtocolError on a frame that is not the protocol. */
  receive(peer: Peer, frame: Uint8Array): void {
    try {
      this.#receive(peer, frame);
    } catch (error) {
      if (error instanceof ProtocolError) throw error;
      // lib0's decoders throw plain errors (or RangeErrors) on truncated or oversized input
      throw new ProtocolError(error instanceof Error ? error.message : String(error));
    }
  }

  /** Applies an update that did not come from a peer of this server. */
  applyExternal(update: Uint8Array, origin: symbol): void {
    Y.decodeUpdate(update);
    this.#apply(update, origin);
  }

  /** Applies awareness received from another instance. */
  applyRemoteAwareness(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, Origin.remote);
  }

  /** The awareness of this server's own peers, for an instance that just loaded the room. */
  localAwareness(): Uint8Array | null {
    const ids = [...this.#owners.keys()].filter((id) => this.awareness.getStates().has(id));
    return ids.length === 0 ? null : awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
  }

  #receive(peer: Peer, frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.sync) {
      const subtype = decoding.readVarUint(decoder);
      if (subtype === syncProtocol.messageYjsSyncStep1) {
        const stateVector = decoding.readVarUint8Array(decoder);
        Y.decodeStateVector(stateVector);
        this.#expectEnd(decoder);
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageType.sync);
        encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(encoder, this.encodeState(stateVector));
        peer.send(encoding.toUint8Array(encoder));
        return;
      }
      if (subtype !== syncProtocol.messageYjsSyncStep2 && subtype !== syncProtocol.messageYjsUpdate) {
        throw new ProtocolError(`unknown sync message ${subtype}`);
      }
      const update = decoding.readVarUint8Array(decoder);
      this.#expectEnd(decoder);
      // Decoding in full first: a malformed update is refused before any of it is applied.
      Y.decodeUpdate(update);
      if (!peer.canWrite) {
        // A reader's client answers our step 1 with a step 2 anyway: that is ignored when it
        // holds nothing new; a real change is dropped and ends the connection.
        if (this.#changes(update)) peer.refuse(CloseCode.readOnly, "read-only");
        return;
      }
      if (!this.#fits(update)) {
        // nothing of it is applied; a client re-sending what the server already holds is fine
        if (this.#changes(update)) peer.refuse(CloseCode.documentTooLarge, "document too large");
        return;
      }
      this.#apply(update, peer);
    } else if (type === MessageType.awareness) {
      const update = decoding.readVarUint8Array(decoder);
      this.#expectEnd(decoder);
      const own = this.#ownAwareness(peer, update);
      if (own) awarenessProtocol.applyAwarenessUpdate(this.awareness, own, peer);
    } else if (type === MessageType.queryAwareness) {
      this.#expectEnd(decoder);
      this.#sendAllAwareness(peer);
    } else {
      throw new ProtocolError(`unknown message type ${type}`);
    }
  }

  /**
   * Whether the document stays within its size limit with `update` applied. The running sum
   * of updates overestimates the state (merged and deleted content shrinks), so near the limit
   * the state is measured exactly, at most once a second; between measurements the sum decides.
   */
  #fits(update: Uint8Array): boolean {
    if (this.#bytes + update.byteLength <= this.#maxBytes) return true;
    const now = performance.now();
    if (now - this.#measuredAt >= SIZE_MEASURE_INTERVAL_MS) {
      this.#measuredAt = now;
      this.#bytes = Y.encodeStateAsUpdate(this.doc).byteLength;
    }
    return this.#bytes + update.byteLength <= this.#maxBytes;
  }

  #apply(update: Uint8Array, origin: Peer | symbol): void {
    this.#cause = origin;
    try {
      Y.applyUpdate(this.doc, update, origin);
    } finally {
      this.#cause = undefined;
    }
  }

  /**
   * The document's state, or what a peer at `stateVector` lacks, as one update; what Yjs holds
   * pending is included only beyond the document's own state. Yjs keeps the structs it cannot
   * integrate yet (something they refer to is missing) as pending, and encodes them with the
   * state. When a struct with the same id but other content was integrated meanwhile (only a
   * broken or hostile client sends two), Yjs never drops the pending one, and the encoded
   * state holds both: a newcomer may get the pending one, fail to integrate it, and diverge
   * from everyone else for good. Such stale structs are dropped here.
   */
  encodeState(stateVector?: Uint8Array): Uint8Array {
    const store = this.doc.store;
    const pending = store.pendingStructs;
    if (pending) {
      // Only here, not after every update: the pending structs may be large, newcomers are few.
      const rest = Y.diffUpdateV2(pending.update, Y.encodeStateVector(this.doc));
      if (Y.decodeUpdateV2(rest).structs.length === 0) store.pendingStructs = null;
      else pending.update = rest;
    }
    return Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  #expectEnd(decoder: decoding.Decoder): void {
    if (decoding.hasContent(decoder)) throw new ProtocolError("trailing bytes after the message");
  }

  /**
   * A peer may speak only for awareness ids it introduced, and only for a few. y-websocket's
   * provider sends back every awareness change it hears, other people's and the same person's
   * other tabs' included (and their removal when they leave or time out): an entry for an id
   * the peer does not own that is not newer than what the server holds is such an echo, or
   * stale, and is dropped without taking the id over. A newer one for another person's id is
   * impersonation. Returns what is left to apply, or null.
   */
  #ownAwareness(peer: Peer, update: Uint8Array): Uint8Array | null {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const own = this.peers.get(peer) ?? new Set<number>();
    const fresh = new Set<number>();
    const kept: [id: number, clock: number, state: string][] = [];
    for (let i = 0; i < count; i++) {
      const id = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      const parsed: unknown = JSON.parse(state);
      if (!own.has(id)) {
        const known = this.awareness.meta.get(id);
        if (known !== undefined && clock <= known.clock) continue; // an echo, or stale
        const owner = this.#owners.get(id);
        // The same person's reconnecting tab takes its id over from the connection it replaces.
        if (owner !== undefined && owner.userId !== peer.userId) {
          throw new ProtocolError("awareness for another person's client");
        }
        fresh.add(id);
      }
      // What the peer speaks for itself (echoes were dropped above): the editor shows people by
      // the id in their presence (user.id), which must be the ticket's.
      const user = (parsed as { user?: unknown } | null)?.user;
      if (typeof user === "object" && user !== null && "id" in user && user.id !== peer.userId) {
        throw new ProtocolError("awareness naming another person");
      }
      kept.push([id, clock, state]);
    }
    this.#expectEnd(decoder);
    if (own.size + fresh.size > MAX_AWARENESS_IDS_PER_PEER) throw new ProtocolError("too many awareness ids");
    for (const id of fresh) {
      const previous = this.#owners.get(id);
      if (previous && previous !== peer) this.peers.get(previous)?.delete(id);
      own.add(id);
      this.#owners.set(id, peer);
    }
    if (kept.length === 0) return null;
    if (kept.length === count) return update;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kept.length);
    for (const [id, clock, state] of kept) {
      encoding.writeVarUint(encoder, id);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, state);
    }
    return encoding.toUint8Array(encoder);
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

  #sendAllAwareness(peer: Peer): void {
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) {
      peer.send(this.#awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states)));
    }
  }

  #updateFrame(update: Uint8Array): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
    return encoding.toUint8Array(encoder);
  }

  #awarenessFrame(update: Uint8Array): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, update);
    return encoding.toUint8Array(encoder);
  }
}
