import { sql, withTenant } from "@nuri/db";
import { AppError } from "../../errors.server.ts";
import { requireChannelFor } from "./channel-access.server.ts";
import { type LiveEvent, latestEventId, listEventsAfter, MESSAGING_NOTIFY_CHANNEL } from "./events.server.ts";
import type { MessagingHub } from "./live-hub.server.ts";
import { MESSAGING_LIMITS, type MessagingActor } from "./messaging-actor.server.ts";

// A person's live stream as Server-Sent Events: first the events after the id they last saw
// (EventSource sends it back as Last-Event-ID when it reconnects), then live ones as the hub
// hands them over. The stream subscribes BEFORE it replays, and every event carries its id, so
// an event committed during the replay arrives once: from the replay or from the hub, never
// both (ids at or below the last one sent are dropped), and never neither.

export interface StreamOptions {
  /** The last event id the client has: the stream starts after it. */
  after: number;
  /** One channel's events only (404 when the person may not see it), or all of theirs. */
  channelId: string | null;
  /** Ends the stream (the request's signal: the client went away). */
  signal: AbortSignal;
  heartbeatMs?: number;
}

const encoder = new TextEncoder();
// The hub hands the same event object to every member's stream: it is framed and encoded once,
// not once per member (for a 500-member channel that was most of the cost of a message).
const framed = new WeakMap<LiveEvent, Uint8Array>();

function frame(event: LiveEvent): Uint8Array {
  let bytes = framed.get(event);
  if (!bytes) {
    const data = JSON.stringify({ kind: event.kind, channelId: event.channelId, payload: event.payload });
    bytes = encoder.encode(event.id === null ? `data: ${data}\n\n` : `id: ${event.id}\ndata: ${data}\n\n`);
    framed.set(event, bytes);
  }
  return bytes;
}

/** Opens the person's stream; refuses a channel they may not see and streams past the limit. */
export async function openEventStream(
  actor: MessagingActor,
  hub: MessagingHub,
  options: StreamOptions,
): Promise<ReadableStream<Uint8Array>> {
  if (options.channelId) {
    const channelId = options.channelId;
    await withTenant(actor.db, actor.tenantId, (tx) => requireChannelFor(tx, actor, channelId));
  }
  if (hub.streamsOf(actor.tenantId, actor.userId) >= MESSAGING_LIMITS.streamsPerPerson) {
    throw new AppError("too-many-streams", "messaging.error.tooManyStreams", 429);
  }
  let lastId = options.after;
  let closed = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  // While a replay runs, live events wait here, to go out after it in order.
  let held: LiveEvent[] | null = null;
  let replaysPending = 0;
  let replaying: Promise<void> = Promise.resolve();
  let cleanup = () => {};

  // Frames written in one turn of the event loop (a burst the hub read together, a replay) go
  // out as one chunk: each chunk costs the HTTP response a write of its own.
  let pending: Uint8Array[] = [];
  const flush = () => {
    const chunks = pending;
    pending = [];
    if (closed || chunks.length === 0) return;
    try {
      controller.enqueue(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    } catch {
      close();
    }
  };
  const write = (bytes: Uint8Array | string) => {
    if (closed) return;
    if (pending.length === 0) setImmediate(flush);
    pending.push(typeof bytes === "string" ? encoder.encode(bytes) : bytes);
  };
  const send = (event: LiveEvent) => {
    if (event.id !== null) {
      if (event.id <= lastId) return;
      lastId = event.id;
    }
    write(frame(event));
  };
  const close = () => {
    if (closed) return;
    closed = true;
    cleanup();
    try {
      controller.close();
    } catch {
      // already closed by the reader
    }
  };
  /** Sends what was missed since lastId, then what the hub held back meanwhile. */
  const catchUp = () => {
    // Held from now (not from when the replay's turn comes): a live event sent before the
    // replay would move lastId past the events the replay is about to send.
    held ??= [];
    replaysPending++;
    replaying = replaying.then(async () => {
      try {
        let sent = 0;
        while (!closed) {
          const { events, complete } = await listEventsAfter(actor, lastId, {
            channelId: options.channelId,
            limit: 500,
          });
          for (const event of events) send(event);
          sent += events.length;
          if (complete) break;
          if (sent >= MESSAGING_LIMITS.replayEvents) {
            // Too far behind to replay: the client reloads what it shows and streams from now
            // on; the reset carries the newest id, so a reconnect does not replay all this again.
            lastId = Math.max(lastId, await latestEventId(actor));
            write(`id: ${lastId}\nevent: reset\ndata: {}\n\n`);
            break;
          }
        }
      } catch (error) {
        console.error("[messaging] replay failed", { tenantId: actor.tenantId, userId: actor.userId, error });
        close();
      } finally {
        replaysPending--;
        if (replaysPending === 0) {
          const waiting = held ?? [];
          held = null;
          for (const event of waiting) send(event);
        }
      }
    });
  };

  const unsubscribe = hub.subscribe({
    tenantId: actor.tenantId,
    userId: actor.userId,
    channelId: options.channelId,
    deliver(event) {
      if (held) held.push(event);
      else send(event);
    },
    resync: catchUp,
    close: () => close(),
  });
  const heartbeat = setInterval(() => write(": ping\n\n"), options.heartbeatMs ?? 20_000);
  const onAbort = () => close();
  options.signal.addEventListener("abort", onAbort, { once: true });
  cleanup = () => {
    unsubscribe();
    clearInterval(heartbeat);
    options.signal.removeEventListener("abort", onAbort);
  };

  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      // EventSource waits this long before it reconnects after a dropped connection.
      write("retry: 2000\n\n");
      if (options.signal.aborted) close();
      else catchUp();
    },
    cancel() {
      close();
    },
  });
}

/** Tells the channel's other members, live, that the person is typing (kept nowhere). */
export async function announceTyping(actor: MessagingActor, channelId: string): Promise<void> {
  await withTenant(actor.db, actor.tenantId, async (tx) => {
    const { member, channel } = await requireChannelFor(tx, actor, channelId);
    if (!member) throw new AppError("not-a-member", "messaging.error.notMember", 403);
    if (channel.archivedAt) throw new AppError("channel-archived", "messaging.error.archived", 409);
    await tx.execute(
      sql`select pg_notify(${MESSAGING_NOTIFY_CHANNEL}, ${`t:${actor.tenantId}:${channelId}:${actor.userId}`})`,
    );
  });
}
