// The operator's cookie is its own: another name than a person's `nuri_session`, and sent only
// to /platform, so neither kind of session can stand in for the other.
const NAME = "nuri_operator";
const PATH = "/platform";

/** Secure needs HTTPS; production has it, a local `npm start` sets NURI_INSECURE_COOKIES=1. */
function secure(): boolean {
  return process.env.NODE_ENV === "production" && process.env.NURI_INSECURE_COOKIES !== "1";
}

function attributes(maxAgeSeconds: number): string[] {
  return [
    `Path=${PATH}`,
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
    ...(secure() ? ["Secure"] : []),
  ];
}

/** The operator session token from the request's cookies, if any. */
export function readOperatorCookie(request: Request): string | null {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === NAME) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** Set-Cookie for a new operator session. */
export function operatorCookie(token: string, maxAgeSeconds: number): string {
  return [`${NAME}=${encodeURIComponent(token)}`, ...attributes(maxAgeSeconds)].join("; ");
}

/** Set-Cookie that removes the operator cookie. */
export function clearOperatorCookie(): string {
  return [`${NAME}=`, ...attributes(0)].join("; ");
}
