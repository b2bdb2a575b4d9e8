/**
 * The three servers of `npm run bench` under the same load: the API, PostGraphile and the hand-written SQL,
 * measured in interleaved rounds (on a shared machine, what disturbs one round disturbs all three targets
 * alike), with the CPU each request cost the server's node process and PostgreSQL.
 */
import { cpuMeter, type CpuSpent } from './cpu.js';
import { log } from './harness.js';
import { percentile, runLoad, type LoadSettings, type Measurement, type Target } from './measure.js';
import { fixed, rate, ratio, table } from './report.js';

export const TARGETS = ['API', 'PostGraphile', 'SQL'] as const;
export type TargetName = (typeof TARGETS)[number];

export interface Contender<N extends string = TargetName> {
  name: N;
  target: Target;
  /** The server's node process, whose CPU is counted. */
  pid: number;
  /** Throws when the server has exited. */
  assertAlive(): void;
}

export interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  warmupProblems: number;
  /** CPU per request served, in milliseconds. */
  nodeMsPerRequest: number;
  postgresMsPerRequest: number;
  /** SQL statements PostgreSQL ran per request (bench/statements.ts); NaN when not counted. */
  statementsPerRequest: number;
}

export interface QueryResult<N extends string = TargetName> {
  label: string;
  figures: Record<N, Figures>;
}

export interface RoundSettings extends LoadSettings {
  rounds: number;
  warmupSeconds: number;
}

/** The measures of all rounds as one: requests and CPU added up, percentiles over every response. */
function merge(measures: { measured: Measurement; cpu: CpuSpent }[], warmupProblems: number, statementsPerRequest: number): Figures {
  const requests = measures.reduce((sum, { measured }) => sum + measured.requests, 0);
  const seconds = measures.reduce((sum, { measured }) => sum + measured.durationSeconds, 0);
  const latencies = Float64Array.from(measures.flatMap(({ measured }) => Array.from(measured.latencies))).sort();
  const total = (pick: (m: Measurement) => number) => measures.reduce((sum, { measured }) => sum + pick(measured), 0);
  const cpu = (pick: (spent: CpuSpent) => number) => measures.reduce((sum, { cpu: spent }) => sum + pick(spent), 0) / requests;
  return {
    requestsPerSecond: requests / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    requests,
    non2xx: total((m) => m.non2xx),
    errors: total((m) => m.errors),
    timeouts: total((m) => m.timeouts),
    warmupProblems,
    nodeMsPerRequest: cpu((spent) => spent.nodeMs),
    postgresMsPerRequest: cpu((spent) => spent.postgresMs),
    statementsPerRequest,
  };
}

/**
 * One query against every contender: a warm-up each, then `rounds` rounds in which each is measured in
 * turn, the order shifted by one every round so that none always follows the same one.
 */
export async function measureQuery<N extends string>(
  label: string,
  contenders: Contender<N>[],
  settings: RoundSettings,
  postmaster: number | undefined,
  statements: Partial<Record<N, number>>,
): Promise<QueryResult<N>> {
  const warmupProblems = new Map<N, number>();
  for (const contender of settings.warmupSeconds > 0 ? contenders : []) {
    log(`${label} / ${contender.name}: warm-up ${settings.warmupSeconds} s`);
    const warmup = await runLoad(contender.target, { connections: settings.connections, durationSeconds: settings.warmupSeconds });
    warmupProblems.set(contender.name, warmup.non2xx + warmup.errors);
    contender.assertAlive();
  }
  const measures = new Map<N, { measured: Measurement; cpu: CpuSpent }[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < settings.rounds; round += 1) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
    for (const contender of order) {
      log(`${label} / ${contender.name}: round ${round + 1} of ${settings.rounds}, ${settings.durationSeconds} s`);
      const spent = await cpuMeter(contender.pid, postmaster);
      const measured = await runLoad(contender.target, settings);
      measures.get(contender.name)!.push({ measured, cpu: await spent() });
      contender.assertAlive();
    }
  }
  const figures = Object.fromEntries(contenders.map((c) => [
    c.name, merge(measures.get(c.name)!, warmupProblems.get(c.name) ?? 0, statements[c.name] ?? Number.NaN),
  ])) as Record<N, Figures>;
  return { label, figures };
}

