import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { rowLevelSecurity } from '../../access/row-policies.js';
import { BaseEntity } from './base.js';
import { ImportStatus } from './enums.js';
import { Organisation } from './organisation.js';
import type { RefusedSheet } from '../../imports/refused-rows.js';

/** What an import found, by kind of row written. */
export interface ImportCounts {
  /** Lines read, blank lines aside. */
  rows: number;
  accepted: number;
  refused: number;
  beneficiariesCreated: number;
  beneficiariesUpdated: number;
  placementsCreated: number;
  placementsUpdated: number;
  hoursCreated: number;
  hoursUpdated: number;
  hoursUnchanged: number;
  /** Of the problems, the warnings that refused nothing (a probable duplicate); absent before they existed. */
  warnings?: number;
}

/** One problem of an imported file, where the person who fixes the file finds it. */
export interface ImportProblemRecord {
  sheet: string;
  /** Line number in the sheet, the header being line 1; 0 for the sheet as a whole. */
  row: number;
  column: string | null;
  code: string;
  message: string;
  existingId?: string;
}

/** Whether an import with these options and problems commits its accepted rows: never a dry run, nor all-or-nothing with a problem. */
export function commitsRows(options: { dryRun: boolean; allOrNothing: boolean }, problemCount: number): boolean {
  return !options.dryRun && !(options.allOrNothing && problemCount > 0);
}

/** One spreadsheet import: who, when, which file, how far, and what it wrote or refused. */
@Entity({ ...rowLevelSecurity('import_job') })
@Index({ properties: ['organisation', 'createdAt'] })
// The sweeper's look for lost runs (src/imports/queue/sweeper.ts): the few running among all the jobs.
@Index({ name: 'import_job_running', expression: `create index "import_job_running" on "import_job" ("id") where "status" = 'RUNNING'` })
export class ImportJob extends BaseEntity {
  @ManyToOne(() => Organisation)
  organisation!: Organisation;

  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  apiKeyId: string | null = null;

  @Property({ type: 'text' })
  fileName!: string;

  /** SHA-256 of the file, hex. */
  @Property({ type: 'text' })
  fileHash!: string;

  @Property({ type: 'bigint' })
  fileBytes!: number;

  @Property({ type: 'boolean' })
  dryRun!: boolean;

  @Property({ type: 'boolean' })
  allOrNothing!: boolean;

  @Enum({ items: () => ImportStatus })
  status: ImportStatus = ImportStatus.QUEUED;

  /** Whether the accepted rows were committed. */
  get written(): boolean {
    // A warning refuses nothing: an all-or-nothing import with warnings only commits.
    return this.status === ImportStatus.COMPLETED && commitsRows(this, this.problemCount - (this.counts?.warnings ?? 0));
  }

  @Property({ type: 'bigint', default: 0 })
  bytesRead: number = 0;

  @Property({ type: 'jsonb', nullable: true })
  counts: ImportCounts | null = null;

  @Property({ type: 'integer', default: 0 })
  problemCount: number = 0;

  /** The first problems found (at most MAX_LISTED_PROBLEMS); problemCount says how many there were. */
  @Property({ type: 'jsonb', default: '[]' })
  problems: ImportProblemRecord[] = [];

  /**
   * The refused lines as the file had them, with the reason of each (src/imports/refused-rows.ts), for the sender to
   * download, fix and send again; at most MAX_KEPT_REFUSED_ROWS.
   */
  @Property({ type: 'jsonb', default: '[]', lazy: true })
  refusedRows: RefusedSheet[] = [];

  /** Why the import stopped, when it failed as a whole. */
  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  /** The worker pool running the job (graphile-worker's id for it), while it is RUNNING. */
  @Property({ type: 'text', nullable: true })
  runner: string | null = null;

  /** Runs lost with the process that ran them (found by the sweeper): beyond a few, the job fails. */
  @Property({ type: 'smallint', default: 0 })
  interruptions: number = 0;

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'timestamptz', length: 3, nullable: true })
  finishedAt: Date | null = null;
}
