import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import { IMPORT_LIMITS } from "@nuri/org";
import express, { type NextFunction, type Request, type Response } from "express";
import type { ServerBuild } from "react-router";
import { closeAppDatabase, getAppDatabase } from "./app/db.server.ts";
import { MAX_ATTACHMENT_BYTES } from "./app/services/approvals/attachment-limits.ts";
import { collabConfig } from "./app/services/documents/collab-config.server.ts";
import { MAX_IMAGE_BYTES } from "./app/services/documents/images-sniff.server.ts";
import { purgeExpiredTrash } from "./app/services/documents/trash.server.ts";
import { stopMessagingHub } from "./app/services/messaging/live-hub.server.ts";
import { MESSAGING_LIMITS } from "./app/services/messaging/messaging-limits.ts";
import { applyMessageRetention } from "./app/services/messaging/retention.server.ts";

// Nuri's production web server: the built React Router app behind Express. Run it with
// `tsx app/server.ts` after `pnpm --filter @nuri/app build`. It refuses to start unless the
// database answers and its role cannot bypass row-level security.

// React and React Router choose their development or production build from NODE_ENV when they
// are first imported, so it is settled here and they are imported only further down.
process.env.NODE_ENV ??= "production";

const host = process.env.HOST || "127.0.0.1";
// Refuses to start without the collab ticket key, and learns the collab origin for the CSP.
const collabOrigin = readCollabOrigin();
const port = readPort(process.env.PORT, 3000);
const buildDir = fileURLToPath(new URL(`./${process.env.NURI_BUILD_DIR || "build"}/`, import.meta.url));
const serverBuildFile = `${buildDir}server/index.js`;

try {
  await getAppDatabase();
} catch (error) {
  exitWith(error);
}

if (!existsSync(serverBuildFile)) {
  exitWith(
    new Error(`The app is not built (no ${serverBuildFile}): run \`pnpm --filter @nuri/app build\` first.`),
  );
}
const build = (await import(pathToFileURL(serverBuildFile).href)) as ServerBuild;
const { createRequestHandler } = await import("@react-router/express");

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, the client's address is in X-Forwarded-For; only trust it when told.
if (process.env.NURI_TRUST_PROXY === "1") app.set("trust proxy", 1);
app.use(securityHeaders);
app.use(sameOriginMutations);
app.use(limitRequestBodies);
// Vite puts a content hash in every file name under /assets, so a file there never changes.
app.use(
  "/assets",
  express.static(`${buildDir}client/assets`, { immutable: true, maxAge: "1y", index: false }),
);
app.use(express.static(`${buildDir}client`, { maxAge: "1h", index: false }));
app.use(
  createRequestHandler({
    build,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? null }),
  }),
);

const server = createServer(app);
server.once("error", (error) => exitWith(new Error(`Cannot listen on ${host}:${port}: ${error.message}`)));
server.listen(port, host, () => {
  console.log(`Nuri app listening on http://${host}:${port}`);
});

// The trash keeps a document for 30 days; once an hour, what has expired goes for good (each
// purge audited). Every instance may run it: the purge locks with SKIP LOCKED.
const TRASH_PURGE_INTERVAL_MS = 60 * 60 * 1000;
async function purgeTrash(): Promise<void> {
  try {
    const { db } = await getAppDatabase();
    const { purged } = await purgeExpiredTrash(db, new Date());
    if (purged > 0) console.log(`Trash: ${purged} expired documents purged`);
  } catch (error) {
    console.error("Trash purge failed; the next run will retry:", error);
  }
}
const trashTimer = setInterval(() => void purgeTrash(), TRASH_PURGE_INTERVAL_MS);

// 메시지 보존 기간: each agency's policy, and the live-delivery log trimmed, every hour.
async function applyRetention(): Promise<void> {
  try {
    const { db } = await getAppDatabase();
    const report = await applyMessageRetention(db, new Date());
    if (report.messages > 0)
      console.log(`Messages: ${report.messages} past their agency's retention deleted`);
  } catch (error) {
    console.error("Message retention failed; the next run will retry:", error);
  }
}
const retentionTimer = setInterval(() => void applyRetention(), 60 * 60 * 1000);
retentionTimer.unref();
setTimeout(() => void applyRetention(), 90_000).unref();
trashTimer.unref();
setTimeout(() => void purgeTrash(), 60_000).unref();

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => void shutdown());
}

