/**
 * Finds the runs lost with their process (a RUNNING job whose lease is free: lease.ts) and hands their job back to the
 * queue, or fails it once it has been lost MAX_INTERRUPTIONS times (a file that kills the process each time). Every
 * instance sweeps at start and then periodically; a lost run wrote nothing, its import being one transaction.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { isDatabaseUnavailable } from '../../db/availability.js';
import { transactionSql } from '../../db/raw-sql.js';
import type { Logger } from '../../logging/logger.js';
import { leaseAbandoned } from './lease.js';
import { unlockWorker } from './worker.js';

const MAX_INTERRUPTIONS = 3;
const INTERRUPTED = `Le traitement de l'import a été interrompu ${MAX_INTERRUPTIONS} fois (arrêt du serveur qui le faisait) : il est abandonné, rien n'a été écrit`;

/** Hands back or fails every lost run; says how many were found. */
export async function sweepLostRuns(orm: MikroORM, logger: Logger): Promise<number> {
  const running = await orm.em.fork().execute<{ id: string; runner: string | null }[]>('select * from app_running_import_jobs()');
  let lost = 0;
  for (const job of running) {
    await orm.em.fork().transactional(async (em) => {
      const sql = transactionSql(em);
      if (!await leaseAbandoned(sql, job.id)) return;
      const [{ status } = { status: null }] = await sql<{ status: string | null }>('select app_interrupted_import_job($1, $2, $3) as status', [job.id, MAX_INTERRUPTIONS, INTERRUPTED]);
      if (job.runner) await unlockWorker(sql, job.runner);
      if (status) {
        lost += 1;
        logger.warn({ importJob: job.id, status }, 'import run lost with its process: handed back');
      }
    });
  }
  return lost;
}

/** Sweeps now, then every intervalMs until stopped. */
export function startSweeper(orm: MikroORM, logger: Logger, intervalMs: number): { stop(): Promise<void> } {
  // While the database is away the sweep waits for the next round: the outage is logged once, by the requests.
  const failed = (error: unknown) => (isDatabaseUnavailable(error) ? logger.debug : logger.error).call(logger, { err: error }, 'import sweep failed');
  let sweeping = sweepLostRuns(orm, logger).catch(failed);
  const timer = setInterval(() => {
    sweeping = sweeping.then(() => sweepLostRuns(orm, logger)).catch(failed);
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
