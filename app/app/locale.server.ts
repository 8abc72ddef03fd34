import { type Locale, pickLocale } from "@nuri/i18n";

const COOKIE = "lang";
const ONE_YEAR = 60 * 60 * 24 * 365;

/**
 * The request's interface language: `?lang=` (a language link), then the `lang` cookie (the
 * person's earlier choice), then Accept-Language (the browser's), then Korean. A valid `?lang=`
 * also answers with a cookie, so the choice holds on the following pages.
 */
export function resolveLocale(request: Request): { locale: Locale; setCookie?: string } {
  const url = new URL(request.url);
  const chosen = url.searchParams.get("lang");
  const locale = pickLocale(
    chosen,
    readCookie(request.headers.get("Cookie"), COOKIE),
    request.headers.get("Accept-Language"),
  );
  if (chosen !== locale) return { locale };
  const secure = url.protocol === "https:" ? "; Secure" : "";
  return {
    locale,
    setCookie: `${COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax; HttpOnly${secure}`,
  };
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const pair of header?.split(";") ?? []) {
    const [key, ...value] = pair.split("=");
    if (key?.trim() === name) return value.join("=").trim();
  }
  return undefined;
}
