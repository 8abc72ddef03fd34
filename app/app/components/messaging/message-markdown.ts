// The Markdown subset of messages, parsed into plain data that React renders as elements: no
// HTML string is ever built from a message, so nothing a person writes can become markup.
//
//   blocks:  paragraphs (single line breaks kept), ``` fenced code ```, "> " quotes, "- " lists
//   inline:  **bold**, *italic* or _italic_, `code`, ~~struck~~, [text](https://…), bare
//            http(s) links, and @mentions (highlighted when they name someone)

export type Inline =
  | { type: "text"; text: string }
  | { type: "strong" | "em" | "strike"; children: Inline[] }
  | { type: "code"; text: string }
  | { type: "link"; href: string; children: Inline[] }
  | { type: "mention"; name: string }
  | { type: "break" };

export type Block =
  | { type: "paragraph"; children: Inline[] }
  | { type: "code"; text: string }
  | { type: "quote"; children: Inline[] }
  | { type: "list"; items: Inline[][] };

/** Only web links: a `javascript:` or `data:` link is shown as the text it is. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Splits a message body into blocks. */
export function parseMessage(body: string, mentionable: (name: string) => boolean = () => false): Block[] {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0)
      blocks.push({ type: "paragraph", children: parseLines(paragraph, mentionable) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line.trimStart().startsWith("```")) {
      flush();
      const code: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? "").trimStart().startsWith("```")) code.push(lines[i++] ?? "");
      blocks.push({ type: "code", text: code.join("\n") });
      continue;
    }
    if (/^>\s?/.test(line)) {
      flush();
      const quoted: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i] ?? ""))
        quoted.push((lines[i++] ?? "").replace(/^>\s?/, ""));
      i--;
      blocks.push({ type: "quote", children: parseLines(quoted, mentionable) });
      continue;
    }
    if (/^[-*]\s+/.test(line)) {
      flush();
      const items: Inline[][] = [];
      while (i < lines.length && /^[-*]\s+/.test(lines[i] ?? "")) {
        items.push(parseInline((lines[i++] ?? "").replace(/^[-*]\s+/, ""), mentionable));
      }
      i--;
      blocks.push({ type: "list", items });
      continue;
    }
    if (line.trim() === "") flush();
    else paragraph.push(line);
  }
  flush();
  return blocks;
}

function parseLines(lines: string[], mentionable: (name: string) => boolean): Inline[] {
  return lines.flatMap((line, index) => [
    ...(index > 0 ? [{ type: "break" } as const] : []),
    ...parseInline(line, mentionable),
  ]);
}

// The first of these that matches at a position wins; text runs up to the next candidate.
const INLINE =
  /(`[^`\n]+`)|(\*\*[^*\n]+?\*\*)|(~~[^~\n]+?~~)|(\*[^*\s][^*\n]*?\*|_[^_\s][^_\n]*?_)|(\[[^\]\n]+\]\([^)\s]+\))|(https?:\/\/[^\s<>()]+[^\s<>().,!?;:'"])|((?:^|(?<=[\s(]))@[^\s@,.!?;:()[\]]+)/u;

/** Parses one line of inline Markdown. */
export function parseInline(text: string, mentionable: (name: string) => boolean = () => false): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  const pushText = (value: string) => {
    if (!value) return;
    const last = out.at(-1);
    if (last?.type === "text") last.text += value;
    else out.push({ type: "text", text: value });
  };
  while (rest.length > 0) {
    const match = INLINE.exec(rest);
    if (!match) {
      pushText(rest);
      break;
    }
    pushText(rest.slice(0, match.index));
    const token = match[0];
    rest = rest.slice(match.index + token.length);
    if (match[1]) out.push({ type: "code", text: token.slice(1, -1) });
    else if (match[2]) out.push({ type: "strong", children: parseInline(token.slice(2, -2), mentionable) });
    else if (match[3]) out.push({ type: "strike", children: parseInline(token.slice(2, -2), mentionable) });
    else if (match[4]) out.push({ type: "em", children: parseInline(token.slice(1, -1), mentionable) });
    else if (match[5]) {
      const close = token.indexOf("](");
      const label = token.slice(1, close);
      const href = safeHref(token.slice(close + 2, -1));
      if (href) out.push({ type: "link", href, children: parseInline(label, mentionable) });
      else pushText(token);
    } else if (match[6]) {
      const href = safeHref(token);
      if (href) out.push({ type: "link", href, children: [{ type: "text", text: token }] });
      else pushText(token);
    } else if (match[7]) {
      const name = token.slice(1);
      if (mentionable(name)) out.push({ type: "mention", name });
      else pushText(token);
    }
  }
  return out;
}
