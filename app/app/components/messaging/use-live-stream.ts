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

export function useLiveStream(url: string, onMessage?: (event: LiveEventData) => void): LiveState {
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
    const schedule = () => {
      // a burst of events reloads once
      timer ??= setTimeout(() => {
        timer = undefined;
        void revalidate.current();
      }, 100);
    };
    source.onopen = () => setConnected(true);
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
      schedule();
    };
    // Too far behind to replay: reload what the pages show.
    source.addEventListener("reset", schedule);
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
