import {
  and,
  asc,
  channelMembers,
  type Database,
  eq,
  inArray,
  messageEvents,
  sql,
  withTenant,
} from "@nuri/db";
import { type LiveEvent, MESSAGING_NOTIFY_CHANNEL, toLiveEvent } from "./events.server.ts";

// One per app process: a single LISTEN connection hears every event that any instance commits
// (pg_notify in messaging_append_event) and hands each one to the open streams of the channel's
// members in this process. Notices that arrive together are read from PostgreSQL together
// (one query for the events, one for the members of their channels), so a 500-member channel
// costs two queries per burst, not per member. Typing is announced the same way but never kept.

export interface Subscriber {
  tenantId: string;
  userId: string;
  /** Only this channel's events, or every channel of the person's when null. */
  channelId: string | null;
  deliver(event: LiveEvent): void;
  /** The hub may have missed events (its connection dropped): replay from the last id seen. */
  resync(): void;
  /** Ends the stream (the process is shutting down: the client reconnects elsewhere). */
  close(): void;
}

type Notice =
  | { type: "event"; tenantId: string; id: number; channelId: string }
  | { type: "typing"; tenantId: string; channelId: string; userId: string };

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const EVENT_NOTICE = new RegExp(`^e:(${UUID}):(\\d+):(${UUID})$`);
const TYPING_NOTICE = new RegExp(`^t:(${UUID}):(${UUID}):(${UUID})$`);

/** Reads a notice of the messaging channel; anything else (a stray NOTIFY) is null. */
export function parseNotice(payload: string): Notice | null {
  const event = EVENT_NOTICE.exec(payload);
  if (event) {
    return { type: "event", tenantId: event[1] ?? "", id: Number(event[2]), channelId: event[3] ?? "" };
  }
  const typing = TYPING_NOTICE.exec(payload);
  if (typing)
    return { type: "typing", tenantId: typing[1] ?? "", channelId: typing[2] ?? "", userId: typing[3] ?? "" };
  return null;
}

export class MessagingHub {
  readonly #database: Database;
  readonly #subscribers = new Map<string, Set<Subscriber>>();
  #queue: Notice[] = [];
  #draining: Promise<void> | null = null;
  #unlisten: (() => Promise<void>) | null = null;
  #ready: Promise<void> | null = null;
  #onError: (error: unknown) => void;

  constructor(database: Database, options: { onError?: (error: unknown) => void } = {}) {
    this.#database = database;
    this.#onError = options.onError ?? ((error) => console.error("[messaging] live delivery failed", error));
  }

