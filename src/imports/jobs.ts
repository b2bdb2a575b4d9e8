/**
 * Import jobs: a file received is recorded (who, when, name, hash), then imported in the background in
 * one transaction of its own, on behalf of the viewer who sent it. Progress is saved as it goes, in
 * short transactions of their own, so that a client can follow it; the final record is saved with the
 * data when they are committed, so a job never claims rows that a crash took away.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { recordActor, viewerActor } from '../audit/audit-trail.js';
import { guard } from '../access/operations.js';
import { resumeSession } from '../access/session.js';
import { commitsRows, ImportJob, ImportStatus, Organisation } from '../db/entities/index.js';
import { transactionSql } from '../db/raw-sql.js';
import type { RequestContext, Viewer } from '../context/request-context.js';
import type { Logger } from '../logging/logger.js';
import type { ImportObserver } from '../observability/metrics.js';
import { FileRefused } from './limits.js';
import { importSpreadsheet, type ImportReport } from './spreadsheet/import-file.js';
import type { ReceivedFile } from './upload.js';

export interface ImportOptions {
  /** Check everything, write nothing. */
  dryRun: boolean;
  /** Write nothing when any row is refused. */
  allOrNothing: boolean;
}

/** Progress is saved at most this often. */
const PROGRESS_INTERVAL_MS = 500;

/** Who starts an import: the viewer, and the logger of their request. */
export type ImportRequest = Pick<RequestContext, 'viewer' | 'logger'>;

/** A transaction on behalf of the viewer, its writes audited under the job's id. */
export async function asViewer<T>(orm: MikroORM, viewer: Viewer, jobId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return orm.em.fork({ clear: true }).transactional(async (em) => {
    await resumeSession(em, viewer);
    recordActor(em, viewerActor(viewer, jobId));
    return work(em);
  });
}

function finish(job: ImportJob, report: ImportReport): void {
  Object.assign(job, {
    status: ImportStatus.COMPLETED, counts: report.counts, problems: report.problems, problemCount: report.problemCount,
    bytesRead: job.fileBytes, finishedAt: new Date(),
  });
}

export class ImportJobs {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly orm: MikroORM, private readonly observer: ImportObserver) {}

  /** Records the job and starts it; the file is removed once the job ends. It logs with its request's logger. */
  async start(request: ImportRequest, file: ReceivedFile, options: ImportOptions): Promise<ImportJob> {
    const { viewer, logger } = request;
    guard(viewer, 'POST /imports');
    const organisationId = viewer.acting!.organisationId;
    const id = randomUUID();
    const job = await asViewer(this.orm, viewer, id, async (em) => {
      const created = Object.assign(new ImportJob(), {
        id, organisation: em.getReference(Organisation, organisationId), userId: viewer.user?.id ?? null, apiKeyId: viewer.apiKey?.id ?? null,
        fileName: file.fileName, fileHash: file.sha256, fileBytes: file.bytes, ...options,
      });
      await em.persist(created).flush();
      return created;
    });
    const run = this.run(viewer, job, file, logger).finally(() => {
      this.running.delete(run);
      return rm(file.path, { force: true });
    });
    this.running.add(run);
    return job;
  }

  /** Waits for the jobs under way (at shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async run(viewer: Viewer, job: ImportJob, file: ReceivedFile, logger: Logger): Promise<void> {
    this.observer.jobStarted();
    const started = performance.now();
    let status: ImportStatus.COMPLETED | ImportStatus.FAILED = ImportStatus.FAILED;
    try {
      status = await this.importFile(viewer, job, file, logger);
    } finally {
      this.observer.jobEnded(status, (performance.now() - started) / 1000);
    }
  }

  /** Runs the import to its end, and says how it ended. */
  private async importFile(viewer: Viewer, job: ImportJob, file: ReceivedFile, logger: Logger): Promise<ImportStatus.COMPLETED | ImportStatus.FAILED> {
    const saveProgress = this.progressSaver(viewer, job);
    await saveProgress({ status: ImportStatus.RUNNING, bytesRead: 0, startedAt: new Date() }, true);
    let report: ImportReport | null = null;
    let linesCounted = 0;
    const countLines = (rows: number) => {
      this.observer.linesRead(rows - linesCounted);
      linesCounted = rows;
    };
    try {
      await asViewer(this.orm, viewer, job.id, async (em) => {
        report = await importSpreadsheet(transactionSql(em), { viewer, organisationId: job.organisation.id, userId: job.userId, apiKeyId: job.apiKeyId, importId: job.id },
          file, ({ bytesRead, rows }) => {
            countLines(rows);
            return saveProgress({ bytesRead });
          });
        countLines(report.counts.rows);
        if (!commitsRows(job, report.problemCount)) throw new NothingToCommit();
        const record = await em.findOneOrFail(ImportJob, job.id);
        finish(record, report);
        await em.flush();
      });
      return ImportStatus.COMPLETED;
    } catch (error) {
      if (error instanceof NothingToCommit && report) {
        await asViewer(this.orm, viewer, job.id, async (em) => {
          finish(await em.findOneOrFail(ImportJob, job.id), report!);
          await em.flush();
        });
        return ImportStatus.COMPLETED;
      }
      // A file refused (empty, unreadable, beyond a limit) is the sender's to fix, not the platform's failure.
      if (error instanceof FileRefused) logger.info({ importJob: job.id, reason: error.message }, 'import refused');
      else logger.error({ err: error, importJob: job.id }, 'import failed');
      await saveProgress({ status: ImportStatus.FAILED, finishedAt: new Date(), error: `L'import a échoué, rien n'a été écrit : ${(error as Error).message}` }, true);
      return ImportStatus.FAILED;
    }
  }

  /** Saves the job's progress in a transaction of its own, not audited: it is not a change of data. */
  private progressSaver(viewer: Viewer, job: ImportJob) {
    let last = 0;
    return async (changes: Partial<Pick<ImportJob, 'status' | 'bytesRead' | 'startedAt' | 'finishedAt' | 'error'>>, force = false) => {
      if (!force && Date.now() - last < PROGRESS_INTERVAL_MS) return;
      last = Date.now();
      await asViewer(this.orm, viewer, job.id, (em) => em.nativeUpdate(ImportJob, { id: job.id }, changes));
    };
  }
}

/** Ends the import's transaction without committing it. */
class NothingToCommit extends Error {}
