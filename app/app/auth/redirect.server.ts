/**
 * Where to go after signing in to `slug`: `redirectTo` when it is a path of this tenant on this
 * site (`/t/<slug>/…`), the tenant's home otherwise. Anything else (another site, another
 * tenant, `//host`, backslashes) is ignored rather than followed.
 */
export function safeRedirect(slug: string, redirectTo: unknown): string {
  const home = `/t/${slug}/`;
  if (typeof redirectTo !== "string" || redirectTo.length > 2048) return home;
  if (!redirectTo.startsWith(home) || redirectTo.includes("\\")) return home;
  const base = "http://nuri.invalid";
  let url: URL;
  try {
    url = new URL(redirectTo, base);
  } catch {
    return home;
  }
  if (url.origin !== base || !url.pathname.startsWith(home)) return home;
  if (url.pathname === `${home}sign-in` || url.pathname === `${home}sign-out`) return home;
  return `${url.pathname}${url.search}`;
}
