/** A language Nuri's interface is written in. */
export type Locale = "ko" | "en";

/** Supported locales, the default first. */
export const LOCALES: readonly Locale[] = ["ko", "en"];

/** Korean: Nuri serves Korean public servants first. */
export const DEFAULT_LOCALE: Locale = "ko";

/** Each language's name in that language, for a language switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { ko: "한국어", en: "English" };

/** Whether `value` is exactly a supported locale tag. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the locale from sources in priority order (e.g. a `?lang=` value, the `lang` cookie,
 * the Accept-Language header), each read as an Accept-Language list; the first source that
 * names a supported language wins, otherwise DEFAULT_LOCALE.
 */
export function pickLocale(...sources: (string | null | undefined)[]): Locale {
  for (const source of sources) {
    const locale = source ? matchAcceptLanguage(source) : undefined;
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

// "en-US,en;q=0.9,ko;q=0.8" → the supported language with the highest weight. Ties keep the
// header's order (Array.prototype.sort is stable), which is what browsers mean by it.
function matchAcceptLanguage(header: string): Locale | undefined {
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", weight, index };
    })
    // q=0 means "not acceptable"; a malformed weight is ignored rather than trusted.
    .filter((range) => Number.isFinite(range.weight) && range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranges.map((range) => range.language).find(isLocale);
}
