import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { describeError, type Logger } from "./log.ts";

/** What instances tell each other about one document. */
export const RedisKind = {
  /** A Yjs update applied from one of the sender's clients. */
  update: 0,
  /** An awareness update of the sender's clients (joined, moved, left). */
  awareness: 1,
  /** The sender just loaded the document: its state vector, answered with what it lacks. */
  syncRequest: 2,
  /** The sender just loaded the document: answered with each instance's clients' awareness. */
  awarenessQuery: 3,
} as const;
export type RedisKindValue = (typeof RedisKind)[keyof typeof RedisKind];

export type RoomListener = (kind: RedisKindValue, payload: Uint8Array) => void;

const ID_BYTES = 16;

/**
 * Scale-out through Redis pub/sub: each loaded document subscribes to its own channel, and
 * every change or awareness update from an instance's own clients is published there. Any
 * load balancer works; routing one document's connections to one instance (ADR 0009) keeps
 * the traffic here, and the CPU of applying others' updates, close to nothing.
 */
export class RedisBridge {
  readonly #instanceId = randomBytes(ID_BYTES);
  readonly #listeners = new Map<string, RoomListener>();

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly log: Logger,
  ) {
    subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => this.#receive(channel, message));
  }

  /** Connects both clients (publishing, subscribed); rejects when Redis does not answer. */
  static async connect(url: string, log: Logger): Promise<RedisBridge> {
    const options = { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true };
    // loaded only when REDIS_URL is set: a single instance does not carry the client
    const { Redis } = await import("ioredis");
    const publisher = new Redis(url, options);
    const subscriber = new Redis(url, { ...options, enableAutoPipelining: false });
    for (const client of [publisher, subscriber]) {
      client.on("error", (error) => log.warn("redis error", { error: describeError(error) }));
    }
    try {
      await Promise.all([publisher.connect(), subscriber.connect()]);
    } catch (error) {
      publisher.disconnect();
      subscriber.disconnect();
      throw error;
    }
    return new RedisBridge(publisher, subscriber, log);
  }

  async subscribe(room: string, listener: RoomListener): Promise<void> {
    this.#listeners.set(channel(room), listener);
    await this.subscriber.subscribe(channel(room));
  }

  async unsubscribe(room: string): Promise<void> {
    this.#listeners.delete(channel(room));
    await this.subscriber.unsubscribe(channel(room));
  }

  publish(room: string, kind: RedisKindValue, payload: Uint8Array): void {
    const message = Buffer.concat([Buffer.of(kind), this.#instanceId, payload]);
    this.publisher.publish(channel(room), message).catch((error: unknown) => {
      this.log.error("publishing to redis failed", { room, error: describeError(error) });
    });
  }

  /** For /readyz. */
  async ping(): Promise<boolean> {
    try {
      return (await this.publisher.ping()) === "PONG";
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    await Promise.allSettled([this.publisher.quit(), this.subscriber.quit()]);
  }

  #receive(channelName: Buffer, message: Buffer): void {
    const listener = this.#listeners.get(channelName.toString());
    if (!listener || message.length < 1 + ID_BYTES) return;
    if (message.subarray(1, 1 + ID_BYTES).equals(this.#instanceId)) return; // our own
    const kind = message[0] as RedisKindValue;
    if (kind > RedisKind.awarenessQuery) return;
    try {
      listener(
        kind,
        new Uint8Array(message.buffer, message.byteOffset + 1 + ID_BYTES, message.length - 1 - ID_BYTES),
      );
    } catch (error) {
      this.log.error("a message from another instance failed", {
        channel: channelName.toString(),
        error: describeError(error),
      });
    }
  }
}

function channel(room: string): string {
  return `nuri:collab:${room}`;
}