/** Stops taking connections, lets requests in flight finish, then closes the pool. */
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(trashTimer);
  clearInterval(retentionTimer);
  // Live message streams end now (EventSource reconnects, to another instance if there is one).
  await stopMessagingHub().catch(() => {});
  // A client holding a request open (a stream, a slow upload) must not keep us up for ever.
  const force = setTimeout(() => server.closeAllConnections(), 10_000).unref();
  try {
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
    clearTimeout(force);
    await closeAppDatabase();
    process.exit(0);
  } catch (error) {
    exitWith(error);
  }
}

const OFFICIAL_HTML_PATH = /^\/t\/[^/]+\/approvals\/[^/]+\/official\.html$/;

/**
 * The security headers of every response. The Content-Security-Policy allows only this
 * origin's scripts and the inline scripts that carry this response's nonce: React Router's
 * hydration data and module loader are inline, and entry.server.tsx puts the nonce on them.
 */
function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  // The official document (기안문) viewed in the browser sets its own, stricter policy, which
  // admits its one inline stylesheet by hash (routes/approvals/official-file.server.ts).
  if (!OFFICIAL_HTML_PATH.test(req.path))
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        // the collab-server is another origin (another port, or a collab host): exactly it
        `connect-src 'self' ${collabOrigin}`,
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  next();
}

/**
 * CSRF defence for every state-changing request: the browser's Origin header must be this
 * site. Cookies are SameSite=Lax as well; this also covers same-site attackers and old browsers.
 */
function sameOriginMutations(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const origin = req.get("Origin");
  const expected = process.env.NURI_PUBLIC_ORIGIN ?? `${req.protocol}://${req.get("Host")}`;
  if (origin === expected) return next();
  res
    .status(403)
    .type("text/plain; charset=utf-8")
    .send("요청 출처를 확인할 수 없습니다. (Cross-origin request refused)");
}

// Forms are small; only the people import, document images, approvals' 붙임 and messages' files carry a file (their routes
// check the exact limits).
const BODY_LIMIT = 64 * 1024;
const IMPORT_BODY_LIMIT = Math.ceil(IMPORT_LIMITS.maxBytes / 3) * 4 + 64 * 1024;
const IMPORT_PATH = /^\/t\/[^/]+\/admin\/people\/import(\.data)?$/;
// One image and its multipart envelope (routes/documents/images-upload.ts).
const IMAGE_BODY_LIMIT = MAX_IMAGE_BYTES + 64 * 1024;
const IMAGE_PATH = /^\/t\/[^/]+\/documents\/[^/]+\/images$/;
// The approval page's draft form carries the files of its attachment fields (붙임), at most
// MAX_ATTACHMENT_BYTES in all per request (services/approvals/approval-attachments.server.ts).
const APPROVAL_BODY_LIMIT = MAX_ATTACHMENT_BYTES + 64 * 1024;
const APPROVAL_PATH = /^\/t\/[^/]+\/approvals\/[0-9a-fA-F-]{36}(\.data)?$/;
// A message with its files, at most MESSAGING_LIMITS.attachmentBytesPerMessage in all (the
// channel page's action; services/messaging/messages.server.ts checks each file).
const MESSAGE_BODY_LIMIT = MESSAGING_LIMITS.attachmentBytesPerMessage + 64 * 1024;
const MESSAGE_PATH = /^\/t\/[^/]+\/messages\/[0-9a-fA-F-]{36}(\.data)?$/;

/**
 * Refuses a request body before anything reads it into memory: one without a declared length
 * (411) or longer than its route may take (413). Node stops reading at the declared length.
 */
function limitRequestBodies(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const declared = req.get("Content-Length");
  const limit = IMPORT_PATH.test(req.path)
    ? IMPORT_BODY_LIMIT
    : IMAGE_PATH.test(req.path)
      ? IMAGE_BODY_LIMIT
      : APPROVAL_PATH.test(req.path)
        ? APPROVAL_BODY_LIMIT
        : MESSAGE_PATH.test(req.path)
          ? MESSAGE_BODY_LIMIT
          : BODY_LIMIT;
  if (declared === undefined) {
    res.status(411).type("text/plain; charset=utf-8").send("요청 길이를 알 수 없습니다. (Length required)");
  } else if (!/^\d+$/.test(declared) || Number(declared) > limit) {
    res.status(413).type("text/plain; charset=utf-8").send("요청이 너무 큽니다. (Request too large)");
  } else {
    next();
  }
}

function readPort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    exitWith(new Error(`PORT must be a TCP port number (0-65535), got ${JSON.stringify(value)}.`));
  }
  return number;
}

// Start-up failures are for an operator reading a terminal: one line that says what is wrong
// (the database errors are written that way), not a stack trace.
function exitWith(error: unknown): never {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

function readCollabOrigin(): string {
  try {
    return collabConfig().publicUrl;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
