/**
 * CPU time spent by the processes that answer a request, read from /proc: the figure a busy machine
 * disturbs least, since other work lengthens the wait for a core but not the time spent on it.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { descendantsOf } from './processes.js';

/** Clock ticks per second, the unit of /proc/PID/stat's times: USER_HZ, 100 on Linux unless getconf says otherwise. */
function ticksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
const TICKS_PER_SECOND = ticksPerSecond();

/**
 * Milliseconds of CPU of a process, all its threads, user and system; with `reaped`, plus those of the
 * children it has waited for (cutime, cstime): a PostgreSQL backend that exits between two readings
 * leaves its time there. 0 when the process is gone.
 */
async function cpuMs(pid: number, reaped = false): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return 0;
  // "pid (comm) state ppid …": after comm, utime is the 12th field, stime, cutime and cstime follow.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const ticks = fields[11]! + fields[12]! + (reaped ? fields[13]! + fields[14]! : 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The postmaster of an embedded PostgreSQL (src/db/embedded-postgres.ts keeps its cluster in DATA_DIR/pg), or undefined. */
export async function postmasterOf(dataDir: string): Promise<number | undefined> {
  const pidFile = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number(pidFile.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The whole PostgreSQL server: the postmaster, every process it forked (backends, workers), and those gone. */
async function postgresCpuMs(postmaster: number): Promise<number> {
  const children = await descendantsOf(postmaster);
  const times = await Promise.all(children.map(({ pid }) => cpuMs(pid)));
  return (await cpuMs(postmaster, true)) + times.reduce((sum, ms) => sum + ms, 0);
}

export interface CpuSpent {
  /** The server's node process. */
  nodeMs: number;
  /** The PostgreSQL server, all its processes; NaN when it is not on this machine (BENCH_DATABASE_URL). */
  postgresMs: number;
}

/** Starts counting the CPU of a node server and of PostgreSQL; the function returned says what they spent since. */
export async function cpuMeter(serverPid: number, postmaster: number | undefined): Promise<() => Promise<CpuSpent>> {
  const postgres = () => (postmaster === undefined ? Promise.resolve(Number.NaN) : postgresCpuMs(postmaster));
  const [nodeBefore, postgresBefore] = await Promise.all([cpuMs(serverPid), postgres()]);
  return async () => {
    const [nodeAfter, postgresAfter] = await Promise.all([cpuMs(serverPid), postgres()]);
    return { nodeMs: nodeAfter - nodeBefore, postgresMs: postgresAfter - postgresBefore };
  };
}
