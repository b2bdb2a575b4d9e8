/**
 * Benchmark of the Clauses API against its peer, PostGraphile 5, and a hand-written SQL baseline (npm run bench).
 *
 *  1. a fresh database: embedded PostgreSQL in a temporary DATA_DIR (or BENCH_DATABASE_URL), demo data and volume markets;
 *  2. the API (`node dist/src/cli/start.js`) in a child process, on that database;
 *  3. the baseline (bench/raw-sql-server.ts) and PostGraphile (bench/postgraphile-server.ts) in two more child
 *     processes, both connected as the application role;
 *  4. for each of three queries, and a request that reads nothing, checks that all three answer the same, counts
 *     the SQL statements each runs per request, then loads each with autocannon in interleaved rounds, counting the
 *     CPU of its node process and of PostgreSQL; prints what each query costs beyond the request that reads nothing;
 *  5. cold and warm start of `npm start` in another fresh data folder;
 *  6. cleans up every process and folder, whatever happens.
 *
 * Settings: BENCH_DURATION (s, 10), BENCH_ROUNDS (2), BENCH_CONNECTIONS (10), BENCH_WARMUP (s, 2), BENCH_USER (viewer@departement-62.demo),
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
import { cpuTotal, loadProblems, measureQuery, printBeyondNothing, printComparison, type Contender, type QueryResult, type RoundSettings, type TargetName } from './comparison.js';
import { postmasterOf } from './cpu.js';
import { fetchJson, type Target } from './measure.js';
import { buildPeerScenarios, type PeerScenario } from './peer-scenarios.js';
import { spawnChild, stopChild, waitForHealth, type Child } from './processes.js';
import { BASELINE_POOL_SIZE } from './raw-sql-server.js';
import { fixed, kilobytes, printTitle, rate, seconds, table } from './report.js';
import { buildScenarios, type Scenario } from './scenarios.js';
import { measureStartup, type StartupFigures } from './startup.js';
import { countStatements, StatementCounter } from './statements.js';

/** The whole run, startup measurements included, must end within this. */
const RUN_LIMIT_MS = 30 * 60_000;
const READY_LIMIT_MS = 120_000;
const STOP_GRACE_MS = 15_000;
const NODE = path.join(PROJECT_ROOT, 'node_modules/.bin/node');
/** Connections of PostGraphile's pool: the API's and the baseline's size. */
const PEER_POOL_SIZE = 20;
/** Requests per target and query whose SQL statements are counted. */
const STATEMENT_SAMPLES = 5;

interface Settings extends RoundSettings {
  email: string;
  databaseUrl: string | undefined;
  skipStartup: boolean;
}

