/**
 * Soak of the platform (npm run bench:soak): `npm start` on a fresh data folder, then minutes of mixed
 * reads and writes at a bounded rate, then the check that every acknowledged write is in the database.
 *
 *  1. `npm start` (its own process, embedded PostgreSQL, demo data) in a temporary DATA_DIR, on free ports;
 *  2. as the owner, who acts: PLIE editors who write, a PLIE editor, a buyer and the Département who read;
 *  3. one request of each read as each reader (a refusal by design leaves that reader out of that read);
 *  4. SOAK_WORKERS workers in closed loops for SOAK_MINUTES, SOAK_RATE requests a second at most together,
 *     the server's and PostgreSQL's memory sampled from /proc meanwhile;
 *  5. every acknowledged write read back as the owner; then `npm start` stopped with SIGTERM.
 *
 * Targets: no failed request, the server's memory flat (mean RSS of the last five minutes within 10 % of
 * the first five after a warm-up minute), no acknowledged write lost. Exits non-zero when one is missed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Cleanup } from './cleanup.js';
import { log, positiveInteger, positiveNumber, runBenchmark } from './harness.js';
import { percentile } from './measure.js';
import { fixed, megabytes, printTitle, seconds, table } from './report.js';
import { findCast, ownerUrlOf, type Cast } from './soak-actors.js';
import { Pacer, SoakClient, type Outcome } from './soak-client.js';
import { Ledger, type LedgerCheck } from './soak-ledger.js';
import { planReads, runLoad, type LoadSettings } from './soak-load.js';
import { meanOver, memoryWindows, sampleMemory, type MemorySample } from './soak-memory.js';
import { COLD_START_LIMIT_MS, launchStart } from './startup.js';

/** Growth of the server's mean RSS allowed from the first window to the last. */
const MEMORY_BUDGET = 0.1;
const WRITERS = 2;
const WRITE_SHARE = 0.3;
/** Everything but the load: start, preflight, check, stop. */
const RUN_OVERHEAD_MS = 15 * 60_000;

interface Settings extends LoadSettings {
  minutes: number;
  rate: number;
}

function readSettings(): Settings {
  const minutes = positiveNumber('SOAK_MINUTES', 15);
  return { minutes, durationMs: minutes * 60_000, workers: positiveInteger('SOAK_WORKERS', 4), rate: positiveNumber('SOAK_RATE', 20), writeShare: WRITE_SHARE };
}

const isError = (outcome: Outcome) => outcome.code !== 'ok';

function latencies(outcomes: Outcome[]): Float64Array {
  return Float64Array.from(outcomes.filter((outcome) => !isError(outcome)).map((outcome) => outcome.ms)).sort();
}

