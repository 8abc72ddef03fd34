import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

// Child processes of the bench and what /proc says about them. Every child is registered, so
// that an error or Ctrl-C anywhere still ends them all.

const children = new Set<ChildProcess>();
let clockTicks: number | undefined;

/** Kills every child still running (SIGKILL): the last resort on exit. */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  children.clear();
}

export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** The last lines the process wrote, for the report when it misbehaves. */
  tail: string[];
  /** Lines that look like warnings or errors (Nuri's JSON logs carry a level). */
  problems: string[];
  exited: Promise<number | null>;
  /** Calls `listener` with every later line of output. */
  onLine(listener: (line: string) => void): () => void;
}

/** Starts a process whose output is kept in memory (the last 200 lines) rather than printed. */
export function spawnLogged(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Spawned {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`could not start ${command} ${args.join(" ")}`);
  children.add(child);
  const tail: string[] = [];
  const problems: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let rest = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 200) tail.shift();
        if (/"level":"(warn|error)"|\berror\b|Error:/i.test(line) && problems.length < 1000)
          problems.push(line);
        for (const listener of listeners) listener(line);
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      children.delete(child);
      resolve(code);
    });
  });
  return {
    child,
    pid: child.pid,
    tail,
    problems,
    exited,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export interface Stopped {
  /** From SIGTERM to exit. */
  ms: number;
  /** It did not exit within the grace period and was killed. */
  killed: boolean;
  /** It had exited before it was asked to (a crash). */
  alreadyExited: boolean;
  exitCode: number | null;
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopProcess(spawned: Spawned, graceMs = 15_000): Promise<Stopped> {
  if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) {
    return { ms: 0, killed: false, alreadyExited: true, exitCode: spawned.child.exitCode };
  }
  const started = performance.now();
  let killed = false;
  spawned.child.kill("SIGTERM");
  const timer = setTimeout(() => {
    killed = true;
    spawned.child.kill("SIGKILL");
  }, graceMs);
  const exitCode = await spawned.exited;
  clearTimeout(timer);
  return { ms: performance.now() - started, killed, alreadyExited: false, exitCode };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

interface ProcStat {
  ppid: number;
  /** utime + stime, seconds. */
  cpu: number;
  /** cutime + cstime (reaped children), seconds. */
  childrenCpu: number;
}

function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // the command name may hold spaces and parentheses: the fields start after the last ")"
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const tick = ticksPerSecond();
  return {
    ppid: Number(fields[1]),
    cpu: (Number(fields[11]) + Number(fields[12])) / tick,
    childrenCpu: (Number(fields[13]) + Number(fields[14])) / tick,
  };
}

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  return readStat(pid)?.cpu ?? Number.NaN;
}

/** A line of /proc/<pid>/status in KiB (VmRSS, VmHWM). */
export function memoryKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(
      readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * The postmaster listening on `port` (a local PostgreSQL), found by its command line; null
 * when there is none on this machine (an external TEST_DATABASE_URL).
 */
export function findPostmaster(port: number): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    if (!/(^|\/)postgres$/.test(args[0] ?? "")) continue;
    const portIndex = args.indexOf("-p");
    if (portIndex >= 0 && args[portIndex + 1] === String(port)) return Number(entry);
  }
  return null;
}

/**
 * CPU seconds of a PostgreSQL server: the postmaster, its live backends and workers, and the
 * children it has already reaped.
 */
export function postgresCpuSeconds(postmaster: number): number {
  const root = readStat(postmaster);
  if (!root) return Number.NaN;
  let total = root.cpu + root.childrenCpu;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat?.ppid === postmaster) total += stat.cpu;
  }
  return total;
}

/**
 * CPU seconds every process on the machine has used so far (all cores, from /proc/stat): with
 * the bench's own share subtracted, what others running on the machine took.
 */
export function machineBusySeconds(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) /
    ticksPerSecond()
  );
}
