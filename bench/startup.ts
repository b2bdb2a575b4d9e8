/** `npm start` on an embedded PostgreSQL, in a fresh data folder: launched and stopped as a process manager would, and its cold and warm starts timed. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../src/config/paths.js';
import { findFreePort } from '../src/config/free-port.js';
import type { Cleanup } from './cleanup.js';
import { descendantsOf, exitedWithin, killGroup, signal, spawnChild, stopChild, waitForHealth, type Child } from './processes.js';

export const COLD_START_LIMIT_MS = 300_000;
const WARM_START_LIMIT_MS = 180_000;
const COMMAND_LIMIT_MS = 300_000;
/** The server drains requests for up to 10 s before it closes the rest. */
const STOP_GRACE_MS = 20_000;
/** How `npm start` runs the server: `node scripts/run.mjs src/cli/start.js`. */
const SERVER_COMMAND = ['scripts/run.mjs', 'src/cli/start.js'];

export interface StartFigures {
  /** spawn of `npm start` → first GET /health = 200. */
  readyMs: number;
  /** SIGTERM to the server process → `npm start` exited; null when it did not within the grace period. */
  stopMs: number | null;
  /** What went wrong while stopping, if anything. */
  problem?: string;
}

export interface StartupFigures {
  /** `npm run build` with nothing to compile: the check every command makes before it runs. */
  noopBuildMs: number;
  /** `npm run --silent token -- --list` on an unchanged tree: how long a command-line tool takes to start. */
  cliMs: number;
  cold: StartFigures;
  warm: StartFigures;
}

/** Environment of `npm start` as a developer runs it: no DATABASE_URL, so an embedded PostgreSQL in DATA_DIR. */
function startEnvironment(dataDir: string, port: number, postgresPort: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'APP_DATABASE_URL', 'SEED_DEMO', 'HOST', 'OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URI']) delete env[name];
  return {
    ...env,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(postgresPort),
    LOG_LEVEL: 'warn',
  };
}

/** Processes still in a process group (read from /proc). */
async function groupMembers(pgid: number): Promise<number[]> {
  const members: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) members.push(Number(entry));
  }
  return members;
}

/** The node process that runs the server under `npm start` (not npm itself). */
async function serverProcess(child: Child): Promise<number | undefined> {
  const found = (await descendantsOf(child.pid)).find(({ argv }) => path.basename(argv[0] ?? '') === 'node' && SERVER_COMMAND.every((part) => argv.includes(part)));
  return found?.pid;
}

/** Runs an npm command to its end and returns how long it took. */
async function timeNpm(args: string[], cleanup: Cleanup): Promise<number> {
  const name = `npm ${args.join(' ')}`;
  const started = performance.now();
  const command = spawnChild(name, 'npm', args, { cwd: PROJECT_ROOT, detached: true });
  const forget = cleanup.add(name, async () => {
    killGroup(command);
    await stopChild(command, { graceMs: 5_000 });
  });
  const exit = await Promise.race([command.exited, sleep(COMMAND_LIMIT_MS, null, { ref: false })]);
  if (!exit) throw new Error(`${name} did not finish within ${COMMAND_LIMIT_MS / 1000} s`);
  await forget();
  if (exit.code !== 0) throw new Error(`${name} failed (${exit.code ?? exit.signal}):\n${command.output()}`);
  return performance.now() - started;
}

/**
 * Stops `npm start` the way a process manager stops the server: SIGTERM to the node process that runs
 * the server (npm and sh do not pass it on), then waits for npm to exit and for nothing of its process
 * group (its PostgreSQL) to be left. A server that does not exit in time is killed, and its PostgreSQL
 * asked to stop cleanly (SIGINT), so that the next start finds a sane folder; that is reported as a problem.
 */