  /** Starts listening; resolves once PostgreSQL has confirmed the LISTEN. */
  start(): Promise<void> {
    this.#ready ??= (async () => {
      let listening = false;
      const subscription = await this.#database.sql.listen(
        MESSAGING_NOTIFY_CHANNEL,
        (payload) => this.#enqueue(payload),
        () => {
          // postgres.js listens again after a lost connection; what was announced meanwhile
          // never arrives, so every stream replays from the last event it sent.
          if (listening) for (const set of this.#subscribers.values()) for (const sub of set) sub.resync();
          listening = true;
        },
      );
      this.#unlisten = () => subscription.unlisten();
    })();
    return this.#ready;
  }

  /** Adds a stream; returns the function that removes it. */
  subscribe(subscriber: Subscriber): () => void {
    let set = this.#subscribers.get(subscriber.tenantId);
    if (!set) {
      set = new Set();
      this.#subscribers.set(subscriber.tenantId, set);
    }
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.#subscribers.get(subscriber.tenantId) === set) {
        this.#subscribers.delete(subscriber.tenantId);
      }
    };
  }

  /** How many streams a person has open in this process (the per-person limit counts them). */
  streamsOf(tenantId: string, userId: string): number {
    let n = 0;
    for (const sub of this.#subscribers.get(tenantId) ?? []) if (sub.userId === userId) n++;
    return n;
  }

  /** Stops listening and ends every stream (their clients reconnect, to another instance). */
  async stop(): Promise<void> {
    for (const set of [...this.#subscribers.values()]) for (const sub of [...set]) sub.close();
    await this.#unlisten?.();
    await this.#draining;
  }

  #enqueue(payload: string): void {
    const notice = parseNotice(payload);
    if (!notice || !this.#subscribers.has(notice.tenantId)) return;
    this.#queue.push(notice);
    this.#draining ??= this.#drain();
  }

  /** Reads and hands out queued notices until none are left; one batch at a time, in order. */
  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        for (const tenantId of new Set(batch.map((notice) => notice.tenantId))) {
          try {
            await this.#deliver(
              tenantId,
              batch.filter((notice) => notice.tenantId === tenantId),
            );
          } catch (error) {
            // The streams of this tenant may now lack events: they replay from their last id.
            this.#onError(error);
            for (const sub of this.#subscribers.get(tenantId) ?? []) sub.resync();
          }
        }
      }
    } finally {
      // Nothing awaits between the empty queue and here, so no notice is left behind.
      this.#draining = null;
    }
  }

  async #deliver(tenantId: string, notices: Notice[]): Promise<void> {
    const subscribers = this.#subscribers.get(tenantId);
    if (!subscribers || subscribers.size === 0) return;
    const ids = notices.flatMap((notice) => (notice.type === "event" ? [notice.id] : []));
    const channelIds = [...new Set(notices.map((notice) => notice.channelId))];
    const { events, members } = await withTenant(this.#database.db, tenantId, async (tx) => {
      const events = ids.length
        ? await tx
            .select()
            .from(messageEvents)
            .where(and(eq(messageEvents.tenantId, tenantId), inArray(messageEvents.id, ids)))
            .orderBy(asc(messageEvents.id))
        : [];
      const members = await tx
        .select({
          channelId: channelMembers.channelId,
          userIds: sql<string[]>`array_agg(${channelMembers.userId})`,
        })
        .from(channelMembers)
        .where(and(eq(channelMembers.tenantId, tenantId), inArray(channelMembers.channelId, channelIds)))
        .groupBy(channelMembers.channelId);
      return {
        events,
        members: new Map(members.map((row) => [row.channelId, new Set(row.userIds)] as const)),
      };
    });
    const send = (event: LiveEvent, recipients: Set<string>, except?: string) => {
      for (const sub of subscribers) {
        if (sub.userId === except || !recipients.has(sub.userId)) continue;
        if (sub.channelId !== null && sub.channelId !== event.channelId) continue;
        sub.deliver(event);
      }
    };
    for (const row of events) {
      const event = toLiveEvent(row);
      const recipients = new Set(members.get(event.channelId) ?? []);
      // Someone who just left hears of it, so that their screens drop the channel.
      if (event.kind === "channel.member") {
        for (const id of (event.payload.removed as string[] | undefined) ?? []) recipients.add(id);
      }
      send(event, recipients);
    }
    for (const notice of notices) {
      if (notice.type !== "typing") continue;
      send(
        { id: null, kind: "typing", channelId: notice.channelId, payload: { userId: notice.userId } },
        members.get(notice.channelId) ?? new Set(),
        notice.userId,
      );
    }
  }
}

const HUB = Symbol.for("nuri.messaging.hub");
const holder = globalThis as { [HUB]?: MessagingHub };

/** The process's hub on the app's database, started on first use. */
export async function getMessagingHub(database: Database): Promise<MessagingHub> {
  holder[HUB] ??= new MessagingHub(database);
  const hub = holder[HUB];
  try {
    await hub.start();
  } catch (error) {
    if (holder[HUB] === hub) holder[HUB] = undefined;
    throw error;
  }
  return hub;
}

/** Stops the process's hub (shutdown, tests). */
export async function stopMessagingHub(): Promise<void> {
  const hub = holder[HUB];
  holder[HUB] = undefined;
  await hub?.stop();
}
