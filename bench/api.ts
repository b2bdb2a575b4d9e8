/**
 * Benchmark of the Clauses API against a hand-written SQL baseline (npm run bench).
 *
 *  1. a fresh database: embedded PostgreSQL in a temporary DATA_DIR (or BENCH_DATABASE_URL), demo data and volume markets;
 *  2. the API (`node dist/src/cli/start.js`) in a child process, on that database;
 *  3. the baseline (bench/raw-sql-server.ts) in another child process, connected as the application role;
 *  4. for each of three queries, checks that both answer the same, then loads each with autocannon;
 *  5. cold and warm start of `npm start` in another fresh data folder;
 *  6. cleans up every process and folder, whatever happens.
 *
 * Settings: BENCH_DURATION (s, 10), BENCH_CONNECTIONS (10), BENCH_WARMUP (s, 2), BENCH_USER (viewer@departement-62.demo),
 * BENCH_DATABASE_URL (owner role of an external PostgreSQL), BENCH_SKIP_STARTUP=1 (skip step 5).
 * Progress goes to stderr, figures to stdout. Exits non-zero on any failure.
 */
import os from 'node:os';
import path from 'node:path';
import { loadOrCreateDevSigningKey } from '../src/auth/dev-signing-key.js';
import { signDevToken } from '../src/auth/tokens.js';
import { PROJECT_ROOT } from '../src/config/paths.js';
import { findFreePort } from '../src/config/free-port.js';
import { createLogger } from '../src/logging/logger.js';
import type { Cleanup } from './cleanup.js';
import { prepareDatabase, viewerSettings, type BenchDatabase } from './database.js';
import { LAYER_BUDGET, LAYER_VARIANTS, LAYERS_EMAIL, LAYERS_QUERY, LAYERS_ROWS, overhead, type LayerVariant } from './access-layers.js';
import { toGlobalId } from '../src/graphql/relay/global-id.js';
import { log, positiveInteger, runBenchmark } from './harness.js';
import { fetchJson, runLoad, type LoadSettings, type Measurement, type Target } from './measure.js';
import { spawnChild, stopChild, waitForHealth, type Child } from './processes.js';
import { BASELINE_POOL_SIZE } from './raw-sql-server.js';
import { fixed, kilobytes, printTitle, rate, ratio, seconds, table } from './report.js';
import { buildScenarios, type Scenario } from './scenarios.js';
import { measureStartup, type StartupFigures } from './startup.js';

/** The whole run, startup measurements included, must end within this. */
const RUN_LIMIT_MS = 30 * 60_000;
const READY_LIMIT_MS = 120_000;
const STOP_GRACE_MS = 15_000;
const NODE = path.join(PROJECT_ROOT, 'node_modules/.bin/node');

interface Settings extends LoadSettings {
  warmupSeconds: number;
  email: string;
  databaseUrl: string | undefined;
  skipStartup: boolean;
}

function readSettings(): Settings {
  return {
    connections: positiveInteger('BENCH_CONNECTIONS', 10),
    durationSeconds: positiveInteger('BENCH_DURATION', 10),
    warmupSeconds: positiveInteger('BENCH_WARMUP', 2, 0),
    email: (process.env.BENCH_USER || 'viewer@departement-62.demo').toLowerCase(),
    databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
    skipStartup: ['1', 'true', 'yes'].includes((process.env.BENCH_SKIP_STARTUP ?? '').toLowerCase()),
  };
}

function nodeEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'APP_DATABASE_URL', 'HOST', 'OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URI', 'EMBEDDED_PG_PORT']) delete env[name];
  return { ...env, ...extra };
}

/** Starts a node process running `script` and waits for its health check. */
async function startServer(name: string, script: string, env: Record<string, string>, healthUrl: string, cleanup: Cleanup) {
  const child = spawnChild(name, NODE, ['--enable-source-maps', path.join(PROJECT_ROOT, script)], { cwd: PROJECT_ROOT, env: nodeEnvironment(env) });
  const stop = cleanup.add(`stop ${name}`, async () => {
    if (child.exit) return; // already gone, and reported where it was noticed
    const { graceful, exit } = await stopChild(child, { graceMs: STOP_GRACE_MS });
    if (!graceful) throw new Error(`${name} did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM; killed`);
    if (exit.code !== 0) throw new Error(`${name} exited with ${exit.code ?? exit.signal}. Last output:\n${child.output()}`);
  });
  await waitForHealth(healthUrl, child, READY_LIMIT_MS);
  return { child, stop };
}

