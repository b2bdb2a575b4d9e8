import { readdir } from 'node:fs/promises';
import { ConfigError, type Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { withCredentials, userOf } from './connection-url.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.js';
import { initOrm, MIGRATIONS_COMPILED_DIR, MIGRATIONS_TABLE } from './orm.js';
import { APP_ROLE, DATABASE_NAME, OWNER_ROLE, ensureDatabase, ensureLoginRole, grantApplicationAccess, withClient } from './roles.js';
import { loadOrCreateDatabaseSecrets } from './secrets.js';
import { installQueue } from '../imports/queue/worker.js';

export interface ProvisionedDatabase {
  /** Owner role: runs migrations and seeds. */
  ownerUrl: string;
  /** Application role: serves requests, subject to row-level security. */
  appUrl: string;
  /** Number of migrations applied, for the health check. */
  migrationCount: number;
  /** The platform is stopping: the embedded server, if any, is no longer restarted when it dies. */
  stopRestarting(): void;
  /** Stops the embedded server, if any. */
  stop(): Promise<void>;
}

interface Connections {
  ownerUrl: string;
  appUrl: string;
  embedded?: EmbeddedServer;
  /** The application role the platform makes itself, made one process at a time with the rest (oneAtATime). */
  makeAppRole?: () => Promise<void>;
}

async function embeddedConnections(config: Config, logger: Logger): Promise<Connections> {
  const secrets = await loadOrCreateDatabaseSecrets(config.dataDir);
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPostgresPort,
    superuserPassword: secrets.superuserPassword,
    logger,
  });
  const superuserUrl = `postgres://${embedded.superuser}:${encodeURIComponent(secrets.superuserPassword)}@${encodeURIComponent(embedded.socketDirectory)}:${embedded.port}/postgres`;
  try {
    await withClient(superuserUrl, async (client) => {
      await ensureLoginRole(client, OWNER_ROLE, secrets.ownerPassword, { bypassRls: true });
      await ensureLoginRole(client, APP_ROLE, secrets.appPassword, { bypassRls: false });
      await ensureDatabase(client, DATABASE_NAME, OWNER_ROLE);
    });
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const clusterUrl = withCredentials(superuserUrl, { database: DATABASE_NAME });
  return {
    ownerUrl: withCredentials(clusterUrl, { user: OWNER_ROLE, password: secrets.ownerPassword }),
    appUrl: withCredentials(clusterUrl, { user: APP_ROLE, password: secrets.appPassword }),
    embedded,
  };
}

async function externalConnections(config: Config, databaseUrl: string): Promise<Connections> {
  if (config.appDatabaseUrl) return { ownerUrl: databaseUrl, appUrl: config.appDatabaseUrl };
  const secrets = await loadOrCreateDatabaseSecrets(config.dataDir);
  const makeAppRole = () => withClient(databaseUrl, (client) => ensureLoginRole(client, APP_ROLE, secrets.appPassword, { bypassRls: false })).catch((error: Error) => {
    throw new ConfigError(`Le rôle applicatif ${APP_ROLE} n’a pas pu être créé (${error.message}) : créez-le vous-même et indiquez sa connexion dans APP_DATABASE_URL.`);
  });
  return { ownerUrl: databaseUrl, appUrl: withCredentials(databaseUrl, { user: APP_ROLE, password: secrets.appPassword }), makeAppRole };
}

/**
 * The number of migrations applied when every compiled migration is, read with one query; undefined when
 * some are pending (or the table is missing). Spares an up-to-date database's start the ORM and its migrator.
 */
async function appliedWhenUpToDate(ownerUrl: string): Promise<number | undefined> {
  const compiled = (await readdir(MIGRATIONS_COMPILED_DIR)).filter((file) => /^Migration.*\.js$/.test(file)).map((file) => file.slice(0, -3));
  const applied = await withClient(ownerUrl, async (client) => {
    const { rows: [table] } = await client.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [MIGRATIONS_TABLE]);
    if (!table?.exists) return new Set<string>();
    const { rows } = await client.query<{ name: string }>(`select name from ${MIGRATIONS_TABLE}`);
    return new Set(rows.map((row) => row.name));
  });
  return compiled.every((name) => applied.has(name)) && applied.size > 0 ? applied.size : undefined;
}

async function migrate(ownerUrl: string, logger: Logger): Promise<number> {
  const upToDate = await appliedWhenUpToDate(ownerUrl);
  if (upToDate !== undefined) return upToDate;
  const orm = await initOrm({ clientUrl: ownerUrl, logger, migrations: true });
  try {
    const applied = await orm.migrator.up();
    if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    return (await orm.migrator.getExecuted()).length;
  } finally {
    await orm.close();
  }
}

/** The class of the provisioning's advisory lock (two-key form, as the import leases' class 4). */
export const PROVISIONING = 5;

/**
 * The work of one process at a time on the database, under a session advisory lock: processes starting together
 * on one database (replicas) would otherwise grant, migrate and seed at once, and PostgreSQL refuses two grants
 * changing the same catalog row at once ("tuple concurrently updated"). A process that finds the lock taken says
 * so before it waits; the lock goes with its connection however the work ends.
 */
function oneAtATime<T>(ownerUrl: string, logger: Logger, work: () => Promise<T>): Promise<T> {
  return withClient(ownerUrl, async (client) => {
    const { rows: [lock] } = await client.query<{ taken: boolean }>('select pg_try_advisory_lock($1, 0) as taken', [PROVISIONING]);
    if (!lock?.taken) {
      logger.info('another process is preparing the database: waiting for it to finish');
      await client.query('select pg_advisory_lock($1, 0)', [PROVISIONING]);
    }
    return work();
  });
}

/**
 * Makes the database ready to serve: starts the embedded server when no DATABASE_URL is given,
 * creates the roles and the database, applies pending migrations and installs the job queue's schema as the owner, grants the
 * application role its rights, and seeds the demo data into an empty database when asked to.
 */
export async function provisionDatabase(
  config: Config,
  logger: Logger,
  seed: (ownerUrl: string) => Promise<void>,
): Promise<ProvisionedDatabase> {
  const connections = config.databaseUrl
    ? await externalConnections(config, config.databaseUrl)
    : await embeddedConnections(config, logger);
  const stop = async () => connections.embedded?.stop();
  try {
    const migrationCount = await oneAtATime(connections.ownerUrl, logger, async () => {
      await connections.makeAppRole?.();
      const applied = await migrate(connections.ownerUrl, logger);
      await installQueue(connections.ownerUrl, userOf(connections.appUrl), logger);
      await withClient(connections.ownerUrl, (client) => grantApplicationAccess(client, userOf(connections.appUrl), MIGRATIONS_TABLE));
      if (config.seedDemo) await seed(connections.ownerUrl);
      return applied;
    });
    return { ownerUrl: connections.ownerUrl, appUrl: connections.appUrl, migrationCount, stopRestarting: () => connections.embedded?.stopRestarting(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
