import { formatDateTime } from "@nuri/i18n";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { useLocale, useTranslator } from "../../i18n.ts";
import {
  COMMENT_BODY_MAX,
  COMMENT_QUOTE_MAX,
  type CommentRequest,
  type CommentThreadsAnswer,
  type CommentView,
  type CommentWriteAnswer,
  type MentionPeopleAnswer,
  type MentionPerson,
  type ThreadView,
} from "./comment-api.ts";
import type { CommentAnchor, CommentsPanelProps } from "./contract.ts";
import { decodeMentions, encodeMentions, splitMentions } from "./mentions.ts";
import "./comments-panel.css";

/** How often the panel asks for new comments while the page is visible. */
const POLL_MS = 15_000;

const WRITERS = new Set(["commenter", "editor", "owner"]);
const NO_THREADS: ThreadView[] = [];

type Load =
  | { status: "loading" }
  | { status: "failed" }
  | { status: "ready"; threads: ThreadView[]; people: Record<string, string> };

/**
 * The document's comment threads beside the editor: new comments on the current selection,
 * replies, resolve and reopen, editing and deleting one's own, @mentions. Readers see the
 * threads only. New comments from others arrive by polling and are announced politely.
 */
export function CommentsPanel({ tenantSlug, documentId, role, me, anchors }: CommentsPanelProps) {
  const t = useTranslator();
  const endpoint = `/t/${tenantSlug}/documents/${documentId}/comments`;
  const canWrite = WRITERS.has(role);
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [announcement, setAnnouncement] = useState("");
  const [activeId, setActiveId] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const [draftAnchor, setDraftAnchor] = useState<CommentAnchor | null | undefined>(undefined);
  const [gone, setGone] = useState<Set<string>>(new Set());
  const known = useRef<Set<string> | null>(null);

  const refresh = useCallback(async () => {
    try {
      const response = await fetch(endpoint, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`comments answered ${response.status}`);
      const answer = (await response.json()) as CommentThreadsAnswer;
      const ids = new Set(answer.threads.flatMap((thread) => thread.comments.map((comment) => comment.id)));
      if (known.current) {
        const fresh = answer.threads
          .flatMap((thread) => thread.comments)
          .filter((comment) => !known.current!.has(comment.id) && comment.authorId !== me.id).length;
        if (fresh > 0) setAnnouncement(t("documents.comments.newComments", { count: fresh }));
      }
      known.current = ids;
      setLoad({ status: "ready", threads: answer.threads, people: answer.people });
    } catch {
      setLoad((previous) => (previous.status === "ready" ? previous : { status: "failed" }));
    }
  }, [endpoint, me.id, t]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const send = useCallback(
    async (request: CommentRequest): Promise<CommentWriteAnswer> => {
      let answer: CommentWriteAnswer;
      try {
        const response = await fetch(endpoint, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify(request),
        });
        const json = response.headers.get("Content-Type")?.includes("application/json");
        answer = json
          ? ((await response.json()) as CommentWriteAnswer)
          : {
              ok: false,
              error: t(
                response.status === 403
                  ? "documents.comments.error.forbidden"
                  : "documents.comments.error.notFound",
              ),
            };
      } catch {
        answer = { ok: false, error: t("documents.comments.error.network") };
      }
      if (answer.ok) await refresh();
      return answer;
    },
    [endpoint, refresh, t],
  );

  const threads = load.status === "ready" ? load.threads : NO_THREADS;
  const open = useMemo(() => threads.filter((thread) => !thread.resolvedAt), [threads]);
  const resolved = useMemo(() => threads.filter((thread) => thread.resolvedAt), [threads]);

  useEffect(() => {
    anchors?.highlight(
      open.flatMap((thread) =>
        thread.anchor ? [{ id: thread.id, anchor: thread.anchor, active: thread.id === activeId }] : [],
      ),
    );
  }, [anchors, open, activeId]);

  // A notification links to #comment-<id>: once the threads are here, show that one.
  const linked = useRef(false);
  useEffect(() => {
    if (linked.current || load.status !== "ready") return;
    const match = /^#comment-([0-9a-f-]{36})$/.exec(window.location.hash);
    if (!match) return;
    const thread = load.threads.find((candidate) => candidate.comments.some((c) => c.id === match[1]));
    if (!thread) return;
    linked.current = true;
    if (thread.resolvedAt) setShowResolved(true);
    setActiveId(thread.id);
    requestAnimationFrame(() =>
      document.getElementById(`comment-${match[1]}`)?.scrollIntoView({ block: "center" }),
    );
  }, [load]);

  const startComment = () => {
    const selection = anchors?.selection() ?? null;
    setDraftAnchor(
      selection && selection.quote.length > COMMENT_QUOTE_MAX
        ? { ...selection, quote: `${selection.quote.slice(0, COMMENT_QUOTE_MAX - 1)}…` }
        : selection,
    );
  };

  const reveal = (thread: ThreadView) => {
    setActiveId(thread.id);
    if (!thread.anchor || !anchors) return;
    const found = anchors.reveal(thread.anchor);
    setGone((previous) => {
      const next = new Set(previous);
      if (found) next.delete(thread.id);
      else next.add(thread.id);
      return next;
    });
  };

  const people = load.status === "ready" ? load.people : {};
  const context = {
    me,
    people,
    canWrite,
    send,
    reveal,
    activeId,
    gone,
    mentionEndpoint: `${endpoint}/people`,
  };

  return (
    <aside className="comments-panel" aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t("documents.comments.heading")}</h2>
      <p className="comments-panel__live visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {canWrite ? (
        draftAnchor === undefined ? (
          <button type="button" className="comments-button" onClick={startComment}>
            {t("documents.comments.add")}
          </button>
        ) : (
          <div className="comments-new">
            {draftAnchor ? (
              <figure className="comments-quote">
                <figcaption>{t("documents.comments.onSelection")}</figcaption>
                <blockquote>{draftAnchor.quote}</blockquote>
              </figure>
            ) : (
              <p className="comments-hint">{t("documents.comments.wholeDocument")}</p>
            )}
            <Composer
              label={t("documents.comments.bodyLabel")}
              submitLabel={t("documents.comments.submit")}
              mentionEndpoint={`${endpoint}/people`}
              autoFocus
              onCancel={() => setDraftAnchor(undefined)}
              onSubmit={async (body) => {
                const answer = await send({ intent: "create", anchor: draftAnchor, body });
                if (answer.ok) {
                  setDraftAnchor(undefined);
                  setActiveId(answer.id);
                  setAnnouncement(t("documents.comments.posted"));
                }
                return answer;
              }}
            />
          </div>
        )
      ) : (
        <p className="comments-hint">{t("documents.comments.readOnly")}</p>
      )}

      {load.status === "loading" ? <p>{t("documents.comments.loading")}</p> : null}
      {load.status === "failed" ? (
        <p role="alert">
          {t("documents.comments.loadFailed")}{" "}
          <button type="button" className="comments-link-button" onClick={() => void refresh()}>
            {t("documents.comments.retry")}
          </button>
        </p>
      ) : null}
      {load.status === "ready" && threads.length === 0 ? <p>{t("documents.comments.empty")}</p> : null}

      <ol className="comments-threads">
        {open.map((thread) => (
          <li key={thread.id}>
            <Thread thread={thread} {...context} />
          </li>
        ))}
      </ol>
      {resolved.length > 0 ? (
        <>
          <button
            type="button"
            className="comments-link-button"
            aria-expanded={showResolved}
            aria-controls="comments-resolved"
            onClick={() => setShowResolved((value) => !value)}
          >
            {showResolved
              ? t("documents.comments.hideResolved")
              : t("documents.comments.showResolved", { count: resolved.length })}
          </button>
          <ol id="comments-resolved" className="comments-threads" hidden={!showResolved}>
            {resolved.map((thread) => (
              <li key={thread.id}>
                <Thread thread={thread} {...context} />
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </aside>
  );
}

interface ThreadContext {
  me: { id: string; name: string };
  people: Record<string, string>;
  canWrite: boolean;
  send: (request: CommentRequest) => Promise<CommentWriteAnswer>;
  reveal: (thread: ThreadView) => void;
  activeId: string | null;
  gone: Set<string>;
  mentionEndpoint: string;
}

function Thread({ thread, ...context }: { thread: ThreadView } & ThreadContext) {
  const t = useTranslator();
  const [replying, setReplying] = useState(false);
  const [error, setError] = useState("");
  const first = thread.comments[0]!;
  const headingId = `thread-${thread.id}`;
  const active = context.activeId === thread.id;
  const setResolved = async (resolved: boolean) => {
    const answer = await context.send({ intent: resolved ? "resolve" : "reopen", threadId: thread.id });
    setError(answer.ok ? "" : answer.error);
  };
  return (
    <article
      className={active ? "comments-thread comments-thread--active" : "comments-thread"}
      aria-labelledby={headingId}
      data-thread-id={thread.id}
    >
      <h3 id={headingId} className="visually-hidden">
        {t("documents.comments.thread", { name: first.authorName })}
      </h3>
      {thread.anchor ? (
        <div className="comments-quote">
          <blockquote>{thread.anchor.quote}</blockquote>
          <button type="button" className="comments-link-button" onClick={() => context.reveal(thread)}>
            {t("documents.comments.reveal")}
          </button>
          {context.gone.has(thread.id) ? (
            <p className="comments-hint">{t("documents.comments.quoteGone")}</p>
          ) : null}
        </div>
      ) : null}
      {thread.resolvedAt ? (
        <p className="comments-hint">
          {thread.resolvedByName
            ? t("documents.comments.resolvedBy", { name: thread.resolvedByName })
            : t("documents.comments.resolved")}
        </p>
      ) : null}
      <ol className="comments-list">
        {thread.comments.map((comment) => (
          <li key={comment.id} id={`comment-${comment.id}`}>
            <Comment comment={comment} {...context} />
          </li>
        ))}
      </ol>
      {error ? (
        <p className="comments-error" role="alert">
          {error}
        </p>
      ) : null}
      {context.canWrite ? (
        <div className="comments-actions">
          {replying ? null : (
            <button type="button" className="comments-link-button" onClick={() => setReplying(true)}>
              {t("documents.comments.reply")}
            </button>
          )}
          <button
            type="button"
            className="comments-link-button"
            onClick={() => void setResolved(!thread.resolvedAt)}
          >
            {thread.resolvedAt ? t("documents.comments.reopen") : t("documents.comments.resolve")}
          </button>
        </div>
      ) : null}
      {replying ? (
        <Composer
          label={t("documents.comments.replyLabel", { name: first.authorName })}
          submitLabel={t("documents.comments.replySubmit")}
          mentionEndpoint={context.mentionEndpoint}
          autoFocus
          onCancel={() => setReplying(false)}
          onSubmit={async (body) => {
            const answer = await context.send({ intent: "reply", threadId: thread.id, body });
            if (answer.ok) setReplying(false);
            return answer;
          }}
        />
      ) : null}
    </article>
  );
}

function Comment({ comment, ...context }: { comment: CommentView } & ThreadContext) {
  const t = useTranslator();
  const locale = useLocale();
  const [mode, setMode] = useState<"view" | "edit" | "delete">("view");
  const [error, setError] = useState("");
  const mine = comment.authorId === context.me.id && !comment.deleted && context.canWrite;
  if (comment.deleted) {
    return <p className="comments-deleted">{t("documents.comments.deleted")}</p>;
  }
  const decoded = decodeMentions(comment.body ?? "", context.people);
  return (
    <div className="comments-comment">
      <p className="comments-meta">
        <strong>{comment.authorName}</strong>{" "}
        <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt, locale)}</time>
        {comment.editedAt ? ` ${t("documents.comments.edited")}` : null}
      </p>
      {mode === "edit" ? (
        <Composer
          label={t("documents.comments.editLabel")}
          submitLabel={t("documents.comments.save")}
          mentionEndpoint={context.mentionEndpoint}
          initial={decoded}
          autoFocus
          onCancel={() => setMode("view")}
          onSubmit={async (body) => {
            const answer = await context.send({ intent: "edit", commentId: comment.id, body });
            if (answer.ok) setMode("view");
            return answer;
          }}
        />
      ) : (
        <p className="comments-body">
          {splitMentions(comment.body ?? "").map((part, index) =>
            "text" in part ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable body, in order
              <span key={index}>{part.text}</span>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable body, in order
              <span key={index} className="comments-mention">
                @{context.people[part.mention.id] ?? part.mention.label}
              </span>
            ),
          )}
        </p>
      )}
      {error ? (
        <p className="comments-error" role="alert">
          {error}
        </p>
      ) : null}
      {mine && mode === "view" ? (
        <div className="comments-actions">
          <button type="button" className="comments-link-button" onClick={() => setMode("edit")}>
            {t("documents.comments.edit")}
          </button>
          <button type="button" className="comments-link-button" onClick={() => setMode("delete")}>
            {t("documents.comments.delete")}
          </button>
        </div>
      ) : null}
      {mine && mode === "delete" ? (
        <fieldset className="comments-actions comments-confirm">
          <legend>{t("documents.comments.deleteConfirm")}</legend>
          <button
            type="button"
            className="comments-button comments-button--danger"
            onClick={async () => {
              const answer = await context.send({ intent: "delete", commentId: comment.id });
              if (answer.ok) setMode("view");
              else setError(answer.error);
            }}
          >
            {t("documents.comments.deleteYes")}
          </button>{" "}
          <button type="button" className="comments-link-button" onClick={() => setMode("view")}>
            {t("documents.comments.cancel")}
          </button>
        </fieldset>
      ) : null}
    </div>
  );
}

