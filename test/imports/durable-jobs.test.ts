/**
 * Import jobs survive the process that runs them: any instance runs any job, one organisation's imports run one
 * after the other, a shutdown hands a running import back to the queue, and a process killed mid-import leaves
 * nothing written and a job that another instance completes.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Api } from '../../src/app.js';
import { parseGlobalId } from '../../src/graphql/relay/global-id.js';
import { startTestApi, testDataDir } from '../support/api.js';
import { excelCsv, facilitatedMarket, upload, waitForJob, type Cell } from '../support/imports.js';
import { spawnPlatform } from '../support/platform.js';
import { asOwner, sql } from '../support/sql.js';

let plie: { token: string };
let market: { reference: string; buyer_siret: string; start_date: string };
let employer: string;

/**
 * The tags of the people the files name, and the jobs that wrote them: people and audit events are removed afterwards,
 * so that the tests reading every row of a table stay within their pages and their time.
 */
const tags: string[] = [];
const jobs: string[] = [];

beforeAll(async () => {
  ({ market, plie, employer } = await facilitatedMarket(2));
});

afterAll(async () => {
  const theirs = `(select beneficiary_id from beneficiary_identity where last_name like any($1))`;
  const patterns = tags.map((tag) => `${tag}-%`);
  await sql(`delete from monthly_hours where placement_id in (select id from placement where beneficiary_id in ${theirs})`, [patterns]);
  await sql(`delete from placement where beneficiary_id in ${theirs}`, [patterns]);
  await sql(`delete from beneficiary where id in ${theirs}`, [patterns]);
  // The imports' writes are audited under their job's id: finding none would mean these stayed.
  expect((await sql('delete from audit_event where request_id = any($1) returning 1', [jobs])).length).toBeGreaterThan(20_000);
});

const HEADER: Cell[] = ['Nom', 'Prénom', 'Date de naissance', 'Sexe', "Date d'entrée", 'Commune de résidence', 'Niveau de qualification', 'SIRET employeur', 'Référence du marché',
  'SIRET acheteur', 'Date de début', 'Type de contrat', 'Modalité', 'Heures hebdomadaires', 'Mois', 'Heures'];

/** A follow-up of `people` people new to the PLIE, each with a placement and one month of hours, all named after `tag`. */
function followUp(tag: string, people: number): Buffer {
  tags.push(tag);
  const [year, month, day] = market.start_date.split('-');
  const start = `${day}/${month}/${year}`;
  const rows: Cell[][] = [HEADER];
  for (let i = 0; i < people; i += 1) {
    rows.push([`${tag}-${i}`, 'Zoé', '14/07/1990', 'Femme', start, 'Calais', 'Niveau 4 (Bac)', employer, market.reference, market.buyer_siret, start, 'CDD', 'Embauche directe', '35', start.slice(3), '35']);
  }
  return excelCsv(rows);
}

async function peopleNamed(tag: string): Promise<number> {
  const [row] = await sql<{ count: string }>('select count(*) from beneficiary_identity where last_name like $1', [`${tag}-%`]);
  return Number(row!.count);
}

async function send(apiUrl: string, file: Buffer): Promise<string> {
  const response = await upload(apiUrl, file, { token: plie.token });
  expect(response.status).toBe(202);
  const { id } = ((await response.json()) as { importJob: { id: string } }).importJob;
  jobs.push(parseGlobalId(id)!.id);
  return id;
}

async function statusOf(jobId: string): Promise<string> {
  const [row] = await sql<{ status: string }>('select status from import_job where id = $1', [parseGlobalId(jobId)!.id]);
  return row!.status;
}

/** Lines of an import long enough (a full batch: seconds of work) to be caught running. */
const LONG = 10_000;
/** What the longest cases take on a loaded machine: two or three imports of LONG lines, and instances started. */
const SLOW_CASE_MS = 150_000;

