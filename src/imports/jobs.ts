/**
 * Import jobs: a file received is recorded (who, when, name, hash), stored in the database and queued in one
 * transaction, then imported by whichever instance's worker takes it (queue/worker.ts), in one transaction of its
 * own, on behalf of the viewer who sent it, rebuilt when it runs (queue/sender.ts). Progress is saved as it goes, in
 * short transactions of their own, so that a client can follow it; the final record is saved with the data when
 * they are committed, so a job never claims rows that a crash took away. A run lost with its process is found by
 * the sweeper (queue/sweeper.ts); one stopped at shutdown hands its job back to the queue.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { JobHelpers, Runner } from 'graphile-worker';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { recordActor, viewerActor } from '../audit/audit-trail.js';
import { guard } from '../access/operations.js';
import { actAsSession } from '../access/session.js';
import { commitsRows, ImportJob, ImportStatus, Organisation } from '../db/entities/index.js';
import { transactionSql, type Sql } from '../db/raw-sql.js';
import type { RequestContext, Viewer } from '../context/request-context.js';
import type { Logger } from '../logging/logger.js';
import type { ImportObserver } from '../observability/metrics.js';
import { FileRefused } from './limits.js';
import { discard, receiveFile, removeFile, spoolFile, storeFile, sweepAbandonedSpools, type ReceivedFile } from './queue/file-store.js';
import { takeLease } from './queue/lease.js';
import { SenderRevoked, viewerOfSender } from './queue/sender.js';
import { startSweeper } from './queue/sweeper.js';
import { enqueueImport, MAX_RUNS, startWorker, type ImportTask } from './queue/worker.js';
import { importSpreadsheet, type ImportReport } from './spreadsheet/import-file.js';
import { REFUSED_ROWS_KEPT_DAYS } from './refused-rows.js';

export interface ImportOptions {
  /** Check everything, write nothing. */
  dryRun: boolean;
  /** Write nothing when any row is refused. */
  allOrNothing: boolean;
}

/** Progress is saved at most this often. */
const PROGRESS_INTERVAL_MS = 500;
/** How often every instance looks for runs lost with their process. */
const SWEEP_INTERVAL_MS = 15_000;
/** At shutdown, how long a running import has to roll back and hand its job back before the connections close anyway. */
const STOP_TIMEOUT_MS = 10_000;

/** Who starts an import: the viewer, and the logger of their request. */
export type ImportRequest = Pick<RequestContext, 'viewer' | 'logger'>;

/** A transaction on behalf of the viewer, its writes audited under the job's id. */
export async function asViewer<T>(orm: MikroORM, viewer: Viewer, jobId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return orm.em.fork({ clear: true }).transactional(async (em) => {
    await actAsSession(em, viewer);
    recordActor(em, viewerActor(viewer, jobId));
    return work(em);
  });
}

function finish(job: ImportJob, report: ImportReport): void {
  Object.assign(job, {
    status: ImportStatus.COMPLETED, counts: report.counts, problems: report.problems, problemCount: report.problemCount, refusedRows: report.refusedRows,
    bytesRead: job.fileBytes, finishedAt: new Date(), runner: null,
  });
}

type JobChanges = Partial<Pick<ImportJob, 'status' | 'bytesRead' | 'startedAt' | 'finishedAt' | 'error' | 'runner'>>;

export class ImportJobs {
  private pool!: Pool;
  private worker?: Runner;
  private sweeper?: { stop(): Promise<void> };

  constructor(private readonly orm: MikroORM, private readonly observer: ImportObserver, private readonly logger: Logger) {}

  /** Starts taking jobs, and sweeping the runs other processes lost, and the temporary files they left. */
  async start(): Promise<void> {
    await sweepAbandonedSpools().catch((error: unknown) => this.logger.warn({ err: error }, 'temporary files of imports left by processes now gone: not swept'));
    this.pool = await this.orm.em.getConnection().getNativeClient();
    this.worker = await startWorker(this.pool, this.logger, (task, helpers) => this.run(task, helpers));
    this.sweeper = startSweeper(this.orm, this.logger, SWEEP_INTERVAL_MS);
    this.observer.observeImportQueue(async () => {
      const [row] = await this.orm.em.fork().execute<{ queued: string }[]>('select app_queued_import_jobs() as queued');
      return Number(row?.queued);
    });
  }

