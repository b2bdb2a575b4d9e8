/**
 * Benchmark of the spreadsheet import of follow-up data against raw SQL (npm run bench:import).
 *
 *  1. a fresh database (bench/database.ts) and, as the owner, a ten-year market facilitated by a demo PLIE;
 *  2. for each size, a CSV of that many hour lines as French Excel writes it, streamed to a temporary file;
 *  3. the baseline (bench/import-baseline.ts): the rows of the first size loaded with bare INSERTs, rolled back;
 *  4. each file imported in this process as a job imports it (one transaction as the editor, audited), twice:
 *     all created, then all unchanged; the first size once more through POST /imports of an API started here;
 *  5. time, lines per second, and peak RSS and heap sampled every 50 ms, with a verdict against the targets.
 *
 * Settings: BENCH_IMPORT_LINES (comma-separated sizes, 100000,1000000), BENCH_DATABASE_URL (as for npm run bench).
 * Progress goes to stderr, figures to stdout. Exits non-zero on any failure; a missed target is reported, not a failure.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApi, type Api } from '../src/app.js';
import { loadOrCreateDevSigningKey } from '../src/auth/dev-signing-key.js';
import { SignIns } from '../src/auth/sign-in.js';
import { DEV_ISSUER, signDevToken } from '../src/auth/tokens.js';
import { viewerOfUser } from '../src/auth/viewer.js';
import { loadConfig } from '../src/config/config.js';
import type { ImportCounts } from '../src/db/entities/index.js';
import { transactionSql } from '../src/db/raw-sql.js';
import type { Viewer } from '../src/context/request-context.js';
import { asViewer } from '../src/imports/jobs.js';
import { BATCH_ROWS, importSpreadsheet } from '../src/imports/spreadsheet/import-file.js';
import { createLogger } from '../src/logging/logger.js';
import type { Cleanup } from './cleanup.js';
import { prepareDatabase } from './database.js';
import { plannedPlacements, writeFollowUpCsv } from './follow-up-file.js';
import { log, runBenchmark } from './harness.js';
import { loadWithRawSql } from './import-baseline.js';
import { prepareImportFixture, type ImportFixture } from './import-fixture.js';
import { fetchJson } from './measure.js';
import { withMemoryPeak, type MemoryPeak } from './memory-peak.js';
import { fixed, megabytes, printTitle, rate, ratio, table } from './report.js';

const RUN_LIMIT_MS = 45 * 60_000;
const JOB_LIMIT_MS = 15 * 60_000;
/** A client's pace; the job's duration is read from its record, so polling does not round it. */
const POLL_MS = 1000;
/** The issue's targets: 100,000 lines in under 10 s, and memory flat from the smallest size to the largest. */
const TARGET_LINES_PER_SECOND = 10_000;
const FLAT_HEAP_FACTOR = 1.5;

function readSizes(): number[] {
  const raw = process.env.BENCH_IMPORT_LINES || '100000,1000000';
  const sizes = raw.split(',').map((part) => Number(part.trim()));
  if (sizes.some((size) => !Number.isInteger(size) || size < 12)) throw new Error(`BENCH_IMPORT_LINES must list integers of at least 12, got "${raw}"`);
  return [...new Set(sizes)].sort((a, b) => a - b);
}

interface Run {
  label: string;
  lines: number;
  ms: number;
  peak: MemoryPeak;
}

/** Times `work`, unless it says itself how long the measured part took (in ms). */
async function timed(label: string, lines: number, work: () => Promise<number | void>): Promise<Run> {
  log(`${label}: ${lines.toLocaleString('en')} lines`);
  const started = performance.now();
  const { result, peak } = await withMemoryPeak(work);
  const run = { label, lines, ms: result ?? performance.now() - started, peak };
  log(`${label}: ${fixed(run.ms / 1000, 1)} s, ${rate(lines / (run.ms / 1000))} lines/s, peak heap ${megabytes(peak.heapUsed)}`);
  return run;
}

function expectCounts(label: string, counts: ImportCounts | null | undefined, problemCount: number, expected: Partial<ImportCounts>): void {
  const wrong = Object.entries(expected).filter(([name, value]) => counts?.[name as keyof ImportCounts] !== value);
  if (problemCount || wrong.length) throw new Error(`${label}: expected ${JSON.stringify(expected)} and no problem, got ${JSON.stringify(counts)} with ${problemCount} problems`);
}

/** The import as a job runs it (src/imports/jobs.ts), without the job's record and progress. */
async function importInProcess(orm: MikroORM, viewer: Viewer, file: string): Promise<{ counts: ImportCounts; problemCount: number }> {
  const importId = randomUUID();
  const actor = { viewer, organisationId: viewer.acting!.organisationId, userId: viewer.user!.id, apiKeyId: null, importId };
  return asViewer(orm, viewer, importId, (em) => importSpreadsheet(transactionSql(em), actor, { path: file, fileName: path.basename(file) }, async () => undefined));
}

