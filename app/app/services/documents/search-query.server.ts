// What a person typed into the document search, turned into terms: no database, no clock.

/** The longest query accepted, in characters (after trimming). */
export const SEARCH_QUERY_MAX_LENGTH = 100;
/** The most terms one query may have; each is one more condition on every candidate. */
export const SEARCH_MAX_TERMS = 10;

/**
 * One search term, in Unicode NFC: a word, or a phrase that was in double quotes.
 * `caseless` terms have no letters with case (Hangul, Hanja, digits): LIKE finds exactly what
 * ILIKE would, without lower-casing every candidate document.
 */
export interface SearchTerm {
  text: string;
  caseless: boolean;
}

export type SearchQueryProblem = "empty" | "tooLong" | "tooManyTerms" | "noLetters";

export type ParsedSearchQuery =
  | { ok: true; terms: SearchTerm[]; text: string }
  | { ok: false; reason: SearchQueryProblem; text: string };

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
// Control and format characters (NUL, line breaks, zero-width joiners…) are never meant as
// search text; they become spaces.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Splits a query into terms: words separated by white space, or "phrases in double quotes"
 * (one term, spaces included). Terms are ANDed; repeated terms count once.
 */
export function parseSearchQuery(raw: string): ParsedSearchQuery {
  const text = raw.normalize("NFC").replace(INVISIBLE, " ").replace(/\s+/gu, " ").trim();
  if (text === "") return { ok: false, reason: "empty", text };
  if ([...text].length > SEARCH_QUERY_MAX_LENGTH) return { ok: false, reason: "tooLong", text };

  const pieces: string[] = [];
  // "a phrase", or a run without spaces; an unmatched quote is just a character
  for (const match of text.matchAll(/"([^"]+)"|(\S+)/gu)) {
    const piece = (match[1] ?? match[2] ?? "").trim();
    if (piece.replaceAll('"', "") !== "") pieces.push(piece);
  }
  const seen = new Set<string>();
  const terms: SearchTerm[] = [];
  for (const piece of pieces) {
    if (!LETTER_OR_DIGIT.test(piece)) return { ok: false, reason: "noLetters", text };
    const key = piece.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push({
      text: piece,
      caseless: piece.toLowerCase() === piece && piece.toUpperCase() === piece,
    });
  }
  if (terms.length === 0) return { ok: false, reason: "empty", text };
  if (terms.length > SEARCH_MAX_TERMS) return { ok: false, reason: "tooManyTerms", text };
  return { ok: true, terms, text };
}

/** `term` as a LIKE pattern that matches it anywhere: %, _ and \ stand for themselves. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
