import { describe, expect, it } from "vitest";
import { resolveLocale } from "./locale.server.ts";

function requestFor(path: string, headers: Record<string, string> = {}) {
  return new Request(`http://127.0.0.1:3000${path}`, { headers });
}

describe("resolveLocale", () => {
  it("serves Korean when the request says nothing", () => {
    expect(resolveLocale(requestFor("/"))).toEqual({ locale: "ko" });
  });

  it("follows the browser's Accept-Language", () => {
    expect(resolveLocale(requestFor("/", { "Accept-Language": "en-US,en;q=0.9" })).locale).toBe("en");
  });

  it("prefers the cookie over Accept-Language, and ?lang= over both", () => {
    const headers = { Cookie: "theme=dark; lang=en", "Accept-Language": "ko-KR" };
    expect(resolveLocale(requestFor("/", headers)).locale).toBe("en");
    expect(resolveLocale(requestFor("/?lang=ko", headers)).locale).toBe("ko");
  });

  it("remembers a ?lang= choice in a cookie", () => {
    const { locale, setCookie } = resolveLocale(requestFor("/?lang=en"));
    expect(locale).toBe("en");
    expect(setCookie).toMatch(/^lang=en; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly$/);
  });

  it("marks the cookie Secure over HTTPS", () => {
    const { setCookie } = resolveLocale(new Request("https://nuri.example/?lang=ko"));
    expect(setCookie).toMatch(/; Secure$/);
  });

  it("ignores an unsupported ?lang= and sets no cookie", () => {
    expect(resolveLocale(requestFor("/?lang=fr", { "Accept-Language": "en" }))).toEqual({ locale: "en" });
    expect(resolveLocale(requestFor("/?lang=%3Cscript%3E"))).toEqual({ locale: "ko" });
  });
});