const JOB_QUERY = `query ImportJob($id: ID!) {
  node(id: $id) { ... on ImportJob { status error finishedAt problemCount counts { rows accepted refused beneficiariesCreated placementsCreated hoursCreated hoursUnchanged } } }
}`;

interface JobAnswer { status: string; error: string | null; finishedAt: string | null; problemCount: number; counts: ImportCounts | null }

/** POST /imports as a client sends a file, then the job polled until it ends; with the time from sending to the job's end. */
async function importThroughApi(api: Api, token: string, file: string): Promise<{ job: JobAnswer; ms: number }> {
  const sent = Date.now();
  const upload = await fetch(new URL(`/imports?fileName=${encodeURIComponent(path.basename(file))}`, api.url), {
    method: 'POST', headers: { authorization: `Bearer ${token}` }, body: await openAsBlob(file),
  });
  const answer = (await upload.json()) as { importJob?: { id: string } };
  if (upload.status !== 202 || !answer.importJob) throw new Error(`POST /imports answered ${upload.status}: ${JSON.stringify(answer)}`);
  const body = JSON.stringify({ query: JOB_QUERY, variables: { id: answer.importJob.id } });
  const deadline = Date.now() + JOB_LIMIT_MS;
  while (Date.now() < deadline) {
    const { body: result } = await fetchJson({ url: api.url, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const job = (result as { data?: { node?: JobAnswer } }).data?.node;
    if (!job) throw new Error(`the import job cannot be read: ${JSON.stringify(result)}`);
    if (job.status === 'FAILED') throw new Error(`the import job failed: ${job.error}`);
    if (job.status === 'COMPLETED') return { job, ms: Date.parse(job.finishedAt!) - sent };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`the import job did not complete within ${JOB_LIMIT_MS / 60_000} minutes`);
}

interface Context {
  api: Api;
  viewer: Viewer;
  token: string;
  fixture: ImportFixture;
  ownerUrl: string;
  folder: string;
}

/** A file of `lines` hour lines of people named after `namespace`; its path and size. */
async function generate(context: Context, lines: number, namespace: string): Promise<{ file: string; bytes: number }> {
  const file = path.join(context.folder, `suivi-${namespace}.csv`);
  const started = performance.now();
  await writeFollowUpCsv(file, plannedPlacements(lines, namespace, context.fixture.market, context.fixture.employerSirets), context.fixture.market);
  const { size } = await stat(file);
  log(`generated ${file}: ${lines.toLocaleString('en')} lines, ${megabytes(size)} in ${fixed((performance.now() - started) / 1000, 1)} s`);
  return { file, bytes: size };
}

async function measureSize(context: Context, lines: number, withBaselineAndApi: boolean): Promise<{ runs: Run[]; bytes: number }> {
  const namespace = String(lines);
  const { file, bytes } = await generate(context, lines, namespace);
  const runs: Run[] = [];
  const placements = Math.ceil(lines / 12);
  if (withBaselineAndApi) {
    runs.push(await timed('raw SQL baseline (same rows, rolled back)', lines, () => loadWithRawSql(context.ownerUrl, context.fixture,
      plannedPlacements(lines, namespace, context.fixture.market, context.fixture.employerSirets), async (load) => {
        const written = await load();
        if (written !== lines) throw new Error(`the baseline wrote ${written} hour lines, not ${lines}`);
      })));
  }
  runs.push(await timed('import, first (all created)', lines, async () => {
    const { counts, problemCount } = await importInProcess(context.api.orm, context.viewer, file);
    expectCounts('first import', counts, problemCount, { rows: lines, accepted: lines, beneficiariesCreated: placements, placementsCreated: placements, hoursCreated: lines });
  }));
  runs.push(await timed('import, again (all unchanged)', lines, async () => {
    const { counts, problemCount } = await importInProcess(context.api.orm, context.viewer, file);
    expectCounts('second import', counts, problemCount, { rows: lines, accepted: lines, beneficiariesCreated: 0, placementsCreated: 0, hoursCreated: 0, hoursUnchanged: lines });
  }));
  await rm(file);
  if (withBaselineAndApi) {
    const twin = await generate(context, lines, `${namespace}-api`);
    runs.push(await timed('API job, first (POST /imports → COMPLETED)', lines, async () => {
      const { job, ms } = await importThroughApi(context.api, context.token, twin.file);
      expectCounts('API import', job.counts, job.problemCount, { rows: lines, accepted: lines, hoursCreated: lines });
      return ms;
    }));
  }
  return { runs, bytes };
}

function printReport(sizes: { lines: number; bytes: number; runs: Run[] }[], description: string, loadBefore: number): void {
  printTitle('Clauses spreadsheet import benchmark', `${description}, import in this process`, loadBefore);
  console.log(`files      CSV as French Excel writes it (« ; », Windows-1252, decimal commas, dd/mm/yyyy), every column filled,`);
  console.log(`           one person per placement, 12 months of hours each, in batches of ${BATCH_ROWS.toLocaleString('en')} lines`);
  console.log(`memory     process.memoryUsage() every 50 ms; live heap = the most in use right after a full collection;`);
  console.log(`           heap before = after a forced collection, at the start of the run`);
  console.log('');
  console.log(table(
    ['lines', 'file', 'run', 'seconds', 'lines/s', 'peak RSS', 'peak heap', 'live heap', 'heap before'],
    sizes.flatMap(({ lines, bytes, runs }) => runs.map((run, index) => [
      index ? '' : lines.toLocaleString('en'), index ? '' : megabytes(bytes), run.label, fixed(run.ms / 1000, 1), rate(run.lines / (run.ms / 1000)),
      megabytes(run.peak.rss), megabytes(run.peak.heapUsed), megabytes(run.peak.liveHeap), megabytes(run.peak.heapBefore),
    ])),
    ['right', 'right', 'left', 'right', 'right', 'right', 'right', 'right'],
  ));
  const [smallest] = sizes;
  const largest = sizes.at(-1)!;
  const find = (runs: Run[], prefix: string) => runs.find((run) => run.label.startsWith(prefix))!;
  const first = find(smallest!.runs, 'import, first');
  const baseline = find(smallest!.runs, 'raw SQL');
  const job = find(smallest!.runs, 'API job');
  const perSecond = (run: Run) => run.lines / (run.ms / 1000);
  console.log('');
  console.log(`import ÷ raw SQL, lines/s at ${smallest!.lines.toLocaleString('en')}: ${ratio(perSecond(first), perSecond(baseline))} (first import), `
    + `${ratio(perSecond(find(smallest!.runs, 'import, again')), perSecond(baseline))} (again); API job ÷ in-process first import: ${ratio(job.ms, first.ms)} of the time`);
  const targetSeconds = smallest!.lines / TARGET_LINES_PER_SECOND;
  const fast = first.ms / 1000 < targetSeconds;
  console.log(`verdict    speed: ${smallest!.lines.toLocaleString('en')} lines imported in ${fixed(first.ms / 1000, 1)} s, target under ${fixed(targetSeconds, 1)} s: ${fast ? 'met' : 'MISSED'}`);
  if (largest !== smallest) {
    // What the import holds: the live heap, not the garbage a longer run lets pile up between collections.
    const heaps = [smallest!, largest].map(({ runs }) => Math.max(...runs.filter((run) => run.label.startsWith('import')).map((run) => run.peak.liveHeap)));
    const flat = heaps[1]! <= FLAT_HEAP_FACTOR * heaps[0]!;
    console.log(`           memory: live heap of the imports ${megabytes(heaps[0]!)} at ${smallest!.lines.toLocaleString('en')} lines, ${megabytes(heaps[1]!)} at `
      + `${largest.lines.toLocaleString('en')} (${ratio(heaps[1]!, heaps[0]!)}), target within ${FLAT_HEAP_FACTOR}×: ${flat ? 'met' : 'MISSED'}`);
  }
}

async function run(cleanup: Cleanup): Promise<void> {
  const sizes = readSizes();
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  const logger = createLogger('warn');
  const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
  log(databaseUrl ? 'preparing BENCH_DATABASE_URL' : 'preparing a fresh embedded PostgreSQL (initdb, migrations, demo seed, volume markets)');
  const database = await prepareDatabase(logger, databaseUrl);
  const stopDatabase = cleanup.add('stop the database and remove its folder', () => database.stop());
  const folder = await mkdtemp(path.join(os.tmpdir(), 'clauses-bench-import-'));
  cleanup.add(`remove ${folder}`, () => rm(folder, { recursive: true, force: true }));
  const fixture = await prepareImportFixture(database.ownerUrl);
  log(`database ready (${database.description}); importing as ${fixture.email} onto market ${fixture.market.reference}`);

  const api = await createApi({
    config: { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: database.dataDir }), port: 0, host: '127.0.0.1' },
    logger, appUrl: database.appUrl, migrationCount: database.migrationCount,
  });
  const closeApi = cleanup.add('close the API', () => api.close());
  const identity = { issuer: DEV_ISSUER, subject: fixture.email, email: fixture.email };
  const account = await new SignIns(api.orm).accountOf(identity);
  const viewer = await api.orm.em.fork().transactional((em) => viewerOfUser(em, account, undefined));
  const token = await signDevToken(await loadOrCreateDevSigningKey(database.dataDir), { sub: fixture.email, email: fixture.email });
  const context: Context = { api, viewer, token, fixture, ownerUrl: database.ownerUrl, folder };

  const results = [];
  for (const [index, lines] of sizes.entries()) results.push({ lines, ...(await measureSize(context, lines, index === 0)) });
  await closeApi();
  await stopDatabase();
  printReport(results, database.description, loadBefore);
}

process.exit(await runBenchmark(run, RUN_LIMIT_MS));
