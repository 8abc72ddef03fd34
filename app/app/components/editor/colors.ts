/**
 * The colours that mark people in a document: their caret, their selection and their dot in
 * the presence list. White text on each is at least 4.5:1 (the caret's name label), so the
 * palette is a fixed list and a person's colour is an index into it: the styles are classes
 * (the CSP allows no inline style), and a colour a client sends cannot inject anything.
 */
export const PERSON_COLORS = [
  "#1d4ed8", // 6.7:1
  "#b91c1c", // 6.5:1
  "#047857", // 5.5:1
  "#7e22ce", // 7.2:1
  "#b45309", // 5.0:1
  "#0e7490", // 5.4:1
  "#be185d", // 6.0:1
  "#4d7c0f", // 5.0:1
] as const;

/** A person's colour index, the same on every visit and in every browser. */
export function colorIndexFor(userId: string): number {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return hash % PERSON_COLORS.length;
}

/** A colour index from untrusted awareness data; out-of-range values fall back to the first. */
export function safeColorIndex(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value < PERSON_COLORS.length
    ? value
    : 0;
}

/** The class that carries a person's colour (editor.css defines one per index). */
export function colorClass(index: number): string {
  return `person-color-${safeColorIndex(index)}`;
}