/** Failed requests under load, warm-ups included, one line each. */
export function loadProblems(results: QueryResult[]): string[] {
  return results.flatMap(({ label, figures }) => TARGETS.flatMap((name) => {
    const f = figures[name];
    return [
      ...(f.non2xx || f.errors ? [`${label} / ${name}: ${f.non2xx} non-2xx, ${f.errors} errors (${f.timeouts} timeouts)`] : []),
      ...(f.warmupProblems ? [`${label} / ${name}: ${f.warmupProblems} non-2xx responses or errors during the warm-up`] : []),
    ];
  }));
}

export const cpuTotal = (f: Figures) => f.nodeMsPerRequest + f.postgresMsPerRequest;

export function printComparison(results: QueryResult[], settings: RoundSettings): void {
  console.log('');
  console.log(`Throughput, latency and cost per request (${settings.rounds} interleaved round${settings.rounds > 1 ? 's' : ''} of ${settings.durationSeconds} s per target)`);
  const rows = results.flatMap(({ label, figures }) => TARGETS.map((name, i) => {
    const f = figures[name];
    return [i === 0 ? label : '', name, rate(f.requestsPerSecond), fixed(f.p50, 1), fixed(f.p99, 1),
      fixed(f.nodeMsPerRequest, 2), fixed(f.postgresMsPerRequest, 2), fixed(cpuTotal(f), 2), fixed(f.statementsPerRequest, 1), String(f.requests)];
  }));
  console.log(table(
    ['query', 'target', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req node', 'PostgreSQL', 'total', 'SQL/req', 'requests'],
    rows,
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  ));
  console.log('');
  console.log('Ratios');
  console.log(table(
    ['query', 'req/s API÷PostGraphile', 'req/s API÷SQL', 'CPU API÷PostGraphile', 'CPU API÷SQL'],
    results.map(({ label, figures: { API: api, PostGraphile: peer, SQL: sql } }) => [
      label,
      ratio(api.requestsPerSecond, peer.requestsPerSecond), ratio(api.requestsPerSecond, sql.requestsPerSecond),
      ratio(cpuTotal(api), cpuTotal(peer)), ratio(cpuTotal(api), cpuTotal(sql)),
    ]),
    ['left', 'right', 'right', 'right', 'right'],
  ));
  console.log('(req/s ratio below 1: the API serves fewer requests per second; CPU ratio above 1: each of its requests costs more CPU, node and PostgreSQL together)');
}

/**
 * What each question costs beyond a request that reads nothing (`nothing`), target by target: the CPU of its
 * question itself, once the fixed cost of a request on that server is set aside.
 */
export function printBeyondNothing(results: QueryResult[], nothing: QueryResult): void {
  const beyond = (name: TargetName, figures: QueryResult['figures']) => ({
    node: figures[name].nodeMsPerRequest - nothing.figures[name].nodeMsPerRequest,
    postgres: figures[name].postgresMsPerRequest - nothing.figures[name].postgresMsPerRequest,
  });
  console.log('');
  console.log(`CPU ms per request beyond "${nothing.label}" (each target's own figures of that row set aside: what the question itself costs;`);
  console.log(`"${nothing.label}" is no target of its own but the fixed cost of a request on each server)`);
  console.log(table(
    ['query', 'target', 'node', 'PostgreSQL', 'total'],
    results.flatMap(({ label, figures }) => TARGETS.map((name, i) => {
      const { node, postgres } = beyond(name, figures);
      return [i === 0 ? label : '', name, fixed(node, 2), fixed(postgres, 2), fixed(node + postgres, 2)];
    })),
    ['left', 'left', 'right', 'right', 'right'],
  ));
}