interface ScenarioResult {
  scenario: Scenario;
  rows: string;
  apiBytes: number;
  baselineBytes: number;
  api: Measurement;
  baseline: Measurement;
  warmupProblems: number;
}

/** One request to each, checked, before any load: a benchmark of wrong answers is worthless. */
async function preflight(scenario: Scenario): Promise<{ rows: string; apiBytes: number; baselineBytes: number }> {
  const api = await fetchJson(scenario.api);
  if (api.status !== 200) throw new Error(`${scenario.label}: the API answered HTTP ${api.status}: ${JSON.stringify(api.body).slice(0, 1_000)}`);
  const baseline = await fetchJson(scenario.baseline);
  if (baseline.status !== 200) throw new Error(`${scenario.label}: the baseline answered HTTP ${baseline.status}: ${JSON.stringify(baseline.body).slice(0, 1_000)}`);
  try {
    return { rows: scenario.check(api.body, baseline.body), apiBytes: api.bytes, baselineBytes: baseline.bytes };
  } catch (error) {
    throw new Error(`${scenario.label}: ${(error as Error).message}`);
  }
}

function assertAlive(...children: Child[]): void {
  for (const child of children) {
    if (child.exit) throw new Error(`${child.name} exited during the benchmark (${child.exit.code ?? child.exit.signal}). Last output:\n${child.output()}`);
  }
}

async function load(target: Target, settings: Settings, label: string): Promise<{ measured: Measurement; warmupProblems: number }> {
  let warmupProblems = 0;
  if (settings.warmupSeconds > 0) {
    log(`${label}: warm-up ${settings.warmupSeconds} s`);
    const warmup = await runLoad(target, { connections: settings.connections, durationSeconds: settings.warmupSeconds });
    warmupProblems = warmup.non2xx + warmup.errors;
  }
  log(`${label}: measuring ${settings.durationSeconds} s`);
  return { measured: await runLoad(target, settings), warmupProblems };
}

function printHeader(settings: Settings, databaseDescription: string, loadBefore: number): void {
  printTitle('Clauses API benchmark', `${databaseDescription}, everything on this machine over loopback`, loadBefore);
  console.log(`load       autocannon, ${settings.connections} connections, ${settings.durationSeconds} s per measure after a ${settings.warmupSeconds} s warm-up, one target at a time`);
  console.log(`API        node dist/src/cli/start.js in a child process (NODE_ENV=test, LOG_LEVEL=warn, pool of 20),`);
  console.log(`           POST /graphql with a Bearer dev token of ${settings.email}`);
  console.log(`baseline   bench/raw-sql-server.ts in a child process: node:http + pg Pool (${BASELINE_POOL_SIZE}) as the application role,`);
  console.log('           GET with the parameters in the query string, one prepared SQL statement per request that builds the JSON;');
  console.log('           row-level security as the same viewer, its settings given once per connection;');
  console.log('           NO authentication, no GraphQL parsing/validation/execution, no per-request transaction or viewer lookup');
}

