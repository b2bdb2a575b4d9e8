/**
 * The queue of import jobs, in PostgreSQL: graphile-worker. A job is added in the transaction that records it, to a
 * queue per organisation (graphile-worker runs the jobs of one queue one after the other, whichever instance takes
 * them); every instance of the API runs a worker pool that takes jobs as they come (LISTEN/NOTIFY).
 */
import { Logger as WorkerLogger, run, runMigrations, type JobHelpers, type Runner } from 'graphile-worker';
import type { Client, Pool } from 'pg';
import { isDatabaseUnavailable } from '../../db/availability.js';
import type { Sql } from '../../db/raw-sql.js';
import { quoteIdent, withClient } from '../../db/roles.js';
import type { Logger } from '../../logging/logger.js';

export const QUEUE_SCHEMA = 'graphile_worker';
const IMPORT_TASK = 'import_file';
/** Imports one instance runs at once (of different organisations: one organisation's run one at a time anyway). */
const CONCURRENT_IMPORTS = 2;
/** Runs handed back at shutdown before a job gives up (graphile-worker retries it after 3 s, 7 s, 20 s…). */
export const MAX_RUNS = 10;

/** What a queued job carries: whom it runs for, as its import_job row says. */
export interface ImportTask {
  importJobId: string;
  organisationId: string;
  userId: string | null;
  apiKeyId: string | null;
}

/**
 * graphile-worker's lines in the platform's log; its chatter ("worker connected…") only at debug level, and so its
 * retries while the database is away: the outage is logged once, by the requests (src/db/availability.ts).
 */
function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message, meta) => {
    if (isDatabaseUnavailable(meta?.error)) logger.debug(meta ?? {}, message);
    else if (level === 'error') logger.error(meta ?? {}, message);
    else if (level === 'warning') logger.warn(meta ?? {}, message);
    else logger.debug(meta ?? {}, message);
  });
}

/** Installs or upgrades the queue's schema as the owner, and lets the application role's workers take, lock and end jobs. */
export async function installQueue(ownerUrl: string, appRole: string, logger: Logger): Promise<void> {
  await runMigrations({ connectionString: ownerUrl, logger: workerLogger(logger) });
  await withClient(ownerUrl, (client) => grantQueueAccess(client, quoteIdent(appRole)));
}

async function grantQueueAccess(client: Client, role: string): Promise<void> {
  await client.query(`grant usage on schema ${QUEUE_SCHEMA} to ${role}`);
  await client.query(`grant select, insert, update, delete on all tables in schema ${QUEUE_SCHEMA} to ${role}`);
  await client.query(`grant usage, select on all sequences in schema ${QUEUE_SCHEMA} to ${role}`);
  await client.query(`grant execute on all functions in schema ${QUEUE_SCHEMA} to ${role}`);
  // graphile-worker turns row-level security on for its tables, expecting their owner to work them: the application
  // role gets a policy to use them whole (they hold job ids and queue names, nothing of the organisations' data).
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind = 'r' and c.relrowsecurity
        and not exists (select from pg_policy p where p.polrelid = c.oid and p.polname = 'application_role')`,
    [QUEUE_SCHEMA],
  );
  for (const { name } of rows) {
    await client.query(`create policy application_role on ${QUEUE_SCHEMA}.${quoteIdent(name)} for all to ${role} using (true) with check (true)`);
  }
}

/** Adds the job in the caller's transaction: it is queued if and only if the transaction commits. */
export async function enqueueImport(sql: Sql, task: ImportTask): Promise<void> {
  await sql(`select ${QUEUE_SCHEMA}.add_job($1, $2::json, queue_name := $3, max_attempts := $4)`,
    [IMPORT_TASK, JSON.stringify(task), `imports/${task.organisationId}`, MAX_RUNS]);
}

/** The worker pool of this instance, on the application's connection pool, running `runImport` for each job. */
export function startWorker(pool: Pool, logger: Logger, runImport: (task: ImportTask, helpers: JobHelpers) => Promise<void>): Promise<Runner> {
  return run({
    pgPool: pool,
    logger: workerLogger(logger),
    concurrency: CONCURRENT_IMPORTS,
    noHandleSignals: true,
    pollInterval: 1000,
    // At shutdown, running imports are told at once to stop and hand their job back (import-run.ts).
    gracefulShutdownAbortTimeout: 0,
    taskList: { [IMPORT_TASK]: (payload, helpers) => runImport(payload as ImportTask, helpers) },
    // Unbatched (-1, the default), a job's end is written without being awaited: a job handed back at shutdown could
    // then stay locked by the stopped pool, and its organisation's queue with it, for graphile-worker's 4 hours.
    // Batched, stopping the runner waits for these writes.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
}

/** Makes the jobs a dead worker pool held available again, and the queues it held locked. */
export async function unlockWorker(sql: Sql, runner: string): Promise<void> {
  await sql(`select ${QUEUE_SCHEMA}.force_unlock_workers($1::text[])`, [[runner]]);
}
