/**
 * A link address as a person typed it, made safe to store: http(s) and mailto links, and
 * same-site paths; an address without a scheme ("www.korea.kr") is taken as https. Anything
 * else (javascript:, data:, protocol-relative //host) is null. The collab-server's projection
 * applies the same rule, so what the editor accepts is what previews and exports keep.
 */
export function normalizeLinkUrl(input: string): string | null {
  // Browsers drop tabs and line breaks anywhere in a URL: `java\nscript:` is javascript:.
  const url = input.replace(/[\t\n\r]/g, "").trim();
  if (url === "" || url.length > 2048) return null;
  if (url.startsWith("/")) return /^\/(?![/\\])/.test(url) ? url : null;
  if (/^(https?:\/\/|mailto:)/i.test(url)) return isParsable(url) ? url : null;
  // No scheme at all: a host name, perhaps with a path ("www.korea.kr/news").
  if (/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+([/?#].*)?$/u.test(url)) {
    const withScheme = `https://${url}`;
    return isParsable(withScheme) ? withScheme : null;
  }
  return null;
}

/** Whether a stored href is one the editor may render as a link (same rule as above). */
export function isSafeHref(href: string): boolean {
  return normalizeLinkUrl(href) === href;
}

function isParsable(url: string): boolean {
  try {
    new URL(url, "https://nuri.invalid");
    return true;
  } catch {
    return false;
  }
}
