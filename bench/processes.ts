/** Child processes of the benchmark: spawning, health waits, and stopping within time limits. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const OUTPUT_LINES_KEPT = 60;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  /** Spawned in a process group of its own: the whole group can be killed at once. */
  detached: boolean;
  /** Settles when the process has exited. */
  exited: Promise<Exit>;
  exit: Exit | null;
  /** Last lines written on stdout and stderr, for error messages. */
  output(): string;
}

/** Spawns a process whose output is kept (the last lines) rather than printed. */
export function spawnChild(name: string, command: string, args: string[], options: SpawnOptions & { detached?: boolean }): Child {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${command}`);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.trim() !== ''));
    if (lines.length > OUTPUT_LINES_KEPT) lines.splice(0, lines.length - OUTPUT_LINES_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const handle: Child = {
    name,
    process: child,
    pid: child.pid,
    detached: options.detached === true,
    exit: null,
    exited: new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => {
        handle.exit = { code, signal };
        resolve(handle.exit);
      });
      child.once('error', () => {
        handle.exit ??= { code: null, signal: null };
        resolve(handle.exit);
      });
    }),
    output: () => lines.join('\n'),
  };
  return handle;
}

function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

/** Polls GET `url` until it answers 200; fails when the child exits first or the time limit passes. */
export async function waitForHealth(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exit) {
      throw new Error(`${child.name} exited (${describeExit(child.exit)}) before ${url} answered 200. Its last output:\n${child.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(50);
  }
  throw new Error(`${child.name}: ${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last}). Its last output:\n${child.output()}`);
}

/** Whether the child has exited, waiting up to `timeoutMs` for it. */
export async function exitedWithin(child: Child, timeoutMs: number): Promise<boolean> {
  if (child.exit) return true;
  const timer = sleep(timeoutMs).then(() => false);
  return Promise.race([child.exited.then(() => true), timer]);
}

/** Sends a signal, ignoring a process already gone. A negative pid names a process group. */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Descendants of a process (children, grandchildren...), read from /proc, with their command lines. */
export async function descendantsOf(rootPid: number): Promise<{ pid: number; argv: string[] }[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // "pid (comm) state ppid ...": comm may contain spaces, so read after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    if (Number.isInteger(ppid)) parents.set(Number(entry), ppid);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length && found.length < 1_000) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of parents) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  const result: { pid: number; argv: string[] }[] = [];
  for (const pid of found) {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean);
    result.push({ pid, argv });
  }
  return result;
}

/**
 * Stops a child: SIGTERM to `target` (the child itself unless told otherwise), then, when it has
 * not exited within the grace period, SIGKILL to it (to its whole group when it was detached).
 * Returns how long the exit took and whether it was graceful.
 */
export async function stopChild(child: Child, options: { graceMs: number; target?: number }): Promise<{ ms: number; graceful: boolean; exit: Exit }> {
  const started = performance.now();
  if (!child.exit) signal(options.target ?? child.pid, 'SIGTERM');
  if (await exitedWithin(child, options.graceMs)) {
    return { ms: performance.now() - started, graceful: true, exit: child.exit! };
  }
  signal(child.detached ? -child.pid : child.pid, 'SIGKILL');
  if (!(await exitedWithin(child, 5_000))) throw new Error(`${child.name} (pid ${child.pid}) survived SIGKILL`);
  return { ms: performance.now() - started, graceful: false, exit: child.exit! };
}

/** Last resort for a detached child already stopped: kills what is left of its process group (e.g. a PostgreSQL). */
export function killGroup(child: Child): void {
  if (child.detached) signal(-child.pid, 'SIGKILL');
}

export interface ProcessMemory {
  /** Resident set: every page in memory, shared ones counted in full. */
  rss: number;
  /** Proportional set: shared pages divided among the processes sharing them, so that a sum over processes adds up. */
  pss: number;
}

/** A process's memory from /proc/PID/smaps_rollup, in bytes; undefined when it is gone. */
export async function processMemory(pid: number): Promise<ProcessMemory | undefined> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) * 1024;
  return { rss: kilobytes('Rss'), pss: kilobytes('Pss') };
}

/** The PostgreSQL processes under a process (its postmaster, and the backends and workers it forked). */
export async function postgresProcesses(rootPid: number): Promise<number[]> {
  // The postmaster runs .../bin/postgres; its children rename themselves "postgres: …".
  return (await descendantsOf(rootPid)).filter(({ argv }) => /(^|\/)postgres($|:)/.test(argv[0] ?? '')).map(({ pid }) => pid);
}
