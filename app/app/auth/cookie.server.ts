const NAME = "nuri_session";

// Secure cookies need HTTPS. Production runs behind TLS; a local `npm start` serves plain HTTP
// on 127.0.0.1, so the launcher sets NURI_INSECURE_COOKIES=1 there (and only there).
function secure(): boolean {
  return process.env.NODE_ENV === "production" && process.env.NURI_INSECURE_COOKIES !== "1";
}

/** The session token from the request's cookies, if any. */
export function readSessionCookie(request: Request): string | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === NAME) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** Set-Cookie for a new session: HttpOnly, SameSite=Lax, Secure outside development. */
export function sessionCookie(token: string, maxAgeSeconds: number): string {
  return [
    `${NAME}=${encodeURIComponent(token)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
    ...(secure() ? ["Secure"] : []),
  ].join("; ");
}

/** Set-Cookie that removes the session cookie. */
export function clearSessionCookie(): string {
  return [
    `${NAME}=`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    "Max-Age=0",
    ...(secure() ? ["Secure"] : []),
  ].join("; ");
}
