import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { prepareDatabase } from "@nuri/db/runtime";
import { buildCollabServer } from "../collab-server/build.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface LaunchOptions {
  /** The embedded PostgreSQL's folder (used when there is no DATABASE_URL). */
  dataDir: string;
  appPort?: number;
  collabPort?: number;
  host?: string;
  /** Run the app under React Router's dev server (Vite, hot reload) instead of the built server. */
  dev?: boolean;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}

export interface RunningNuri {
  appUrl: string;
  collabUrl: string;
  appDatabaseUrl: string;
  ownerDatabaseUrl?: string;
  /** host:port/database of the database in use. */
  databaseWhere: string;
  embedded: boolean;
  /** The app server's process id (benchmarks read its CPU time from /proc). */
  appPid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts Nuri: the database (embedded unless DATABASE_URL is set; migrated and seeded), then
 * the app and the collab-server as child processes, and resolves once both answer /health.
 * Used by `npm start` and by the e2e suite, so the tests start Nuri the way people do.
 */
export async function launchNuri(options: LaunchOptions): Promise<RunningNuri> {
  const env = { ...process.env, ...options.env };
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? env.HOST ?? "127.0.0.1";
  const appPort = options.appPort ?? Number(env.PORT ?? 3000);
  const collabPort = options.collabPort ?? Number(env.COLLAB_PORT ?? 1234);
  const database = await prepareDatabase({ dataDir: options.dataDir, env, log: (l) => log(`[db] ${l}`) });

  const children: ChildProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.all(children.map((child) => terminate(child)));
      await database.stop();
    })();
    return stopping;
  };

  // A local start serves plain HTTP on loopback, where Secure cookies would not come back.
  // The app signs collab tickets and the collab-server checks them with this shared key; a
  // ticket lives 60 seconds, so a new random key on every start costs nothing.
  const childEnv = {
    NURI_INSECURE_COOKIES: "1",
    COLLAB_TICKET_SECRET: randomBytes(32).toString("base64url"),
    ...env,
    DATABASE_URL: database.appUrl,
    HOST: host,
    COLLAB_PORT: String(collabPort),
    // where browsers reach the collab-server (the CSP allows exactly it)
    COLLAB_PUBLIC_URL: env.COLLAB_PUBLIC_URL || `ws://${host}:${collabPort}`,
  };
  try {
    const app = options.dev
      ? startChild(
          "app",
          "pnpm",
          [
            "--filter",
            "@nuri/app",
            "exec",
            "react-router",
            "dev",
            "--host",
            host,
            "--port",
            String(appPort),
            "--strictPort",
          ],
          childEnv,
          log,
        )
      : startChild(
          "app",
          process.execPath,
          ["--import", "tsx", "app/server.ts"],
          { ...childEnv, PORT: String(appPort) },
          log,
        );
    children.push(app);
    const collab = startChild(
      "collab",
      process.execPath,
      [await buildCollabServer()],
      { ...childEnv, COLLAB_PORT: String(collabPort) },
      log,
    );
    children.push(collab);
    const appUrl = `http://${host}:${appPort}`;
    const collabHttp = `http://${host}:${collabPort}`;
    await Promise.all([
      waitForHealth("app", `${appUrl}/health`, app),
      waitForHealth("collab-server", `${collabHttp}/readyz`, collab),
    ]);
    return {
      appUrl,
      collabUrl: `ws://${host}:${collabPort}`,
      appDatabaseUrl: database.appUrl,
      ownerDatabaseUrl: database.ownerUrl,
      databaseWhere: database.where,
      embedded: database.embedded,
      appPid: app.pid,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function startChild(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  log: (line: string) => void,
) {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) log(`[${name}] ${line}`);
  };
  child.stdout?.on("data", relay);
  child.stderr?.on("data", relay);
  return child;
}

/** Polls a health URL until it answers 200; fails fast when the process exits first. */
async function waitForHealth(name: string, url: string, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The ${name} exited with code ${child.exitCode} before it answered ${url}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The ${name} did not answer ${url} within ${timeoutMs / 1000} s`);
}

/** SIGTERM, then SIGKILL if the process has not exited after 10 s. */
function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
