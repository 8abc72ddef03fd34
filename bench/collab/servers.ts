import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCollabServer } from "../../collab-server/build.ts";
import { freePort, type Spawned, type Stopped, spawnLogged, stopProcess } from "./processes.ts";

// The three servers, each started fresh in its own process for every scenario.

export const SERVER_KINDS = ["nuri", "y-websocket", "hocuspocus"] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BENCH = fileURLToPath(new URL("../", import.meta.url));
const require = createRequire(import.meta.url);

/** A dependency's folder: up from its entry point to the package.json that names it. */
function packageDirectory(name: string): string {
  // the reference server exports no "." entry, only its subpaths
  let directory = dirname(require.resolve(name === "@y/websocket-server" ? `${name}/utils` : name));
  for (;;) {
    try {
      const json = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { name?: string };
      if (json.name === name) return directory;
    } catch {
      // no package.json at this level
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`cannot find the folder of ${name}`);
    directory = parent;
  }
}

function packageVersion(name: string): string {
  const json = JSON.parse(readFileSync(join(packageDirectory(name), "package.json"), "utf8")) as {
    version: string;
  };
  return json.version;
}

/** The versions that ran, for the report. */
export function peerVersions() {
  const yWebsocketServer = packageDirectory("@y/websocket-server");
  // the reference server brings its own ws (an optional dependency, ^6.2.1)
  const wsOfReference = createRequire(join(yWebsocketServer, "src", "server.js"))("ws/package.json") as {
    version: string;
  };
  return {
    yWebsocketServer: packageVersion("@y/websocket-server"),
    yWebsocketServerWs: wsOfReference.version,
    hocuspocusServer: packageVersion("@hocuspocus/server"),
    hocuspocusProvider: packageVersion("@hocuspocus/provider"),
    yWebsocket: packageVersion("y-websocket"),
    yjs: packageVersion("yjs"),
    node: process.version,
  };
}

export interface NuriSettings {
  /** The application role's URL (nuri_app). */
  databaseUrl: string;
  /** COLLAB_TICKET_SECRET: the same bytes sign the tickets. */
  ticketSecret: string;
}

export interface RunningServer {
  kind: ServerKind;
  port: number;
  url: string;
  http: string;
  process: Spawned;
  stop(): Promise<Stopped>;
}

/** A fresh ticket secret for one bench run. */
export function newTicketSecret(): string {
  return randomBytes(32).toString("base64url");
}

// e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles" to profile the servers (not allowed in NODE_OPTIONS)
const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);

/** Starts one server in its own process and waits until it answers over HTTP. */
export async function startServer(kind: ServerKind, nuri: NuriSettings): Promise<RunningServer> {
  const port = await freePort();
  let spawned: Spawned;
  let probe: string;
  if (kind === "nuri") {
    spawned = spawnLogged(process.execPath, [...nodeArgs, await buildCollabServer()], {
      cwd: ROOT,
      env: {
        DATABASE_URL: nuri.databaseUrl,
        COLLAB_TICKET_SECRET: nuri.ticketSecret,
        COLLAB_PORT: String(port),
        HOST: "127.0.0.1",
      },
    });
    probe = "/readyz";
  } else if (kind === "y-websocket") {
    const script = join(packageDirectory("@y/websocket-server"), "src", "server.js");
    spawned = spawnLogged(process.execPath, [...nodeArgs, script], {
      cwd: BENCH,
      env: { HOST: "127.0.0.1", PORT: String(port) },
    });
    probe = "/";
  } else {
    spawned = spawnLogged(process.execPath, [...nodeArgs, "collab/hocuspocus-server.mjs"], {
      cwd: BENCH,
      env: { HOST: "127.0.0.1", PORT: String(port) },
    });
    probe = "/";
  }
  const server: RunningServer = {
    kind,
    port,
    url: `ws://127.0.0.1:${port}`,
    http: `http://127.0.0.1:${port}`,
    process: spawned,
    stop: () => stopProcess(spawned),
  };
  try {
    await waitUntilReady(server, probe);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilReady(server: RunningServer, probe: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void server.process.exited.then((code) => {
    exitCode = code;
  });
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(
        `${server.kind} exited with code ${exitCode} before it was ready:\n${server.process.tail.join("\n")}`,
      );
    }
    try {
      const response = await fetch(`${server.http}${probe}`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${server.kind} was not ready after ${timeoutMs} ms:\n${server.process.tail.join("\n")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One number from Nuri's /metrics (summed over its labels); NaN when absent. */
export async function nuriMetric(server: RunningServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.http}/metrics`)).text();
  let sum = Number.NaN;
  for (const line of text.split("\n")) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) {
      const value = Number(line.slice(line.lastIndexOf(" ") + 1));
      sum = (Number.isNaN(sum) ? 0 : sum) + value;
    }
  }
  return sum;
}
