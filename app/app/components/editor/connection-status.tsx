import { useEffect, useState } from "react";
import { useTranslator } from "../../i18n.ts";
import type { SessionState } from "./session.ts";
import { STOP_MESSAGES } from "./stop-reasons.ts";

const PHASE_MESSAGES = {
  connecting: "documents.editor.status.connecting",
  connected: "documents.editor.status.connected",
  reconnecting: "documents.editor.status.reconnecting",
  offline: "documents.editor.status.offline",
} as const satisfies Record<Exclude<SessionState["phase"], "stopped">, string>;

/** How long "your offline changes were merged" stays up before it reads "live" again. */
const MERGED_NOTICE_MS = 15_000;

/**
 * The connection's state in words (and a coloured dot, never colour alone), announced
 * politely when it changes; a stop is an alert with a way to reload.
 */
export function ConnectionStatus({ state }: { state: SessionState }) {
  const t = useTranslator();
  const [mergedShown, setMergedShown] = useState(0);
  const merged = state.merges > mergedShown && state.phase === "connected";

  useEffect(() => {
    if (state.merges === 0) return;
    const timer = setTimeout(() => setMergedShown(state.merges), MERGED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [state.merges]);

  const text =
    state.phase === "stopped"
      ? t("documents.editor.status.stopped")
      : merged
        ? t("documents.editor.status.merged")
        : t(PHASE_MESSAGES[state.phase]);

  return (
    <div className="doc-status">
      <p
        className={`doc-status__line doc-status__line--${merged ? "merged" : state.phase}`}
        role="status"
        data-phase={state.phase}
      >
        <span className="doc-status__dot" aria-hidden="true" />
        <span className="visually-hidden">{t("documents.editor.status.label")}: </span>
        {text}
      </p>
      {state.stop ? (
        <div className="doc-status__stop" role="alert" data-stop={state.stop}>
          <p>{t(STOP_MESSAGES[state.stop])}</p>
          <button
            type="button"
            className="doc-button doc-button--secondary"
            onClick={() => window.location.reload()}
          >
            {t("documents.editor.stop.reload")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
