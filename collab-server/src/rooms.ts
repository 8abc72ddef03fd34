import { readCollabDocument, readUpdate } from "@nuri/collab/store";
import { type Db, type Sql, withTenant } from "@nuri/db";
import * as Y from "yjs";
import { AppendBatcher } from "./append-batcher.ts";
import { describeError, type Logger } from "./log.ts";
import type { CollabMetrics } from "./metrics.ts";
import { DocumentPersistence, type PersistenceSettings } from "./persistence.ts";
import { type RedisBridge, RedisKind, type RedisKindValue } from "./redis.ts";
import type { Room } from "./room.ts";
import { Origin, type Peer, SharedDocument } from "./sync.ts";

/** A document in memory: its shared state, its persistence and its peers. */
export class LoadedRoom {
  readonly shared: SharedDocument;
  persistence: DocumentPersistence | undefined;
  /** Peers that joined, or that are waiting for the load to finish. */
  holders = 0;

  constructor(
    readonly room: Room,
    private readonly context: RoomsContext,
  ) {
    this.shared = new SharedDocument(
      {
        onUpdate: (update, origin) => {
          if (origin === Origin.remote || origin === Origin.store) {
            this.persistence?.changed();
            return;
          }
          if (typeof origin !== "object" || origin === null) {
            this.persistence?.changed(); // sync.ts hands on only Peers and Origin's symbols
            return;
          }
          const peer = origin as Peer;
          this.persistence?.local(update, peer.userId);
          context.metrics.countUpdate();
          context.redis?.publish(room.name, RedisKind.update, update);
        },
        onLocalAwareness: (update) => context.redis?.publish(room.name, RedisKind.awareness, update),
      },
      { maxBytes: context.maxDocumentBytes, guid: room.name },
    );
  }

  /** What another instance says about this document. */
  fromRemote(kind: RedisKindValue, payload: Uint8Array): void {
    const redis = this.context.redis;
    if (kind === RedisKind.update) {
      this.shared.applyExternal(payload, Origin.remote);
    } else if (kind === RedisKind.awareness) {
      this.shared.applyRemoteAwareness(payload);
    } else if (kind === RedisKind.syncRequest) {
      const missing = this.shared.encodeState(payload);
      // an update with no structs and no deletions is two zero bytes
      if (missing.byteLength > 2) redis?.publish(this.room.name, RedisKind.update, missing);
    } else if (kind === RedisKind.awarenessQuery) {
      const awareness = this.shared.localAwareness();
      if (awareness) redis?.publish(this.room.name, RedisKind.awareness, awareness);
    }
  }
}

export interface RoomsContext {
  db: Db;
  /** The same pool's raw client, for the one-statement writes and loads (migration 0008). */
  sql: Sql;
  settings: PersistenceSettings;
  metrics: CollabMetrics;
  log: Logger;
  redis: RedisBridge | undefined;
  /** CollabLimits.maxDocumentBytes */
  maxDocumentBytes: number;
}

interface Entry {
  room: LoadedRoom;
  ready: Promise<LoadedRoom | null>;
  closing?: Promise<void>;
}

/**
 * The documents held in memory. A document is loaded (snapshot plus tail, and with Redis the
 * other instances' recent changes) when its first peer arrives, and unloaded, after its
 * updates, projection and version are written, when its last peer leaves. A peer that
 * arrives while its document is being unloaded waits for that, then loads it afresh.
 */
export class Rooms {
  readonly #entries = new Map<string, Entry>();
  readonly #batcher: AppendBatcher;

