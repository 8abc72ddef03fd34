import { diffLines, diffWords } from "diff";

// A readable comparison of two plain-text projections (a version's and the current one): line
// by line, and inside a changed line word by word, so a one-word edit shows as one word and
// not as a whole paragraph removed and added again.

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

export interface TextDiff {
  parts: DiffPart[];
  /** How many added and removed stretches there are. */
  added: number;
  removed: number;
}

// Words as Korean readers see them (runs between spaces and punctuation), not the syllables
// that the diff package's own tokenizer would split Hangul into.
const SEGMENTER = new Intl.Segmenter("ko", { granularity: "word" });

/** The longest text compared, in characters of each side; longer ones are not compared. */
export const MAX_COMPARED_CHARS = 300_000;

/**
 * The changes from `before` to `after`; null when either is longer than MAX_COMPARED_CHARS or
 * the line comparison takes longer than `timeoutMs` (texts with almost nothing in common).
 */
export function diffTexts(before: string, after: string, timeoutMs = 2_000): TextDiff | null {
  if (before.length > MAX_COMPARED_CHARS || after.length > MAX_COMPARED_CHARS) return null;
  const lines = diffLines(before, after, { timeout: timeoutMs });
  if (!lines) return null;
  const parts: DiffPart[] = [];
  for (let i = 0; i < lines.length; i++) {
    const change = lines[i]!;
    const next = lines[i + 1];
    if (change.removed && next?.added) {
      // A changed stretch of lines: compare its words; fall back to lines if that is too slow.
      const words = diffWords(change.value, next.value, { timeout: timeoutMs, intlSegmenter: SEGMENTER });
      if (words) {
        for (const word of words) push(parts, kindOf(word), word.value);
      } else {
        push(parts, "removed", change.value);
        push(parts, "added", next.value);
      }
      i++;
    } else {
      push(parts, kindOf(change), change.value);
    }
  }
  return {
    parts,
    added: parts.filter((part) => part.kind === "added").length,
    removed: parts.filter((part) => part.kind === "removed").length,
  };
}

function kindOf(change: { added: boolean; removed: boolean }): DiffPart["kind"] {
  return change.added ? "added" : change.removed ? "removed" : "same";
}

/** Appends a part, joined to the one before when they are of the same kind. */
function push(parts: DiffPart[], kind: DiffPart["kind"], text: string): void {
  if (text.length === 0) return;
  const last = parts.at(-1);
  if (last?.kind === kind) last.text += text;
  else parts.push({ kind, text });
}
