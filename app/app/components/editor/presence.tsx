import type { CollabConnection } from "@nuri/collab/client";
import { useEffect, useRef, useState } from "react";
import { useTranslator } from "../../i18n.ts";
import { colorClass, safeColorIndex } from "./colors.ts";
import { displayName } from "./extensions.ts";

export interface PresentPerson {
  id: string;
  name: string;
  colorIndex: number;
  me: boolean;
}

type Awareness = CollabConnection["provider"]["awareness"];

/**
 * The people in the document now, from the awareness states (one entry per person, however
 * many windows they have open): this person first, then the others by name.
 */
export function presentPeople(awareness: Awareness, meId: string): PresentPerson[] {
  const people = new Map<string, PresentPerson>();
  for (const state of awareness.getStates().values()) {
    const user = (state as { user?: Record<string, unknown> } | null)?.user;
    if (!user || typeof user.id !== "string") continue;
    if (people.has(user.id)) continue;
    people.set(user.id, {
      id: user.id,
      name: displayName(user.name),
      colorIndex: safeColorIndex(user.colorIndex),
      me: user.id === meId,
    });
  }
  return [...people.values()].sort((a, b) =>
    a.me !== b.me ? (a.me ? -1 : 1) : a.name.localeCompare(b.name, "ko"),
  );
}

/**
 * Who is here: a list beside the editor, and a polite announcement when someone comes or
 * goes (only while connected: a dropped connection is not everyone leaving).
 */
export function Presence({
  awareness,
  meId,
  announce,
}: {
  awareness: Awareness;
  meId: string;
  /** Whether arrivals and departures are announced now. */
  announce: boolean;
}) {
  const t = useTranslator();
  const [people, setPeople] = useState<PresentPerson[]>(() => presentPeople(awareness, meId));
  const [news, setNews] = useState("");
  const previous = useRef<Map<string, string> | null>(null);
  const announcing = useRef(announce);
  announcing.current = announce;

  useEffect(() => {
    const update = () => {
      const now = presentPeople(awareness, meId);
      setPeople(now);
      const others = new Map(now.filter((p) => !p.me).map((p) => [p.id, p.name]));
      const before = previous.current;
      previous.current = others;
      if (!before || !announcing.current) return;
      const joined = [...others].filter(([id]) => !before.has(id)).map(([, name]) => name);
      const left = [...before].filter(([id]) => !others.has(id)).map(([, name]) => name);
      const lines = [
        ...joined.map((name) => t("documents.editor.presence.joined", { name })),
        ...left.map((name) => t("documents.editor.presence.left", { name })),
      ];
      if (lines.length > 0) setNews(lines.join(" "));
    };
    update();
    awareness.on("change", update);
    return () => awareness.off("change", update);
  }, [awareness, meId, t]);

  return (
    <section className="doc-presence" aria-labelledby="doc-presence-heading">
      <h2 id="doc-presence-heading" className="doc-presence__heading">
        {t("documents.editor.presence.heading")}
      </h2>
      <ul className="doc-presence__list">
        {people.map((person) => (
          <li key={person.id} className="doc-presence__person" data-person-id={person.id}>
            <span className={`doc-presence__dot ${colorClass(person.colorIndex)}`} aria-hidden="true" />
            {person.me ? t("documents.editor.presence.me", { name: person.name }) : person.name}
          </li>
        ))}
      </ul>
      {people.length <= 1 ? (
        <p className="doc-presence__alone">{t("documents.editor.presence.alone")}</p>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {news}
      </p>
    </section>
  );
}