  constructor(private readonly context: RoomsContext) {
    this.#batcher = new AppendBatcher(
      context.sql,
      context.settings.flushDelayMs,
      context.metrics,
      context.log,
    );
  }

  get size(): number {
    return this.#entries.size;
  }

  get(name: string): LoadedRoom | undefined {
    const entry = this.#entries.get(name);
    return entry && !entry.closing ? entry.room : undefined;
  }

  /**
   * Takes a hold on a document, loading it if needed; null when the tenant has no such
   * document. Each successful acquire is matched by one release().
   */
  async acquire(room: Room): Promise<LoadedRoom | null> {
    for (;;) {
      const entry = this.#entries.get(room.name);
      if (!entry) break;
      if (entry.closing) {
        await entry.closing;
        continue;
      }
      return this.#hold(entry);
    }
    const loaded = new LoadedRoom(room, this.context);
    const entry: Entry = { room: loaded, ready: this.#load(loaded) };
    this.#entries.set(room.name, entry);
    return this.#hold(entry);
  }

  async #hold(entry: Entry): Promise<LoadedRoom | null> {
    entry.room.holders++;
    let loaded: LoadedRoom | null = null;
    try {
      loaded = await entry.ready;
      return loaded;
    } finally {
      if (!loaded) {
        // no such document, or the load failed: forget it, so the next peer tries afresh
        entry.room.holders--;
        if (this.#entries.get(entry.room.room.name) === entry) this.#entries.delete(entry.room.room.name);
      }
    }
  }

  /** Lets go of a hold; the last one unloads the document. */
  release(loaded: LoadedRoom): void {
    loaded.holders--;
    if (loaded.holders > 0) return;
    const entry = this.#entries.get(loaded.room.name);
    if (!entry || entry.room !== loaded || entry.closing) return;
    entry.closing = this.#unload(loaded).finally(() => {
      if (this.#entries.get(loaded.room.name) === entry) this.#entries.delete(loaded.room.name);
      this.context.metrics.documents.set(this.#entries.size);
    });
  }

  /** An update row the app appended (a restore): loaded copies apply it at once. */
  async applyStoredUpdate(name: string, seq: number): Promise<void> {
    const loaded = this.get(name);
    if (!loaded) return; // the next load reads it from the tail
    const { tenantId, documentId } = loaded.room;
    const update = await withTenant(this.context.db, tenantId, (tx) => readUpdate(tx, documentId, seq));
    if (update) {
      loaded.shared.applyExternal(update, Origin.store);
      return;
    }
    // Compacted meanwhile: the snapshot holds it; applying the whole state is idempotent.
    const state = await readCollabDocument(this.context.sql, tenantId, documentId);
    for (const part of state?.parts ?? []) loaded.shared.applyExternal(part, Origin.store);
  }

  /** Unloads every document, writing what is pending: graceful shutdown. */
  async closeAll(): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const entry of this.#entries.values()) {
      if (entry.closing) closing.push(entry.closing);
      else {
        entry.closing = this.#unload(entry.room);
        closing.push(entry.closing);
      }
    }
    await Promise.allSettled(closing);
    this.#entries.clear();
    this.context.metrics.documents.set(0);
  }

  async #load(loaded: LoadedRoom): Promise<LoadedRoom | null> {
    const { db, redis, settings, metrics, log } = this.context;
    const { tenantId, documentId, name } = loaded.room;
    // Subscribe before reading, so nothing published between the read and the subscription is lost.
    const early: [RedisKindValue, Uint8Array][] = [];
    let ready = false;
    if (redis) {
      await redis.subscribe(name, (kind, payload) => {
        if (ready) loaded.fromRemote(kind, payload);
        else early.push([kind, payload.slice()]);
      });
    }
    let state: Awaited<ReturnType<typeof readCollabDocument>>;
    try {
      state = await readCollabDocument(this.context.sql, tenantId, documentId);
    } catch (error) {
      metrics.persistenceErrors.inc();
      log.error("loading a document failed", { tenantId, documentId, error: describeError(error) });
      if (redis) await redis.unsubscribe(name).catch(() => {});
      throw error;
    }
    if (!state) {
      if (redis) await redis.unsubscribe(name).catch(() => {});
      loaded.shared.doc.destroy();
      return null;
    }
    loaded.shared.loadStored(state.parts);
    const doc = loaded.shared.doc;
    loaded.persistence = new DocumentPersistence(
      db,
      tenantId,
      documentId,
      doc,
      settings,
      metrics,
      log,
      state,
      this.#batcher,
    );
    ready = true;
    for (const [kind, payload] of early) loaded.fromRemote(kind, payload);
    if (redis) {
      redis.publish(name, RedisKind.syncRequest, Y.encodeStateVector(doc));
      redis.publish(name, RedisKind.awarenessQuery, new Uint8Array());
    }
    metrics.documents.set(this.#entries.size);
    log.info("document loaded", { tenantId, documentId, tailRows: state.tailRows });
    return loaded;
  }

  async #unload(loaded: LoadedRoom): Promise<void> {
    const { tenantId, documentId, name } = loaded.room;
    try {
      await loaded.persistence?.close();
    } finally {
      if (this.context.redis) await this.context.redis.unsubscribe(name).catch(() => {});
      loaded.shared.doc.destroy();
      this.context.log.info("document unloaded", { tenantId, documentId });
    }
  }
}
