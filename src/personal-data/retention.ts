/**
 * The end of the retention period (RETENTION_UNTIL, the partnership agreement's 31 December 2032): each PLIE's data is
 * returned (its complete follow-up, the XLSX the import reads, written to a folder for the Département) and then its
 * people's identities destroyed, one PLIE at a time, so that a run stopped half-way goes on where it stopped and a run
 * again does nothing. The typology, placements, hours and exits stay without identity: the indicators do not change.
 * Uploads and import reports (which may quote a refused line's values) go too. Before that date, people inactive for
 * longer than ANONYMISE_INACTIVE_AFTER_MONTHS (off unless set) have their identities destroyed the same way.
 * Run as the database owner, like the migrations.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { Sql } from '../db/raw-sql.js';
import { withClient } from '../db/roles.js';
import { exportFollowUpXlsx } from '../exports/follow-up.js';

export interface RetentionOptions {
  /** YYYY-MM-DD */
  today: string;
  /** The last day identities are kept (YYYY-MM-DD). */
  retentionUntil: string;
  /** People without activity for longer are anonymised; null: never. */
  inactiveMonths: number | null;
  dryRun: boolean;
  /** Where the returned files are written. */
  folder: string;
}

export interface ReturnedData {
  plie: string;
  people: number;
  /** The returned file; null on a dry run. */
  file: string | null;
}

export interface RetentionOutcome {
  expired: boolean;
  returned: ReturnedData[];
  inactiveAnonymised: number;
  uploadsRemoved: number;
  reportsCleared: number;
}

const sqlOf = (client: pg.Client): Sql => async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[];

async function inTransaction<T>(client: pg.Client, work: () => Promise<T>, commit: boolean): Promise<T> {
  await client.query('begin');
  try {
    const result = await work();
    await client.query(commit ? 'commit' : 'rollback');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/** Destroys the identities of the people `which` selects (a condition on `beneficiary b`); returns how many. */
async function eraseIdentities(sql: Sql, which: string, params: unknown[]): Promise<number> {
  const erased = await sql<{ id: string }>(
    `update beneficiary b set erased_at = now(), restricted_at = null, updated_at = now(), version = version + 1
      where ${which} and b.erased_at is null and exists (select from beneficiary_identity i where i.beneficiary_id = b.id) returning b.id`, params);
  await sql('delete from beneficiary_identity where beneficiary_id = any($1::uuid[])', [erased.map((row) => row.id)]);
  return erased.length;
}

/** Returns then erases one PLIE's people: the file is complete on disk before the erasure commits. */
async function returnPlie(client: pg.Client, plie: { id: string; name: string; siret: string | null; people: number }, options: RetentionOptions): Promise<ReturnedData> {
  if (options.dryRun) return { plie: plie.name, people: plie.people, file: null };
  const sql = sqlOf(client);
  const file = path.join(options.folder, `suivi-${plie.siret ?? plie.id}-${options.today}.xlsx`);
  await inTransaction(client, async () => {
    const partial = `${file}.partiel`;
    await exportFollowUpXlsx(sql, { sql: 'i.followed_by_id = $1', params: [plie.id] }, createWriteStream(partial));
    await rename(partial, file);
  }, false);
  const people = await inTransaction(client, () => eraseIdentities(sql, 'b.followed_by_id = $1', [plie.id]), true);
  return { plie: plie.name, people, file };
}

/** People whose path (entry, placements, hours, exit) has nothing later than `months` months before today. */
const INACTIVE = `greatest(b.entry_date,
    (select max(coalesce(p.end_date, p.start_date)) from placement p where p.beneficiary_id = b.id),
    (select max(h.month) from monthly_hours h join placement p on p.id = h.placement_id where p.beneficiary_id = b.id),
    (select max(e.exit_date) from beneficiary_exit e where e.beneficiary_id = b.id)
  ) < $1::date - make_interval(months => $2)`;

export async function applyRetention(ownerUrl: string, options: RetentionOptions): Promise<RetentionOutcome> {
  const expired = options.today > options.retentionUntil;
  return withClient(ownerUrl, async (client) => {
    const sql = sqlOf(client);
    const returned: ReturnedData[] = [];
    if (expired) {
      if (!options.dryRun) await mkdir(options.folder, { recursive: true });
      const plies = await sql<{ id: string; name: string; siret: string | null; people: number }>(
        `select o.id, o.name, o.siret, count(*)::int as people from organisation o join beneficiary_identity i on i.followed_by_id = o.id
          group by o.id order by o.name`);
      for (const plie of plies) returned.push(await returnPlie(client, plie, options));
    }
    const inactiveAnonymised = options.inactiveMonths === null ? 0 : await inTransaction(client,
      () => eraseIdentities(sql, INACTIVE, [options.today, options.inactiveMonths]), !options.dryRun);
    // Uploads of jobs ended, and import reports that may quote a refused line: identities of their own, past the date.
    const [uploads, reports] = expired ? await inTransaction(client, async () => [
      (await sql(`delete from import_file_chunk where import_job_id in (select id from import_job where status in ('COMPLETED', 'FAILED')) returning 1`)).length,
      (await sql(`update import_job set problems = '[]'::jsonb, refused_rows = '[]'::jsonb where problems <> '[]'::jsonb or refused_rows <> '[]'::jsonb returning 1`)).length,
    ], !options.dryRun) : [0, 0];
    return { expired, returned, inactiveAnonymised, uploadsRemoved: uploads!, reportsCleared: reports! };
  });
}
