const NAME = "nuri_session";

// Secure cookies need HTTPS. Production runs behind TLS; a local `npm start` serves plain HTTP
// on 127.0.0.1, so the launcher sets NURI_INSECURE_COOKIES=1 there (and only there).
function secure(): boolean {
  return process.env.NODE_ENV === "production" && process.env.NURI_INSECURE_COOKIES !== "1";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The session cookie: the session's tenant (not secret: it only says where to look the token
 * up, which lets a person of another agency be told apart from a visitor) and the token.
 */
export interface SessionCookie {
  tenantId: string;
  token: string;
}

/** The session cookie of the request, if it has one of our form. */
export function readSessionCookie(request: Request): SessionCookie | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name !== NAME) continue;
    const [tenantId, token] = decodeURIComponent(value.join("=")).split("~");
    return tenantId && token && UUID.test(tenantId) ? { tenantId, token } : null;
  }
  return null;
}

/** Set-Cookie for a new session: HttpOnly, SameSite=Lax, Secure outside development. */
export function sessionCookie(tenantId: string, token: string, maxAgeSeconds: number): string {
  return [
    `${NAME}=${encodeURIComponent(`${tenantId}~${token}`)}`,
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