async function stopStart(child: Child, name: string): Promise<{ ms: number | null; problem?: string }> {
  const server = await serverProcess(child);
  if (!server) throw new Error(`no node process running ${SERVER_COMMAND.join(' ')} under npm start (pid ${child.pid})`);
  const started = performance.now();
  signal(server, 'SIGTERM');
  let outcome: { ms: number | null; problem?: string };
  if (await exitedWithin(child, STOP_GRACE_MS)) {
    const { code, signal: by } = child.exit!;
    outcome = { ms: performance.now() - started, problem: code === 0 ? undefined : `${name}: exited with ${code ?? by} after SIGTERM` };
  } else {
    outcome = { ms: null, problem: `${name}: the server did not exit within ${STOP_GRACE_MS / 1000} s of SIGTERM (killed). Its last output:\n${child.output()}` };
    signal(server, 'SIGKILL');
    await exitedWithin(child, 5_000);
    for (const pid of await groupMembers(child.pid)) signal(pid, 'SIGINT');
  }
  for (let waited = 0; (await groupMembers(child.pid)).length; waited += 100) {
    if (waited >= 20_000) {
      const left = await Promise.all((await groupMembers(child.pid)).map(async (pid) =>
        `${pid} ${(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ').trim()}`));
      killGroup(child);
      throw new Error(`processes of ${name} were still running 20 s after it stopped; killed:\n  ${left.join('\n  ')}`);
    }
    await sleep(100);
  }
  return outcome;
}

/** `npm start` running in its own process group, ready (GET /health = 200). */
export interface RunningStart {
  child: Child;
  /** The API's port on 127.0.0.1, and its embedded PostgreSQL's. */
  port: number;
  postgresPort: number;
  /** spawn → first GET /health = 200. */
  readyMs: number;
  /** The node process that runs the server (not npm). */
  serverPid(): Promise<number | undefined>;
  /** Stops it as a process manager would (SIGTERM to the server), then unregisters its cleanup step. */
  stop(): Promise<{ ms: number | null; problem?: string }>;
}

/** Starts `npm start` on `dataDir` with free ports, and waits for it to be ready; stopped by `cleanup` if the run ends first. */
export async function launchStart(dataDir: string, limitMs: number, cleanup: Cleanup, name: string): Promise<RunningStart> {
  const port = await findFreePort();
  const postgresPort = await findFreePort();
  const started = performance.now();
  const child = spawnChild(name, 'npm', ['start'], { cwd: PROJECT_ROOT, env: startEnvironment(dataDir, port, postgresPort), detached: true });
  const forget = cleanup.add(name, async () => {
    if (!child.exit) await stopChild(child, { graceMs: STOP_GRACE_MS, target: await serverProcess(child) });
    killGroup(child);
  });
  await waitForHealth(`http://127.0.0.1:${port}/health`, child, limitMs);
  return {
    child, port, postgresPort,
    readyMs: performance.now() - started,
    serverPid: () => serverProcess(child),
    async stop() {
      const outcome = await stopStart(child, name);
      await forget();
      return outcome;
    },
  };
}

async function timeStart(dataDir: string, limitMs: number, cleanup: Cleanup, name: string): Promise<StartFigures> {
  const running = await launchStart(dataDir, limitMs, cleanup, name);
  const stop = await running.stop();
  return { readyMs: running.readyMs, stopMs: stop.ms, problem: stop.problem };
}

export async function measureStartup(cleanup: Cleanup, log: (message: string) => void): Promise<StartupFigures> {
  log('startup: a build with nothing to compile (npm run build), then a command-line tool (npm run --silent token -- --list)');
  const noopBuildMs = await timeNpm(['run', '--silent', 'build'], cleanup);
  const cliMs = await timeNpm(['run', '--silent', 'token', '--', '--list'], cleanup);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-bench-start-'));
  const removeDataDir = cleanup.add('remove the npm start data folder', () => rm(dataDir, { recursive: true, force: true }));
  log(`startup: cold start of npm start in ${dataDir} (initdb, migrations, demo seed)`);
  const cold = await timeStart(dataDir, COLD_START_LIMIT_MS, cleanup, 'npm start (cold)');
  log('startup: warm start on the same folder');
  const warm = await timeStart(dataDir, WARM_START_LIMIT_MS, cleanup, 'npm start (warm)');
  await removeDataDir();
  return { noopBuildMs, cliMs, cold, warm };
}