function printResults(results: ScenarioResult[]): void {
  console.log('');
  console.log('Answers (checked identical before measuring)');
  console.log(table(
    ['query', 'rows', 'API body', 'baseline body'],
    results.map((r) => [r.scenario.label, r.rows, kilobytes(r.apiBytes), kilobytes(r.baselineBytes)]),
    ['left', 'left', 'right', 'right'],
  ));
  console.log('');
  console.log('Throughput and latency');
  const rows: string[][] = [];
  for (const r of results) {
    for (const [target, m] of [['API', r.api], ['baseline', r.baseline]] as const) {
      rows.push([target === 'API' ? r.scenario.label : '', target, rate(m.requestsPerSecond), fixed(m.p50, 1), fixed(m.p99, 1),
        String(m.requests), String(m.non2xx), String(m.errors)]);
    }
  }
  console.log(table(['query', 'target', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'], rows,
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right']));
  console.log('');
  console.log('API ÷ baseline');
  console.log(table(
    ['query', 'req/s ratio', 'p50 ratio'],
    results.map((r) => [r.scenario.label, ratio(r.api.requestsPerSecond, r.baseline.requestsPerSecond), ratio(r.api.p50, r.baseline.p50)]),
    ['left', 'right', 'right'],
  ));
  console.log('(req/s ratio below 1: the API serves fewer requests per second; p50 ratio above 1: its median request is slower)');
}

function printStartup(figures: StartupFigures): void {
  const stop = (ms: number | null) => (ms === null ? 'did not exit: killed' : seconds(ms));
  console.log('');
  console.log('npm start (embedded PostgreSQL, fresh DATA_DIR, NODE_ENV=development, LOG_LEVEL=warn)');
  console.log(table(
    ['start', 'spawn → /health 200', 'SIGTERM → exit'],
    [
      ['cold (initdb, migrations, demo seed)', seconds(figures.cold.readyMs), stop(figures.cold.stopMs)],
      ['warm (same folder)', seconds(figures.warm.readyMs), stop(figures.warm.stopMs)],
    ],
    ['left', 'right', 'right'],
  ));
  console.log(`Both include npm and the check that nothing needs compiling (npm run build alone: ${seconds(figures.noopBuildMs)}).`);
  console.log(`A command-line tool on an unchanged tree (npm run --silent token -- --list): ${seconds(figures.cliMs)}.`);
}

interface LayerResult extends LayerVariant {
  measured: Measurement;
}

/** The same 1,000-row list through the API with all its access layers, then without each one. */
async function measureAccessLayers(database: BenchDatabase, settings: Settings, cleanup: Cleanup): Promise<LayerResult[]> {
  const token = await signDevToken(await loadOrCreateDevSigningKey(database.dataDir), { sub: LAYERS_EMAIL, email: LAYERS_EMAIL });
  const body = JSON.stringify({ query: LAYERS_QUERY, variables: { buyerId: toGlobalId('Organisation', database.volumeBuyerId) } });
  const results: LayerResult[] = [];
  let reference: string | undefined;
  for (const layer of LAYER_VARIANTS) {
    const port = await findFreePort();
    log(`access layers: starting the API ${layer.variant} on port ${port}`);
    const server = await startServer(`API ${layer.variant}`, 'dist/bench/variant-server.js', {
      VARIANT: layer.variant, DATA_DIR: database.dataDir, PORT: String(port),
      APP_DATABASE_URL: database.appUrl, OWNER_DATABASE_URL: database.ownerUrl, NODE_ENV: 'test',
    }, `http://127.0.0.1:${port}/health`, cleanup);
    const target: Target = { url: `http://127.0.0.1:${port}/graphql`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body };
    const answer = await fetchJson(target);
    const data = JSON.stringify((answer.body as { data?: unknown }).data);
    const rows = ((answer.body as { data?: { markets?: { nodes?: unknown[] } } }).data?.markets?.nodes ?? []).length;
    if (answer.status !== 200 || rows !== LAYERS_ROWS || (reference !== undefined && data !== reference)) {
      throw new Error(`access layers, ${layer.variant}: expected the same ${LAYERS_ROWS} markets, got HTTP ${answer.status} with ${rows}: ${JSON.stringify(answer.body).slice(0, 500)}`);
    }
    reference = data;
    const { measured, warmupProblems } = await load(target, settings, `access layers / ${layer.variant}`);
    assertAlive(server.child);
    if (measured.non2xx || measured.errors || warmupProblems) throw new Error(`access layers, ${layer.variant}: failed requests under load`);
    results.push({ ...layer, measured });
    await server.stop();
  }
  return results;
}

function printAccessLayers(results: LayerResult[]): void {
  const full = results.find((result) => result.variant === 'full')!;
  console.log(`\nAccess layers: markets(first: ${LAYERS_ROWS}) of one buyer, as its viewer (${LAYERS_EMAIL})`);
  console.log(table(
    ['stack', 'req/s', 'p50 ms', 'p99 ms', 'overhead of the layer'],
    results.map((result) => [
      result.label, rate(result.measured.requestsPerSecond), fixed(result.measured.p50, 1), fixed(result.measured.p99, 1),
      result === full ? '' : `${fixed(overhead(full.measured.requestsPerSecond, result.measured.requestsPerSecond) * 100, 1)} %`,
    ]),
    ['left', 'right', 'right', 'right', 'right'],
  ));
  console.log(`(overhead = req/s without the layer ÷ req/s with it − 1; budget ${LAYER_BUDGET * 100} % each)`);
}

async function run(settings: Settings, cleanup: Cleanup): Promise<void> {
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  const logger = createLogger('warn');
  log(settings.databaseUrl ? 'preparing BENCH_DATABASE_URL' : 'preparing a fresh embedded PostgreSQL (initdb, migrations, demo seed, volume markets)');
  const database = await prepareDatabase(logger, settings.databaseUrl);
  const stopDatabase = cleanup.add('stop the database and remove its folder', () => database.stop());
  log(`database ready (${database.description}) in ${database.dataDir}`);

  const token = await signDevToken(await loadOrCreateDevSigningKey(database.dataDir), { sub: settings.email, email: settings.email });

  const apiPort = await findFreePort();
  log(`starting the API on port ${apiPort}`);
  const api = await startServer('API', 'dist/src/cli/start.js', {
    DATABASE_URL: database.ownerUrl,
    // The owner role may not set the application role's password, so the API is given its connection as well.
    APP_DATABASE_URL: database.appUrl,
    DATA_DIR: database.dataDir,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
  }, `http://127.0.0.1:${apiPort}/health`, cleanup);

  const baselinePort = await findFreePort();
  log(`starting the baseline on port ${baselinePort}`);
  const baseline = await startServer('baseline', 'dist/bench/raw-sql-server.js', {
    BASELINE_DATABASE_URL: database.appUrl,
    BASELINE_SETTINGS: JSON.stringify(await viewerSettings(database.ownerUrl, settings.email)),
    PORT: String(baselinePort),
    HOST: '127.0.0.1',
  }, `http://127.0.0.1:${baselinePort}/health`, cleanup);

  const scenarios = buildScenarios({
    apiUrl: `http://127.0.0.1:${apiPort}`,
    baselineUrl: `http://127.0.0.1:${baselinePort}`,
    token,
    volumeBuyerId: database.volumeBuyerId,
    email: settings.email,
  });
  const checked = [];
  for (const scenario of scenarios) {
    const answer = await preflight(scenario);
    log(`${scenario.label}: same answer from both (${answer.rows})`);
    checked.push({ scenario, ...answer });
  }

  const results: ScenarioResult[] = [];
  for (const { scenario, rows, apiBytes, baselineBytes } of checked) {
    const apiLoad = await load(scenario.api, settings, `${scenario.label} / API`);
    assertAlive(api.child, baseline.child);
    const baselineLoad = await load(scenario.baseline, settings, `${scenario.label} / baseline`);
    assertAlive(api.child, baseline.child);
    results.push({
      scenario, rows, apiBytes, baselineBytes, api: apiLoad.measured, baseline: baselineLoad.measured,
      warmupProblems: apiLoad.warmupProblems + baselineLoad.warmupProblems,
    });
  }

  printHeader(settings, database.description, loadBefore);
  printResults(results);

  const problems = results.flatMap((r) => [
    ...(r.api.non2xx || r.api.errors ? [`${r.scenario.label} / API: ${r.api.non2xx} non-2xx, ${r.api.errors} errors (${r.api.timeouts} timeouts)`] : []),
    ...(r.baseline.non2xx || r.baseline.errors ? [`${r.scenario.label} / baseline: ${r.baseline.non2xx} non-2xx, ${r.baseline.errors} errors (${r.baseline.timeouts} timeouts)`] : []),
    ...(r.warmupProblems ? [`${r.scenario.label}: ${r.warmupProblems} non-2xx responses or errors during the warm-ups`] : []),
  ]);
  if (problems.length) throw new Error(`failed requests under load:\n  ${problems.join('\n  ')}`);

  log('stopping the API and the baseline');
  await api.stop();
  await baseline.stop();

  const layers = await measureAccessLayers(database, settings, cleanup);
  printAccessLayers(layers);
  log('stopping the database');
  await stopDatabase();

  if (settings.skipStartup) {
    console.log('\n(npm start timings skipped: BENCH_SKIP_STARTUP is set)');
    return;
  }
  const startup = await measureStartup(cleanup, log);
  printStartup(startup);
  const stopProblems = [startup.cold.problem, startup.warm.problem].filter((problem) => problem !== undefined);
  if (stopProblems.length) throw new Error(`npm start did not stop cleanly on SIGTERM:\n  ${stopProblems.join('\n  ')}`);
}

process.exit(await runBenchmark((cleanup) => run(readSettings(), cleanup), RUN_LIMIT_MS));