/** Runs `work` while the owner holds `table` locked, from the moment another session's statement waits for the lock. */
async function whileTheImportWaitsFor(table: string, work: () => Promise<void>): Promise<void> {
  await asOwner(async (client) => {
    await client.query('begin');
    try {
      await client.query(`lock table ${table} in access exclusive mode`);
      const [{ pid }] = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [{ pid: number }];
      await until(async () => (await sql('select 1 from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [pid])).length > 0, `a statement waiting for ${table}`);
      await work();
    } finally {
      await client.query('rollback');
    }
  });
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  for (const started = Date.now(); !(await condition());) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('durable import jobs', () => {
  it("runs one organisation's imports one after the other, both to their end", async () => {
    const api = await startTestApi();
    try {
      const [first, second] = [`Serie-${randomUUID().slice(0, 6)}`, `Serie-${randomUUID().slice(0, 6)}`];
      const ids = await Promise.all([send(api.url, followUp(first, 3000)), send(api.url, followUp(second, 3000))]);
      const jobs = await Promise.all(ids.map((id) => waitForJob(api.url, plie.token, id)));
      expect(jobs.map((job) => job.status)).toEqual(['COMPLETED', 'COMPLETED']);
      expect([await peopleNamed(first), await peopleNamed(second)]).toEqual([3000, 3000]);
      const runs = await sql<{ started_at: Date; finished_at: Date }>(
        'select started_at, finished_at from import_job where id = any($1) order by started_at', [ids.map((id) => parseGlobalId(id)!.id)]);
      expect(runs[1]!.started_at.getTime()).toBeGreaterThanOrEqual(runs[0]!.finished_at.getTime());
      const [chunks] = await sql<{ count: string }>('select count(*) from import_file_chunk where import_job_id = any($1)', [ids.map((id) => parseGlobalId(id)!.id)]);
      expect(Number(chunks!.count)).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('runs a job another instance received: the file is in the database, not on the receiver', async () => {
    const receiver = await startTestApi();
    const tag = `Ailleurs-${randomUUID().slice(0, 6)}`;
    const file = followUp(tag, 50);
    const id = await send(receiver.url, file);
    await receiver.close();
    const runner = await startTestApi();
    try {
      const job = await waitForJob(runner.url, plie.token, id);
      expect(job).toMatchObject({ status: 'COMPLETED', written: true });
      expect(await peopleNamed(tag)).toBe(50);
      // The trail records the file received: the job is recorded once the file has come, with its hash and size.
      const received = await sql<{ changes: unknown }>(
        "select changes from audit_event where entity = 'ImportJob' and entity_id = $1 and action = 'CREATE' and changes ? 'fileHash'", [parseGlobalId(id)!.id]);
      expect(received.map((event) => event.changes)).toEqual([
        expect.objectContaining({ fileHash: createHash('sha256').update(file).digest('hex'), fileBytes: String(file.length) })]);
    } finally {
      await runner.close();
    }
  });

  it('hands a running import back to the queue at shutdown, without waiting for it, and another instance completes it', async () => {
    const first: Api = await startTestApi();
    const tag = `Relais-${randomUUID().slice(0, 6)}`;
    const id = await send(first.url, followUp(tag, LONG));
    await until(async () => (await statusOf(id)) === 'RUNNING', 'the import to run');
    // The import's statement waits for a lock held until the shutdown is over: the shutdown can only end by cancelling it.
    await whileTheImportWaitsFor('monthly_hours', () => first.close());
    expect(await statusOf(id)).toBe('QUEUED');
    expect(await peopleNamed(tag)).toBe(0);
    const second = await startTestApi();
    try {
      const job = await waitForJob(second.url, plie.token, id);
      expect(job).toMatchObject({ status: 'COMPLETED', written: true });
      expect(await peopleNamed(tag)).toBe(LONG);
    } finally {
      await second.close();
    }
  }, SLOW_CASE_MS);

  it('leaves nothing written when the process running an import is killed; the job is then run again to its end, and importing the file again changes nothing', async () => {
    const platform = await spawnPlatform({
      ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', SEED_DEMO: 'false', DATA_DIR: testDataDir(),
      DATABASE_URL: process.env.TEST_OWNER_URL, APP_DATABASE_URL: process.env.TEST_APP_URL,
    });
    const url = `http://127.0.0.1:${platform.port}/graphql`;
    const tag = `Tue-${randomUUID().slice(0, 6)}`;
    const file = followUp(tag, LONG);
    let id: string;
    try {
      id = await send(url, file);
      await until(async () => (await statusOf(id)) === 'RUNNING', 'the import to run');
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      platform.child.kill('SIGKILL');
      await platform.exited;
    }
    expect(await statusOf(id)).toBe('RUNNING');
    expect(await peopleNamed(tag)).toBe(0);

    const api = await startTestApi();
    try {
      const job = await waitForJob(api.url, plie.token, id);
      expect(job).toMatchObject({ status: 'COMPLETED', written: true });
      const [record] = await sql<{ interruptions: number }>('select interruptions from import_job where id = $1', [parseGlobalId(id)!.id]);
      expect(record!.interruptions).toBe(1);
      expect(await peopleNamed(tag)).toBe(LONG);
      const again = await waitForJob(api.url, plie.token, await send(api.url, file));
      expect(again).toMatchObject({ status: 'COMPLETED', counts: { accepted: LONG, beneficiariesCreated: 0, hoursCreated: 0, hoursUnchanged: LONG } });
      expect(await peopleNamed(tag)).toBe(LONG);
    } finally {
      await api.close();
    }
  }, SLOW_CASE_MS);
});