  /** Stops taking jobs; a running import is rolled back and its job handed back to the queue, within a bounded time. */
  async stop(): Promise<void> {
    await this.sweeper?.stop();
    const stopped = this.worker?.stop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([stopped?.catch((error: unknown) => this.logger.error({ err: error }, 'import worker stopped with an error')),
      new Promise((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)))]);
    clearTimeout(timer);
  }

  /**
   * Receives the file, then records the job, stores the file and queues the job in one transaction: a file refused
   * on the way (FileTooLarge) or a connection lost leaves nothing. Waits for the file, not for the import.
   */
  async receive(request: ImportRequest, body: AsyncIterable<Buffer>, fileName: string, maxBytes: number, options: ImportOptions): Promise<ImportJob> {
    const { viewer } = request;
    guard(viewer, 'POST /imports');
    return this.record(request, await receiveFile(body, maxBytes), fileName, options);
  }

  /**
   * Records the job of a file already received into a temporary file (a multipart upload, src/http/transfers.ts),
   * stores the file and queues the job in one transaction; the temporary file is removed whatever happens.
   */
  async record(request: ImportRequest, file: ReceivedFile, fileName: string, options: ImportOptions): Promise<ImportJob> {
    const { viewer } = request;
    const organisationId = viewer.acting!.organisationId;
    try {
      guard(viewer, 'POST /imports');
      const id = randomUUID();
      return await asViewer(this.orm, viewer, id, async (em) => {
        const job = Object.assign(new ImportJob(), {
          id, organisation: em.getReference(Organisation, organisationId), userId: viewer.userId, apiKeyId: viewer.apiKey?.id ?? null,
          fileName, fileHash: file.sha256, fileBytes: file.bytes, ...options,
        });
        await em.persist(job).flush();
        const sql = transactionSql(em);
        await storeFile(sql, id, file);
        await enqueueImport(sql, { importJobId: id, organisationId, userId: job.userId, apiKeyId: job.apiKeyId });
        return job;
      });
    } finally {
      await discard(file.path);
    }
  }

  /** One run of a queued job, under its lease; a job already ended (failed by the sweeper) is left as it is. */
  private async run(task: ImportTask, helpers: JobHelpers): Promise<void> {
    const lease = await takeLease(this.pool, task.importJobId);
    // Another run still holds it (a worker thought dead that is not): graphile-worker tries again later.
    if (!lease) throw new Error(`the import job ${task.importJobId} is being run elsewhere`);
    try {
      let viewer: Viewer;
      let job: ImportJob | null;
      try {
        ({ viewer, job } = await this.orm.em.fork({ clear: true }).transactional(async (em) => {
          const sender = await viewerOfSender(em, task);
          return { viewer: sender, job: await em.findOne(ImportJob, task.importJobId) };
        }));
      } catch (error) {
        if (!(error instanceof SenderRevoked)) throw error;
        await this.fail(task.importJobId, `L'import n'a pas été fait, rien n'a été écrit : ${error.message}`);
        return;
      }
      if (!job || job.status === ImportStatus.COMPLETED || job.status === ImportStatus.FAILED) return;
      await this.importJob(viewer, job, helpers);
    } finally {
      await lease.release();
    }
  }

  /** Fails a job whatever its sender may still do (through the owner's function), its file removed. */
  private async fail(jobId: string, reason: string): Promise<void> {
    await this.orm.em.fork().execute('select app_fail_import_job(?, ?)', [jobId, reason]);
    this.logger.info({ importJob: jobId, reason }, 'import refused');
  }

  private async importJob(viewer: Viewer, job: ImportJob, helpers: JobHelpers): Promise<void> {
    this.observer.jobStarted();
    const started = performance.now();
    let status: ImportStatus.COMPLETED | ImportStatus.FAILED | ImportStatus.QUEUED = ImportStatus.FAILED;
    try {
      status = await this.importFile(viewer, job, helpers);
    } finally {
      this.observer.jobEnded(status, (performance.now() - started) / 1000);
    }
    if (status === ImportStatus.QUEUED) throw new Error('import handed back to the queue at shutdown');
  }

  /** Runs the import to its end, and says how it ended: QUEUED when it was stopped and handed back. */
  private async importFile(viewer: Viewer, job: ImportJob, helpers: JobHelpers): Promise<ImportStatus.COMPLETED | ImportStatus.FAILED | ImportStatus.QUEUED> {
    const { abortSignal } = helpers;
    const saveProgress = this.progressSaver(viewer, job);
    await saveProgress({ status: ImportStatus.RUNNING, bytesRead: 0, startedAt: new Date(), runner: helpers.job.locked_by }, true);
    let report: ImportReport | null = null;
    let linesCounted = 0;
    const countLines = (rows: number) => {
      this.observer.linesRead(rows - linesCounted);
      linesCounted = rows;
    };
    let path: string | undefined;
    try {
      path = await asViewer(this.orm, viewer, job.id, (em) => spoolFile(transactionSql(em), job.id, abortSignal));
      const file = { path, fileName: job.fileName };
      await asViewer(this.orm, viewer, job.id, async (em) => {
        const { sql, done } = await this.stoppable(transactionSql(em), abortSignal);
        try {
          report = await importSpreadsheet(sql, { viewer, organisationId: job.organisation.id, userId: job.userId, apiKeyId: job.apiKeyId, importId: job.id },
            file, ({ bytesRead, rows }) => {
              abortSignal.throwIfAborted();
              countLines(rows);
              return saveProgress({ bytesRead });
            });
        } finally {
          done();
        }
        countLines(report.counts.rows);
        // A warning (a probable duplicate) refuses nothing: an all-or-nothing import still commits.
        if (!commitsRows(job, report.problemCount - (report.counts.warnings ?? 0))) throw new NothingToCommit();
        await this.completed(em, job.id, report);
      });
      return ImportStatus.COMPLETED;
    } catch (error) {
      if (error instanceof NothingToCommit && report) {
        await asViewer(this.orm, viewer, job.id, (em) => this.completed(em, job.id, report!));
        return ImportStatus.COMPLETED;
      }
      if (abortSignal.aborted) {
        this.logger.info({ importJob: job.id }, 'import stopped at shutdown: handed back to the queue');
        const lastRun = helpers.job.attempts >= helpers.job.max_attempts;
        if (lastRun) await this.fail(job.id, `L'import a été interrompu ${MAX_RUNS} fois par l'arrêt du serveur : il est abandonné, rien n'a été écrit`);
        else await saveProgress({ status: ImportStatus.QUEUED, bytesRead: 0, runner: null }, true);
        return lastRun ? ImportStatus.FAILED : ImportStatus.QUEUED;
      }
      // A file refused (empty, unreadable, beyond a limit) is the sender's to fix, not the platform's failure.
      if (error instanceof FileRefused) this.logger.info({ importJob: job.id, reason: error.message }, 'import refused');
      else this.logger.error({ err: error, importJob: job.id }, 'import failed');
      await asViewer(this.orm, viewer, job.id, async (em) => {
        await removeFile(transactionSql(em), job.id);
        await em.nativeUpdate(ImportJob, { id: job.id }, {
          status: ImportStatus.FAILED, finishedAt: new Date(), runner: null, error: failureReason(error, job.id),
        });
      });
      return ImportStatus.FAILED;
    } finally {
      if (path) await discard(path);
    }
  }

  /**
   * The import's statements, stopped at shutdown: the one running is cancelled and no other is sent, so that the
   * import rolls back at once rather than at the end of its batch (seconds of work). `done` stops listening.
   */
  private async stoppable(sql: Sql, signal: AbortSignal): Promise<{ sql: Sql; done(): void }> {
    const [{ pid } = { pid: 0 }] = await sql<{ pid: number }>('select pg_backend_pid() as pid');
    const cancel = () => {
      this.orm.em.fork().execute('select pg_cancel_backend(?)', [pid])
        .catch((error: unknown) => this.logger.warn({ err: error }, 'could not cancel the import at shutdown'));
    };
    signal.addEventListener('abort', cancel, { once: true });
    return {
      sql: (text, params) => {
        signal.throwIfAborted();
        return sql(text, params);
      },
      done: () => signal.removeEventListener('abort', cancel),
    };
  }

  /** The job's final record, and its file removed, in the transaction that ends it. */
  private async completed(em: EntityManager, jobId: string, report: ImportReport): Promise<void> {
    const sql = transactionSql(em);
    await removeFile(sql, jobId);
    const job = await em.findOneOrFail(ImportJob, jobId);
    finish(job, report);
    await em.flush();
    // The refused lines of the organisation's jobs past the days they are kept: no longer downloadable, so not kept.
    await sql(`update import_job set refused_rows = '[]'::jsonb
      where organisation_id = $1 and finished_at < now() - make_interval(days => $2) and refused_rows <> '[]'::jsonb`,
    [job.organisation.id, REFUSED_ROWS_KEPT_DAYS]);
  }

  /** Saves the job's progress in a transaction of its own, not audited: it is not a change of data. */
  private progressSaver(viewer: Viewer, job: ImportJob) {
    let last = 0;
    return async (changes: JobChanges, force = false) => {
      if (!force && Date.now() - last < PROGRESS_INTERVAL_MS) return;
      last = Date.now();
      await asViewer(this.orm, viewer, job.id, (em) => em.nativeUpdate(ImportJob, { id: job.id }, changes));
    };
  }
}

/**
 * What a failed job tells its sender: a refused file's reason, or that the platform failed, naming the job whose log
 * lines say why. An unexpected error is never quoted: its message may hold values of the file, or the database's words.
 */
export function failureReason(error: unknown, jobId: string): string {
  if (error instanceof FileRefused) return `L'import a échoué, rien n'a été écrit : ${error.message}`;
  return `L'import a échoué sur une erreur de la plateforme, rien n'a été écrit : signalez-la en citant l'import ${jobId}`;
}

/** Ends the import's transaction without committing it. */
class NothingToCommit extends Error {}