function groupBy<T>(items: T[], key: (item: T) => string | number): Map<string | number, T[]> {
  const groups = new Map<string | number, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function printHeader(settings: Settings, cast: Cast, readyMs: number, refused: string[], loadBefore: number): void {
  printTitle('Clauses soak', 'npm start (embedded PostgreSQL 18, NODE_ENV=development, LOG_LEVEL=warn) in a fresh DATA_DIR with the demo data', loadBefore);
  console.log(`platform   ready ${seconds(readyMs)} after spawning npm start (cold: initdb, migrations, demo seed)`);
  console.log(`load       ${settings.minutes} min, ${settings.workers} workers in closed loops, at most ${settings.rate} requests/s together;`);
  console.log(`           ${WRITE_SHARE * 100} % of their steps write (a few months of one placement: that many requests at once)`);
  console.log(`writers    ${cast.writers.map((writer) => writer.email).join(', ')} (PLIE editors, placements in ${cast.year})`);
  console.log(`readers    ${cast.readers.map((reader) => `${reader.email} (${reader.label})`).join(', ')}`);
  if (refused.length) console.log(`left out   refused by design in the preflight: ${refused.join(', ')}`);
}

function printPerMinute(outcomes: Outcome[], samples: MemorySample[], durationMs: number): void {
  // The answers to the steps under way at the end count in the last minute.
  const minuteOf = (at: number) => Math.min(Math.floor(at / 60_000), Math.ceil(durationMs / 60_000) - 1);
  const byMinute = groupBy(outcomes, (outcome) => minuteOf(outcome.at));
  const memoryByMinute = groupBy(samples, (sample) => minuteOf(sample.at));
  const rows = [...byMinute.entries()].map(([minute, inMinute]) => {
    const sorted = latencies(inMinute);
    const memory = memoryByMinute.get(minute) ?? [];
    const mean = (value: (sample: MemorySample) => number) => memory.reduce((sum, sample) => sum + value(sample), 0) / memory.length;
    return [String(Number(minute) + 1), String(inMinute.length), String(inMinute.filter(isError).length), fixed(percentile(sorted, 0.5), 1), fixed(percentile(sorted, 0.99), 1),
      megabytes(mean((sample) => sample.serverRss)), `${megabytes(mean((sample) => sample.postgresPss))} (${fixed(mean((sample) => sample.postgresProcesses), 0)})`];
  });
  console.log('\nPer minute (latency of the successful requests; memory: mean of the samples of the minute)');
  console.log(table(['minute', 'requests', 'errors', 'p50 ms', 'p99 ms', 'server RSS', 'PostgreSQL PSS (processes)'], rows,
    ['right', 'right', 'right', 'right', 'right', 'right', 'right']));
}

function printPerOperation(outcomes: Outcome[]): void {
  const rows = [...groupBy(outcomes, (outcome) => outcome.operation).entries()].map(([operation, ofOperation]) => {
    const sorted = latencies(ofOperation);
    return [String(operation), String(ofOperation.length), String(ofOperation.filter(isError).length), fixed(percentile(sorted, 0.5), 1), fixed(percentile(sorted, 0.99), 1)];
  });
  console.log('\nPer operation');
  console.log(table(['operation', 'requests', 'errors', 'p50 ms', 'p99 ms'], rows, ['left', 'right', 'right', 'right', 'right']));
}

function printErrors(client: SoakClient): void {
  const failed = client.outcomes.filter(isError);
  if (!failed.length) return;
  console.log('\nErrors by code (first examples)');
  for (const [code, ofCode] of groupBy(failed, (outcome) => outcome.code)) {
    console.log(`${code}: ${ofCode.length} (${fixed((ofCode.length / client.outcomes.length) * 100, 3)} % of the requests)`);
    for (const [key, examples] of client.examples) {
      if (!key.endsWith(` ${code}`)) continue;
      for (const example of examples) {
        console.log(`  ${example.operation} as the ${example.actor}: ${example.message}\n    variables ${JSON.stringify(example.variables)}`);
      }
    }
  }
}

async function run(settings: Settings, cleanup: Cleanup): Promise<void> {
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-soak-'));
  cleanup.add('remove the data folder', () => rm(dataDir, { recursive: true, force: true }));
  log(`starting npm start in ${dataDir} (initdb, migrations, demo seed)`);
  const platform = await launchStart(dataDir, COLD_START_LIMIT_MS, cleanup, 'npm start');
  const serverPid = await platform.serverPid();
  if (!serverPid) throw new Error('no server process under npm start');
  const ownerUrl = await ownerUrlOf(dataDir, platform.postgresPort);
  const cast = await findCast(ownerUrl, dataDir, WRITERS);
  const graphqlUrl = `http://127.0.0.1:${platform.port}/graphql`;

  log('preflight: each read once as each reader');
  const { plan, refused } = await planReads(new SoakClient(graphqlUrl, new Pacer(settings.rate)), cast);

  log(`load: ${settings.minutes} min, ${settings.workers} workers, at most ${settings.rate} requests/s`);
  const client = new SoakClient(graphqlUrl, new Pacer(settings.rate));
  const ledger = new Ledger();
  const memory = sampleMemory(serverPid, Math.min(5_000, settings.durationMs / 30));
  const progress = setInterval(() => {
    const errors = client.outcomes.filter(isError).length;
    log(`${client.outcomes.length} requests, ${errors} errors, ${ledger.acknowledged} writes acknowledged`);
  }, 60_000);
  try {
    await runLoad(client, ledger, cast, plan, settings, randomUUID().slice(0, 8));
  } finally {
    clearInterval(progress);
    await memory.stop();
  }
  if (platform.child.exit) throw new Error(`npm start exited during the soak. Its last output:\n${platform.child.output()}`);

  log(`checking the ${ledger.acknowledged} acknowledged writes as the owner`);
  const check = await ledger.check(ownerUrl);
  log('stopping npm start (SIGTERM to the server)');
  const stopped = await platform.stop();

  printHeader(settings, cast, platform.readyMs, refused, loadBefore);
  printPerMinute(client.outcomes, memory.samples, settings.durationMs);
  printPerOperation(client.outcomes);
  printErrors(client);
  const missed = printVerdict(settings, client.outcomes, memory.samples, ledger, check);
  if (stopped.problem) missed.push(stopped.problem);
  if (missed.length) throw new Error(`targets missed:\n  ${missed.join('\n  ')}`);
}

/** Prints the figures the targets are about; returns the targets missed. */
function printVerdict(settings: Settings, outcomes: Outcome[], samples: MemorySample[], ledger: Ledger, check: LedgerCheck): string[] {
  const errors = outcomes.filter(isError).length;
  const sorted = latencies(outcomes);
  const windows = memoryWindows(settings.durationMs);
  const minutes = ([from, to]: [number, number]) => `${fixed(from / 60_000, 1)}–${fixed(to / 60_000, 1)} min`;
  const growth = (value: (sample: MemorySample) => number) => {
    const first = meanOver(samples, windows.first, value);
    const last = meanOver(samples, windows.last, value);
    return { first, last, change: last / first - 1 };
  };
  const server = growth((sample) => sample.serverRss);
  const postgres = growth((sample) => sample.postgresPss);
  const lost = check.missing.length + check.different.length;
  const missed = [
    ...(errors ? [`${errors} failed requests`] : []),
    ...(!(server.change <= MEMORY_BUDGET) ? [`the server's RSS grew by ${fixed(server.change * 100, 1)} %`] : []),
    ...(lost ? [`${lost} acknowledged writes not in the database as written`] : []),
  ];
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

  console.log('\nSummary');
  console.log(`requests   ${outcomes.length} in ${settings.minutes} min (${fixed(outcomes.length / (settings.durationMs / 1000), 1)}/s), ` +
    `p50 ${fixed(percentile(sorted, 0.5), 1)} ms, p99 ${fixed(percentile(sorted, 0.99), 1)} ms`);
  console.log(`errors     ${errors} (${fixed((errors / outcomes.length) * 100, 3)} %), target 0: ${met(errors === 0)}`);
  console.log(`memory     server RSS, mean ${minutes(windows.first)} ${megabytes(server.first)}, ${minutes(windows.last)} ${megabytes(server.last)}: ` +
    `${server.change >= 0 ? '+' : ''}${fixed(server.change * 100, 1)} %, target at most +${MEMORY_BUDGET * 100} %: ${met(server.change <= MEMORY_BUDGET)}`);
  console.log(`           PostgreSQL PSS (all its processes, for information), same windows: ${megabytes(postgres.first)}, ${megabytes(postgres.last)}: ` +
    `${postgres.change >= 0 ? '+' : ''}${fixed(postgres.change * 100, 1)} %`);
  console.log(`writes     ${ledger.acknowledged} acknowledged (${ledger.people.size} people, ${ledger.placements.size} placements, ${ledger.hours.size} months of hours); ` +
    `${check.checked} rows checked as the owner: ${check.missing.length} missing, ${check.different.length} with another value, target 0: ${met(lost === 0)}`);
  for (const discrepancy of [...check.missing, ...check.different].slice(0, 10)) {
    console.log(`           ${discrepancy.what}: acknowledged ${JSON.stringify(discrepancy.expected)}, found ${JSON.stringify(discrepancy.found ?? 'nothing')}`);
  }
  return missed;
}

const settings = readSettings();
process.exit(await runBenchmark((cleanup) => run(settings, cleanup), settings.durationMs + RUN_OVERHEAD_MS));
