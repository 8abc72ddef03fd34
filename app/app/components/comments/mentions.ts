// Mentions in a comment's body are written `@[이름](user:<uuid>)`: the name as the writer saw it,
// and the person it means. The page shows the person's current name; the server notifies the
// people it names who may read the document. Shared by the browser and the server.

const UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** Labels may hold anything but brackets and line breaks (which would end the token). */
const MENTION = new RegExp(`@\\[([^\\[\\]\\n\\r]{1,50})\\]\\(user:(${UUID_PATTERN})\\)`, "g");

/** The most people one comment may mention. */
export const MAX_MENTIONS = 20;

/** The token that mentions a person: `@[name](user:id)`. */
export function mentionToken(person: { id: string; name: string }): string {
  const label =
    person.name
      .replace(/[[\]\n\r]/g, " ")
      .slice(0, 50)
      .trim() || "?";
  return `@[${label}](user:${person.id})`;
}

/** The distinct people a body mentions, in order of first mention. */
export function mentionedIds(body: string): string[] {
  return [...new Set(Array.from(body.matchAll(MENTION), (match) => match[2]!))];
}

export type BodyPart = { text: string } | { mention: { id: string; label: string } };

/** A body split into text and mentions, for display. */
export function splitMentions(body: string): BodyPart[] {
  const parts: BodyPart[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    if (match.index > last) parts.push({ text: body.slice(last, match.index) });
    parts.push({ mention: { id: match[2]!, label: match[1]! } });
    last = match.index + match[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/**
 * Turns what a person typed ("@권나은 확인 부탁드립니다") into a body with tokens, for the people
 * they picked: each picked person's first plain "@name" not yet turned into a token. A pick whose
 * "@name" was deleted from the text is dropped.
 */
export function encodeMentions(text: string, picked: readonly { id: string; name: string }[]): string {
  let body = text;
  for (const person of picked) {
    const plain = `@${person.name}`;
    let from = 0;
    for (;;) {
      const at = body.indexOf(plain, from);
      if (at < 0) break;
      // Skip an "@name" that is already inside a token (`@[name](user:…)` does not contain it,
      // but a longer name might: "@김하" inside "@김하은").
      const next = body[at + plain.length];
      if (next !== undefined && /[\p{L}\p{N}]/u.test(next)) {
        from = at + plain.length;
        continue;
      }
      body = `${body.slice(0, at)}${mentionToken(person)}${body.slice(at + plain.length)}`;
      break;
    }
  }
  return body;
}

/** The inverse of encodeMentions for editing: tokens back to "@name", with the people picked. */
export function decodeMentions(
  body: string,
  names: Readonly<Record<string, string>>,
): { text: string; picked: { id: string; name: string }[] } {
  const picked: { id: string; name: string }[] = [];
  const text = body.replace(MENTION, (_token, label: string, id: string) => {
    const name = names[id] ?? label;
    if (!picked.some((person) => person.id === id)) picked.push({ id, name });
    return `@${name}`;
  });
  return { text, picked };
}
