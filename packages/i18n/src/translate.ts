import type { Locale } from "./locale.ts";
import { en } from "./messages.en.ts";
import { ko, type MessageKey } from "./messages.ko.ts";

const catalogs: Record<Locale, Record<MessageKey, string>> = { ko, en };

// "{count}곳 중 {total}" → "count" | "total", read from the Korean source text, so a caller
// cannot forget a placeholder or invent one.
type PlaceholderOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholderOf<Rest>
  : never;

/** The `{name}` placeholders of a message. */
export type MessageParams<K extends MessageKey> = Record<PlaceholderOf<(typeof ko)[K]>, string | number>;

/** translate()'s optional last argument: required exactly when the message has placeholders. */
export type ParamsArgument<K extends MessageKey> = [PlaceholderOf<(typeof ko)[K]>] extends [never]
  ? []
  : [params: MessageParams<K>];

/** The message `key` in `locale`, with its `{name}` placeholders filled in from `params`. */
export function translate<K extends MessageKey>(
  locale: Locale,
  key: K,
  ...[params]: ParamsArgument<K>
): string {
  const template = catalogs[locale][key] ?? ko[key];
  if (!params) return template;
  const values = params as Record<string, string | number>;
  // An unknown placeholder stays visible as {name}: a wrong text on screen is found and fixed,
  // a silently empty one is not.
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : placeholder,
  );
}

/** A translate() bound to one locale, for a component or a request. */
export type Translator = <K extends MessageKey>(key: K, ...params: ParamsArgument<K>) => string;

/** Binds translate() to `locale`. */
export function createTranslator(locale: Locale): Translator {
  return (key, ...params) => translate(locale, key, ...params);
}