function readSettings(): Settings {
  return {
    connections: positiveInteger('BENCH_CONNECTIONS', 10),
    durationSeconds: positiveInteger('BENCH_DURATION', 10),
    rounds: positiveInteger('BENCH_ROUNDS', 2),
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

/**
 * What the API sets in each request's transaction for a user signed in with a token (src/access/session.ts):
 * the user, then the acting organisation, its kind, the role, and no API key. Its identity is not a setting:
 * the API finds the account with app_sign_in.
 */
function apiRequestSettings(viewer: Record<string, string>): Record<string, string> {
  const { 'app.user_id': user = '', 'app.org_id': organisation = '', 'app.org_kind': kind = '', 'app.role': role = '' } = viewer;
  return { 'app.user_id': user, 'app.org_id': organisation, 'app.org_kind': kind, 'app.role': role, 'app.api_key_id': '' };
}

interface CheckedScenario {
  scenario: Scenario;
  peer: PeerScenario;
  rows: string;
  bytes: Record<TargetName, number>;
}

/** One request to each, checked, before any load: a benchmark of wrong answers is worthless. */
async function preflight(scenario: Scenario, peer: PeerScenario): Promise<CheckedScenario> {
  const answers = { API: await fetchJson(scenario.api), PostGraphile: await fetchJson(peer.target), SQL: await fetchJson(scenario.baseline) };
  for (const [name, answer] of Object.entries(answers)) {
    if (answer.status !== 200) throw new Error(`${scenario.label}: ${name} answered HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 1_000)}`);
  }
  try {
    const rows = scenario.check(answers.API.body, answers.SQL.body);
    peer.check(answers.API.body, answers.PostGraphile.body);
    return { scenario, peer, rows, bytes: { API: answers.API.bytes, PostGraphile: answers.PostGraphile.bytes, SQL: answers.SQL.bytes } };
  } catch (error) {
    throw new Error(`${scenario.label}: ${(error as Error).message}`);
  }
}

function assertAlive(...children: Child[]): void {
  for (const child of children) {
    if (child.exit) throw new Error(`${child.name} exited during the benchmark (${child.exit.code ?? child.exit.signal}). Last output:\n${child.output()}`);
  }
}

function printHeader(settings: Settings, databaseDescription: string, loadBefore: number): void {
  printTitle('Clauses API benchmark', `${databaseDescription}, everything on this machine, HTTP over loopback`, loadBefore);
  console.log(`load       autocannon, ${settings.connections} connections; per query, a ${settings.warmupSeconds} s warm-up of each target, then ${settings.rounds} round(s)`);
  console.log(`           in which each target is measured ${settings.durationSeconds} s in turn (the order shifted every round)`);
  console.log(`API        node dist/src/cli/start.js in a child process (NODE_ENV=test, LOG_LEVEL=warn, pool of 20),`);
  console.log(`           POST /graphql with a Bearer dev token of ${settings.email}`);
  console.log(`peer       PostGraphile 5 (bench/postgraphile-server.ts) in a child process: amber preset, grafserv on node:http,`);
  console.log(`           pool of ${PEER_POOL_SIZE} as the application role, POST /graphql; no authentication: the same viewer's access`);
  console.log('           settings set in a transaction per request; read-only schema of the tables the queries read, hours inlined as SQL');
  console.log(`SQL        bench/raw-sql-server.ts in a child process: node:http + pg Pool (${BASELINE_POOL_SIZE}) as the application role,`);
  console.log('           GET with the parameters in the query string, one prepared SQL statement per request that builds the JSON;');
  console.log('           row-level security as the same viewer, its settings given once per connection;');
  console.log('           NO authentication, no GraphQL parsing/validation/execution, no per-request transaction or viewer lookup');
  console.log('CPU        utime+stime from /proc of the server\'s node process, and of every PostgreSQL process (postmaster, backends,');
  console.log('           workers, and those exited meanwhile), over each measure, divided by the requests it served');
  console.log(`SQL/req    statements PostgreSQL logged for the application role (log_statement = all, outside the measures)`);
  console.log(`           over ${STATEMENT_SAMPLES} requests of each target, divided by ${STATEMENT_SAMPLES}`);
}

function printAnswers(checked: CheckedScenario[]): void {
  console.log('');
  console.log('Answers (checked the same before measuring)');
  console.log(table(
    ['query', 'rows', 'API body', 'PostGraphile body', 'SQL body'],
    checked.map((c) => [c.scenario.label, c.rows, kilobytes(c.bytes.API), kilobytes(c.bytes.PostGraphile), kilobytes(c.bytes.SQL)]),
    ['left', 'left', 'right', 'right', 'right'],
  ));
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

type LayerName = LayerVariant['variant'];

/**
 * The same 1,000-row list through the API with all its access layers, and without each one: the three servers run
 * side by side and are measured in interleaved rounds, as the three targets of a query are.
 */
async function measureAccessLayers(database: BenchDatabase, settings: Settings, postmaster: number | undefined, cleanup: Cleanup): Promise<QueryResult<LayerName>> {
  const token = await signDevToken(await loadOrCreateDevSigningKey(database.dataDir), { sub: LAYERS_EMAIL, email: LAYERS_EMAIL });
  const body = JSON.stringify({ query: LAYERS_QUERY, variables: { buyerId: toGlobalId('Organisation', database.volumeBuyerId) } });
  const servers: { stop(): Promise<void> }[] = [];
  const contenders: Contender<LayerName>[] = [];
  let reference: string | undefined;
  for (const layer of LAYER_VARIANTS) {
    const port = await findFreePort();
    log(`access layers: starting the API ${layer.variant} on port ${port}`);
    const server = await startServer(`API ${layer.variant}`, 'dist/bench/variant-server.js', {
      VARIANT: layer.variant, DATA_DIR: database.dataDir, PORT: String(port),
      APP_DATABASE_URL: database.appUrl, OWNER_DATABASE_URL: database.ownerUrl, NODE_ENV: 'test',
    }, `http://127.0.0.1:${port}/health`, cleanup);
    servers.push(server);
    const target: Target = { url: `http://127.0.0.1:${port}/graphql`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body };
    const answer = await fetchJson(target);
    const data = JSON.stringify((answer.body as { data?: unknown }).data);
    const rows = ((answer.body as { data?: { markets?: { nodes?: unknown[] } } }).data?.markets?.nodes ?? []).length;
    if (answer.status !== 200 || rows !== LAYERS_ROWS || (reference !== undefined && data !== reference)) {
      throw new Error(`access layers, ${layer.variant}: expected the same ${LAYERS_ROWS} markets, got HTTP ${answer.status} with ${rows}: ${JSON.stringify(answer.body).slice(0, 500)}`);
    }
    reference = data;
    contenders.push({ name: layer.variant, target, pid: server.child.pid, assertAlive: () => assertAlive(server.child) });
  }
  const result = await measureQuery('access layers', contenders, settings, postmaster, {});
  const problems = LAYER_VARIANTS.filter(({ variant }) => {
    const figures = result.figures[variant];
    return figures.non2xx || figures.errors || figures.warmupProblems;
  });
  if (problems.length) throw new Error(`access layers, ${problems.map(({ variant }) => variant).join(', ')}: failed requests under load`);
  for (const server of servers) await server.stop();
  return result;
}

function printAccessLayers({ figures }: QueryResult<LayerName>, settings: Settings): void {
  const full = figures.full;
  const percent = (value: number) => `${fixed(value * 100, 1)} %`;
  console.log(`\nAccess layers: markets(first: ${LAYERS_ROWS}) of one buyer, as its viewer (${LAYERS_EMAIL}), ${settings.rounds} interleaved rounds of ${settings.durationSeconds} s`);
  console.log(table(
    ['stack', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'overhead: req/s', 'overhead: CPU'],
    LAYER_VARIANTS.map(({ variant, label }) => {
      const own = figures[variant];
      const isFull = variant === 'full';
      return [
        label, rate(own.requestsPerSecond), fixed(own.p50, 1), fixed(own.p99, 1), fixed(cpuTotal(own), 2),
        isFull ? '' : percent(overhead(full.requestsPerSecond, own.requestsPerSecond)),
        isFull ? '' : percent(cpuTotal(full) / cpuTotal(own) - 1),
      ];
    }),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  ));
  console.log(`(overhead = req/s without the layer ÷ req/s with it − 1, and CPU per request with it ÷ without it − 1, node and PostgreSQL; budget ${LAYER_BUDGET * 100} % each)`);
}

async function run(settings: Settings, cleanup: Cleanup): Promise<void> {
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  const logger = createLogger('warn');
  const embedded = !settings.databaseUrl;
  const statementCounter = new StatementCounter();
  if (embedded) statementCounter.listenTo(logger);
  log(settings.databaseUrl ? 'preparing BENCH_DATABASE_URL' : 'preparing a fresh embedded PostgreSQL (initdb, migrations, demo seed, volume markets)');
  const database = await prepareDatabase(logger, settings.databaseUrl);
  const stopDatabase = cleanup.add('stop the database and remove its folder', () => database.stop());
  log(`database ready (${database.description}) in ${database.dataDir}`);

  const token = await signDevToken(await loadOrCreateDevSigningKey(database.dataDir), { sub: settings.email, email: settings.email });
  const viewer = await viewerSettings(database.ownerUrl, settings.email);

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
    BASELINE_SETTINGS: JSON.stringify(viewer),
    PORT: String(baselinePort),
    HOST: '127.0.0.1',
  }, `http://127.0.0.1:${baselinePort}/health`, cleanup);

  const peerPort = await findFreePort();
  log(`starting PostGraphile on port ${peerPort}`);
  const peer = await startServer('PostGraphile', 'dist/bench/postgraphile-server.js', {
    PEER_DATABASE_URL: database.appUrl,
    PEER_SETTINGS: JSON.stringify(apiRequestSettings(viewer)),
    PEER_POOL_SIZE: String(PEER_POOL_SIZE),
    PORT: String(peerPort),
    HOST: '127.0.0.1',
    GRAPHILE_ENV: 'production',
  }, `http://127.0.0.1:${peerPort}/graphql?query=%7B__typename%7D`, cleanup);
  const servers = [api.child, peer.child, baseline.child];

  const scenarios = buildScenarios({
    apiUrl: `http://127.0.0.1:${apiPort}`,
    baselineUrl: `http://127.0.0.1:${baselinePort}`,
    token,
    volumeBuyerId: database.volumeBuyerId,
    email: settings.email,
  });
  const peers = buildPeerScenarios({ peerUrl: `http://127.0.0.1:${peerPort}`, volumeBuyerId: database.volumeBuyerId, email: settings.email });
  const checked: CheckedScenario[] = [];
  for (const scenario of scenarios) {
    const answer = await preflight(scenario, peers[scenario.key]!);
    log(`${scenario.label}: same answer from all three (${answer.rows})`);
    checked.push(answer);
  }

  const targetsOf = (c: CheckedScenario): Record<TargetName, Target> => ({ API: c.scenario.api, PostGraphile: c.peer.target, SQL: c.scenario.baseline });
  let statements: Record<string, Record<TargetName, number>> = {};
  if (embedded) {
    log(`counting SQL statements: ${STATEMENT_SAMPLES} requests per query and target, with PostgreSQL logging every statement`);
    statements = await countStatements(database, statementCounter, Object.fromEntries(checked.map((c) => [c.scenario.key, targetsOf(c)])), STATEMENT_SAMPLES);
  }

  const postmaster = embedded ? await postmasterOf(database.dataDir) : undefined;
  if (embedded && postmaster === undefined) throw new Error(`no postmaster.pid in ${database.dataDir}/pg: the CPU of PostgreSQL cannot be read`);
  const pids: Record<TargetName, number> = { API: api.child.pid, PostGraphile: peer.child.pid, SQL: baseline.child.pid };
  const results: QueryResult[] = [];
  for (const c of checked) {
    const targets = targetsOf(c);
    const contenders: Contender[] = (Object.keys(targets) as TargetName[]).map((name) => ({
      name, target: targets[name], pid: pids[name], assertAlive: () => assertAlive(...servers),
    }));
    results.push(await measureQuery(c.scenario.label, contenders, settings, postmaster, statements[c.scenario.key] ?? {}));
  }

  printHeader(settings, database.description, loadBefore);
  printAnswers(checked);
  printComparison(results, settings);
  const nothing = results[checked.findIndex((c) => c.scenario.key === 'nothing')]!;
  printBeyondNothing(results.filter((result) => result !== nothing), nothing);

  const problems = loadProblems(results);
  if (problems.length) throw new Error(`failed requests under load:\n  ${problems.join('\n  ')}`);

  log('stopping the API, PostGraphile and the baseline');
  await api.stop();
  await peer.stop();
  await baseline.stop();

  printAccessLayers(await measureAccessLayers(database, settings, postmaster, cleanup), settings);
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
