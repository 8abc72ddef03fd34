import { createTranslator, DEFAULT_LOCALE, isLocale, type Locale, type Translator } from "@nuri/i18n";
import { useMemo } from "react";
import { useRouteLoaderData } from "react-router";
import type { loader as rootLoader } from "./root.tsx";

/** The page's language, as the root loader resolved it; Korean when the root loader failed. */
export function useLocale(): Locale {
  return useRouteLoaderData<typeof rootLoader>("root")?.locale ?? DEFAULT_LOCALE;
}

/** translate() bound to the page's language. */
export function useTranslator(): Translator {
  const locale = useLocale();
  return useMemo(() => createTranslator(locale), [locale]);
}

/** The page's language inside a `meta` function, which cannot call hooks. */
export function localeFromMatches(
  matches: ReadonlyArray<{ id: string; loaderData?: unknown } | undefined>,
): Locale {
  const root = matches.find((match) => match?.id === "root")?.loaderData as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}
