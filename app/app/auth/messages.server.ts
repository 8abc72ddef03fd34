import { type Locale, type MessageKey, translate } from "@nuri/i18n";

/** A message chosen by a service (key and placeholders) in the person's language. */
export function translateMessage(
  locale: Locale,
  message: { key: MessageKey; params?: Record<string, string | number> },
): string {
  // The service picked the key and filled its placeholders; translate()'s per-key typing
  // cannot follow a key held in a variable.
  const loose = translate as unknown as (
    l: Locale,
    k: MessageKey,
    p?: Record<string, string | number>,
  ) => string;
  return loose(locale, message.key, message.params);
}
