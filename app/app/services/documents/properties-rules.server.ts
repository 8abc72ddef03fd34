import { documentDisclosure, documentRetention } from "@nuri/db";
import type { MessageKey } from "@nuri/i18n";
import { characterCount } from "./spaces-context.server.ts";

// Records metadata: 공개구분 with its grounds (정보공개법 제9조 제1항 1–8호) and 보존기간. Pure
// rules: the services check them before writing, and the schema's check constraint backs them.

export type Disclosure = (typeof documentDisclosure.enumValues)[number];
export type Retention = (typeof documentRetention.enumValues)[number];

export const DISCLOSURES: readonly Disclosure[] = documentDisclosure.enumValues;
export const RETENTIONS: readonly Retention[] = documentRetention.enumValues;
/** 정보공개법 제9조 제1항 각 호: the grounds on which information may be withheld. */
export const DISCLOSURE_GROUNDS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

/** What a new document gets unless the person chooses otherwise: 공개, 5년. */
export const DEFAULT_RECORDS: Records = { disclosure: "public", disclosureGrounds: [], retention: "5y" };

/** The longest title, in characters (the schema's check says the same). */
export const MAX_TITLE = 200;

export interface Records {
  disclosure: Disclosure;
  disclosureGrounds: number[];
  retention: Retention;
}

export type RulesResult<T> = { ok: true; value: T } | { ok: false; field: string; reason: MessageKey };

/**
 * Checks records metadata: a known 공개구분 and 보존기간; 부분공개 and 비공개 cite at least one
 * ground among 1–8호, 공개 cites none. The grounds come back sorted and without repeats.
 */
export function checkRecords(input: {
  disclosure: string;
  disclosureGrounds: readonly unknown[];
  retention: string;
}): RulesResult<Records> {
  if (!(DISCLOSURES as readonly string[]).includes(input.disclosure)) {
    return { ok: false, field: "disclosure", reason: "documents.properties.error.disclosure" };
  }
  if (!(RETENTIONS as readonly string[]).includes(input.retention)) {
    return { ok: false, field: "retention", reason: "documents.properties.error.retention" };
  }
  const grounds = new Set<number>();
  for (const ground of input.disclosureGrounds) {
    const value = typeof ground === "string" && /^\d$/.test(ground) ? Number(ground) : ground;
    if (typeof value !== "number" || !(DISCLOSURE_GROUNDS as readonly number[]).includes(value)) {
      return { ok: false, field: "disclosureGrounds", reason: "documents.properties.error.groundUnknown" };
    }
    grounds.add(value);
  }
  const disclosure = input.disclosure as Disclosure;
  if (disclosure !== "public" && grounds.size === 0) {
    return { ok: false, field: "disclosureGrounds", reason: "documents.properties.error.groundRequired" };
  }
  if (disclosure === "public" && grounds.size > 0) {
    return { ok: false, field: "disclosureGrounds", reason: "documents.properties.error.groundForPublic" };
  }
  return {
    ok: true,
    value: {
      disclosure,
      disclosureGrounds: [...grounds].sort((a, b) => a - b),
      retention: input.retention as Retention,
    },
  };
}

/** Checks a title: 1 to MAX_TITLE characters once trimmed, no NUL. Returns the trimmed title. */
export function checkTitle(input: string): RulesResult<string> {
  const title = input.trim();
  if (title.length === 0)
    return { ok: false, field: "title", reason: "documents.properties.error.titleRequired" };
  if (characterCount(title) > MAX_TITLE) {
    return { ok: false, field: "title", reason: "documents.properties.error.titleTooLong" };
  }
  if (title.includes("\0")) return { ok: false, field: "title", reason: "form.invalidCharacters" };
  return { ok: true, value: title };
}