/** The "@name" being typed right before the caret, if any. */
function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@[\]()]{1,20})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}

/**
 * A comment's text box with @mentions: typing "@" and part of a name lists matching people of
 * the agency (arrow keys and Enter, or a click, to pick). The text keeps "@name"; on submit the
 * picked people become mention tokens.
 */
function Composer({
  label,
  submitLabel,
  mentionEndpoint,
  initial,
  autoFocus = false,
  onSubmit,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  mentionEndpoint: string;
  initial?: { text: string; picked: { id: string; name: string }[] };
  autoFocus?: boolean;
  onSubmit: (body: string) => Promise<CommentWriteAnswer>;
  onCancel: () => void;
}) {
  const t = useTranslator();
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initial?.text ?? "");
  const [picked, setPicked] = useState(initial?.picked ?? []);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [suggestions, setSuggestions] = useState<MentionPerson[]>([]);
  const [activeIndex, setActiveIndex] = useState(0);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (autoFocus) area.current?.focus();
  }, [autoFocus]);

  // Ask for people a moment after typing stops; a late answer for an older query is dropped.
  useEffect(() => {
    if (!query) {
      setSuggestions([]);
      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`${mentionEndpoint}?q=${encodeURIComponent(query.query)}`, {
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return;
        const answer = (await response.json()) as MentionPeopleAnswer;
        if (current) {
          setSuggestions(answer.people);
          setActiveIndex(0);
        }
      } catch {
        if (current) setSuggestions([]);
      }
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, mentionEndpoint]);

  const listId = `${id}-mentions`;
  const listOpen = query !== null && suggestions.length > 0;

  const track = (value: string, caret: number) => {
    setText(value);
    const next = mentionQueryAt(value, caret);
    setQuery((previous) =>
      previous?.start === next?.start && previous?.query === next?.query ? previous : next,
    );
  };

  const pick = (person: MentionPerson) => {
    if (!query) return;
    const end = query.start + 1 + query.query.length;
    const insert = `@${person.name} `;
    const value = `${text.slice(0, query.start)}${insert}${text.slice(end)}`;
    setText(value);
    setPicked((previous) => (previous.some((p) => p.id === person.id) ? previous : [...previous, person]));
    setQuery(null);
    const caret = query.start + insert.length;
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(caret, caret);
    });
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const answer = await onSubmit(encodeMentions(text, picked));
    setBusy(false);
    if (answer.ok) {
      setText("");
      setPicked([]);
      setError("");
    } else {
      setError(answer.error);
      area.current?.focus();
    }
  };

  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  const status = useMemo(() => {
    if (!query) return "";
    return suggestions.length > 0
      ? t("documents.comments.suggestionsCount", { count: suggestions.length })
      : t("documents.comments.noSuggestions");
  }, [query, suggestions, t]);

  return (
    <form className="comments-composer" onSubmit={submit}>
      <label htmlFor={`${id}-body`}>{label}</label>
      <p id={`${id}-hint`} className="comments-hint">
        {t("documents.comments.bodyHint", { max: COMMENT_BODY_MAX })}
      </p>
      <textarea
        ref={area}
        id={`${id}-body`}
        value={text}
        rows={3}
        maxLength={COMMENT_BODY_MAX}
        required
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        aria-autocomplete="list"
        aria-controls={listOpen ? listId : undefined}
        aria-activedescendant={listOpen ? `${listId}-${activeIndex}` : undefined}
        onChange={(event) => track(event.target.value, event.target.selectionStart)}
        onKeyDown={(event) => {
          if (!listOpen) return;
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            const step = event.key === "ArrowDown" ? 1 : -1;
            setActiveIndex((index) => (index + step + suggestions.length) % suggestions.length);
          } else if (event.key === "Enter" || event.key === "Tab") {
            event.preventDefault();
            const person = suggestions[activeIndex];
            if (person) pick(person);
          } else if (event.key === "Escape") {
            event.preventDefault();
            setQuery(null);
          }
        }}
        onBlur={() => setTimeout(() => setQuery(null), 150)}
      />
      <p className="visually-hidden" aria-live="polite">
        {status}
      </p>
      {listOpen ? (
        <div
          id={listId}
          role="listbox"
          aria-label={t("documents.comments.suggestions")}
          className="comments-suggestions"
        >
          {suggestions.map((person, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard picks from the text box (arrows, Enter)
            <div
              key={person.id}
              id={`${listId}-${index}`}
              role="option"
              tabIndex={-1}
              aria-selected={index === activeIndex}
              className={
                index === activeIndex
                  ? "comments-suggestion comments-suggestion--active"
                  : "comments-suggestion"
              }
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(person)}
            >
              {person.name}
              {person.departmentName ? <span className="comments-hint"> {person.departmentName}</span> : null}
            </div>
          ))}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="comments-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="comments-actions">
        <button type="submit" className="comments-button" disabled={busy}>
          {submitLabel}
        </button>{" "}
        <button type="button" className="comments-link-button" onClick={onCancel}>
          {t("documents.comments.cancel")}
        </button>
      </div>
    </form>
  );
}
