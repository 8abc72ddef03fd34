import { useEffect, useRef, useState } from "react";
import { useRevalidator } from "react-router";

// The browser's side of live delivery: one EventSource for the person's channels. Every event
// that changes what the pages show revalidates them (the loaders are the one source of truth,
// so nothing is patched by hand and nothing drifts); typing is kept here for a few seconds.
// EventSource reconnects by itself and sends the last id it saw, so the server resumes there.

export interface LiveEventData {
  kind: string;
  channelId: string;
  payload: Record<string, unknown>;
}

export interface LiveState {
  /** Null until the first connection opens or fails. */
  connected: boolean | null;
  /** Who is typing where: channel id → user ids, each for a few seconds after the notice. */
  typing: Record<string, string[]>;
}

const TYPING_SHOWN_MS = 5000;

export function useLiveStream(
  url: string,
  options: {
    /** The channel on screen: other people's reading elsewhere changes nothing shown. */
    openChannelId?: string | null;
    /** The person: their own reading (in another tab) changes their unread counts. */
    selfId?: string;
    onMessage?: (event: LiveEventData) => void;
  } = {},
): LiveState {
  const { onMessage } = options;
  const openChannel = useRef(options.openChannelId ?? null);
  openChannel.current = options.openChannelId ?? null;
  const self = useRef(options.selfId);
  self.current = options.selfId;
  const messageHandler = useRef(onMessage);
  messageHandler.current = onMessage;
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const [connected, setConnected] = useState<boolean | null>(null);
  const [typing, setTyping] = useState<Record<string, Record<string, number>>>({});
  // The URL carries the id the page was rendered at: only the first connection uses it.
  const firstUrl = useRef(url);

  useEffect(() => {
    const source = new EventSource(firstUrl.current);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (delayMs = 100) => {
      // a burst of events reloads once
      timer ??= setTimeout(() => {
        timer = undefined;
        void revalidate.current();
      }, delayMs);
    };
    let opened = false;
    source.onopen = () => {
      setConnected(true);
      // What committed between the page's loaders and the stream's starting id is read again.
      if (!opened) schedule();
      opened = true;
    };
    source.onerror = () => setConnected(source.readyState === EventSource.OPEN);
    source.onmessage = (message) => {
      let event: LiveEventData;
      try {
        event = JSON.parse(message.data) as LiveEventData;
      } catch {
        return;
      }
      if (event.kind === "typing") {
        const userId = String(event.payload.userId ?? "");
        setTyping((current) => ({
          ...current,
          [event.channelId]: { ...current[event.channelId], [userId]: Date.now() + TYPING_SHOWN_MS },
        }));
        setTimeout(() => setTyping((current) => ({ ...current })), TYPING_SHOWN_MS + 50);
        return;
      }
      if (event.kind === "message.created") {
        messageHandler.current?.(event);
        // whoever sent it has stopped typing
        const author = String(event.payload.authorId ?? "");
        setTyping((current) => {
          const inChannel = { ...current[event.channelId] };
          delete inChannel[author];
          return { ...current, [event.channelId]: inChannel };
        });
      }
      if (event.kind === "channel.read") {
        // Someone reading changes only the "안 읽음" marks of the channel on screen; in a large
        // channel everyone reads every message, so those reloads are gathered for a while.
        if (event.payload.userId === self.current) schedule();
        else if (event.channelId === openChannel.current) schedule(1500);
        return;
      }
      schedule();
    };
    // Too far behind to replay: reload what the pages show.
    source.addEventListener("reset", () => schedule());
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, []);

  const now = Date.now();
  const current: Record<string, string[]> = {};
  for (const [channelId, people] of Object.entries(typing)) {
    const active = Object.entries(people)
      .filter(([, until]) => until > now)
      .map(([userId]) => userId);
    if (active.length > 0) current[channelId] = active;
  }
  return { connected, typing: current };
}
