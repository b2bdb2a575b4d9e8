import net from 'node:net';
import { Writable } from 'node:stream';
import { createApi, type Api } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { createLogger } from '../../src/logging/logger.js';
import { MAX_OPERATION_NAMES } from '../../src/observability/metrics.js';
import { startTestApi, testDataDir, tokenFor } from '../support/api.js';
import { excelCsv, importFile } from '../support/imports.js';
import { demoUser, sql } from '../support/sql.js';

/** Every log line the API writes, parsed. */
class CapturedLog extends Writable {
  readonly lines: Record<string, unknown>[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123456789';
const log = new CapturedLog();
let api: Api;
let plie: { email: string; organisationId: string; token: string };

const at = (path: string) => new URL(path, api.url).toString();
const scrape = (token = METRICS_TOKEN) => fetch(at('/metrics'), { headers: { authorization: `Bearer ${token}` } });
const metricsText = async () => (await scrape()).text();

async function metricsOnceRecorded(recorded: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await metricsText();
    if (recorded(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The value of one series of the metrics text, 0 when it is absent. */
function valueOf(text: string, series: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

function graphql(query: string, headers: Record<string, string> = {}) {
  return fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${plie.token}`, ...headers },
    body: JSON.stringify({ query }),
  });
}

beforeAll(async () => {
  api = await startTestApi({ env: { METRICS_TOKEN }, logger: createLogger('info', log) });
  const editor = await demoUser('PLIE', 'EDITOR');
  plie = { ...editor, token: await tokenFor(editor.email) };
});
afterAll(() => api.close());

describe('GET /metrics', () => {
  it('is refused without the token, or with another one', async () => {
    const without = await fetch(at('/metrics'));
    const wrong = await scrape(`${METRICS_TOKEN}x`);
    const userToken = await scrape(plie.token);
    expect([without.status, wrong.status, userToken.status]).toEqual([401, 401, 401]);
    expect(((await without.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/^Métriques réservées/);
    expect(await wrong.text()).not.toMatch(/clauses_/);
  });

  it('is not served at all when METRICS_TOKEN is not set', async () => {
    const unset = await startTestApi();
    try {
      const response = await fetch(new URL('/metrics', unset.url), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.status).toBe(404);
    } finally {
      await unset.close();
    }
  });

  it('is served with the token: process metrics, the database pool, and import jobs at rest', async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^clauses_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^clauses_db_pool_connections\{state="idle"\} \d+$/m);
    expect(text).toMatch(/^clauses_db_pool_connections\{state="in_use"\} \d+$/m);
    expect(text).toMatch(/^clauses_db_pool_waiting \d+$/m);
    expect(valueOf(text, 'clauses_import_jobs_running')).toBe(0);
  });

  it('counts GraphQL requests by operation name and outcome, with their latency', async () => {
    const series = 'clauses_http_requests_total{route="/graphql",operation="ObservedViewer",status_class="2xx",error_code="none"}';
    const refused = 'clauses_http_requests_total{route="/graphql",operation="ObservedMissing",status_class="2xx",error_code="NOT_FOUND"}';
    const before = await metricsText();
    expect((await graphql('query ObservedViewer { viewer { user { email } } }')).status).toBe(200);
    expect((await graphql('query ObservedViewer { viewer { user { id } } }')).status).toBe(200);
    await graphql(`query ObservedMissing { node(id: "${toGlobalId('Market', '00000000-0000-0000-0000-000000000000')}") { id } }`);
    const after = await metricsText();
    expect(valueOf(after, series) - valueOf(before, series)).toBe(2);
    expect(valueOf(after, refused) - valueOf(before, refused)).toBe(1);
    const latency = 'clauses_http_request_duration_seconds_count{route="/graphql",operation="ObservedViewer"}';
    expect(valueOf(after, latency) - valueOf(before, latency)).toBe(2);
  });

  it('counts a request refused before GraphQL runs by its HTTP outcome', async () => {
    const series = 'clauses_http_requests_total{route="/graphql",operation="none",status_class="4xx",error_code="UNAUTHENTICATED"}';
    const before = valueOf(await metricsText(), series);
    await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { user { id } } }"}' });
    expect(valueOf(await metricsText(), series) - before).toBe(1);
  });

  it('keeps operation names a client invents to a bounded set of labels', async () => {
    const tooLong = `Q${'x'.repeat(64)}`;
    for (let index = 0; index <= MAX_OPERATION_NAMES; index += 1) await graphql(`query Invented${index} { viewer { user { id } } }`);
    await graphql(`query ${tooLong} { viewer { user { id } } }`);
    const text = await metricsText();
    const operations = new Set([...text.matchAll(/operation="([^"]*)"/g)].map((match) => match[1]));
    expect(operations.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 3);
    expect(text).not.toContain(tooLong);
    expect(text).not.toContain(`Invented${MAX_OPERATION_NAMES}"`);
    expect(valueOf(text, 'clauses_http_requests_total{route="/graphql",operation="other",status_class="2xx",error_code="none"}')).toBeGreaterThanOrEqual(2);
  });

  it('counts import jobs and the lines they read', async () => {
    const before = await metricsText();
    const rows = [['Nom', 'Prénom', 'Date de naissance'], ['Observée', 'Zoé', '14/07/1990'], ['Observé', 'Léo', '01/02/1985'], ['Observés', 'Ana', '03/04/1999']];
    const job = await importFile(api.url, excelCsv(rows), { token: plie.token, dryRun: true });
    expect(job).toMatchObject({ status: 'COMPLETED' });
    // The job is seen COMPLETED once its transaction commits; the worker records its duration just after.
    const completed = 'clauses_import_job_duration_seconds_count{status="COMPLETED"}';
    const after = await metricsOnceRecorded((text) => valueOf(text, completed) > valueOf(before, completed));
    expect(valueOf(after, 'clauses_import_lines_total') - valueOf(before, 'clauses_import_lines_total')).toBe(3);
    expect(valueOf(after, completed) - valueOf(before, completed)).toBe(1);
    expect(valueOf(after, 'clauses_import_jobs_running')).toBe(0);
    const imports = 'clauses_http_requests_total{route="/imports",operation="none",status_class="2xx",error_code="none"}';
    expect(valueOf(after, imports) - valueOf(before, imports)).toBe(1);
  });

  it('names no organisation and no person', async () => {
    await graphql('query ObservedViewer { viewer { user { email } } }');
    const text = await metricsText();
    const organisations = await sql<{ id: string; name: string }>('select id, name from organisation');
    const users = await sql<{ email: string }>('select email from app_user');
    for (const { id, name } of organisations) expect([text.includes(id), text.includes(`"${name}"`)]).toEqual([false, false]);
    for (const { email } of users) expect(text).not.toContain(email);
    expect(text).not.toMatch(/@/);
  });
});

describe('the access log', () => {
  const accessLines = (requestId: string) => log.lines.filter((line) => line.msg === 'request' && line.requestId === requestId);

  it('writes one info line per request, under the request id the client receives', async () => {
    const response = await graphql('query ObservedViewer { viewer { user { email } } }');
    await response.text();
    const id = response.headers.get('x-request-id')!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const lines = accessLines(id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30, method: 'POST', path: '/graphql', status: 200, operation: 'ObservedViewer', organisationId: plie.organisationId,
    });
    expect(lines[0]!.durationMs).toEqual(expect.any(Number));
    expect(lines[0]!.bytes).toBeGreaterThan(0);
    expect(JSON.stringify(lines[0])).not.toMatch(/@|Bearer|authorization|viewer \{/i);
  });

  it('keeps the request id the client sent, the path without its query string, and the refusal', async () => {
    const response = await fetch(at('/reports/departement.csv?year=2025&personne=Zoé'), { headers: { 'x-request-id': 'observed-request-1' } });
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(response.headers.get('x-request-id')).toBe('observed-request-1');
    const [line] = accessLines('observed-request-1');
    expect(line).toMatchObject({ method: 'GET', path: '/reports/departement.csv', status: 401, errorCode: 'UNAUTHENTICATED' });
    expect(JSON.stringify(line)).not.toMatch(/year|Zo/);
  });

  it('logs no path the platform does not serve, and quotes it back within a bound', async () => {
    const written = `/dossiers/Zoé-Durand-${'x'.repeat(5_000)}`;
    const response = await fetch(at(written), { headers: { 'x-request-id': 'observed-unknown-path' } });
    const body = await response.json() as { errors: { message: string }[] };
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(response.status).toBe(404);
    expect(body.errors[0]!.message.length).toBeLessThan(200);
    const [line] = accessLines('observed-unknown-path');
    expect(line).toMatchObject({ method: 'GET', route: 'other', status: 404, errorCode: 'NOT_FOUND' });
    expect(JSON.stringify(line)).not.toMatch(/Zo|dossiers/);
  });

  it('logs no path a browser opened for a page of the console: the client wrote it, it may name a person', async () => {
    const written = `/dossiers/Zoé-Durand-${'x'.repeat(5_000)}`;
    const response = await fetch(at(written), { headers: { 'x-request-id': 'observed-console-path', accept: 'text/html' } });
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(response.status).toBe(200);
    const [line] = accessLines('observed-console-path');
    expect(line).toMatchObject({ method: 'GET', route: '/console', status: 200 });
    expect(JSON.stringify(line)).not.toMatch(/Zo|dossiers/);
  });

  it('gives a refusal a request id too, the one its line carries', async () => {
    const response = await fetch(at('/metrics'));
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(accessLines(id!)).toMatchObject([{ path: '/metrics', status: 401, errorCode: 'UNAUTHENTICATED' }]);
  });
});

describe('a client that hangs up before sending its whole request', () => {
  it('is no database outage: nothing says the database is away, and the next request is served', async () => {
    const token = await tokenFor('viewer@departement-62.demo');
    const before = log.lines.length;
    const { hostname, port } = new URL(at('/graphql'));
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write(`POST /graphql HTTP/1.1\r\nhost: ${hostname}\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"query":`);
        setTimeout(() => socket.destroy(), 100);
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const answer = await fetch(at('/graphql'), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"query":"{ viewer { user { email } } }"}' });
    expect(answer.status).toBe(200);
    const messages = log.lines.slice(before).map((line) => line.msg);
    expect(messages).not.toContain('database unavailable: requests are answered 503 until it is back');
    expect(messages).not.toContain('database available again');
  });
});

describe('health', () => {
  it('GET /health/live answers 200 while the process serves', async () => {
    const response = await fetch(at('/health/live'));
    expect([response.status, await response.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('GET /health/ready and GET /health answer 200 once the database is migrated and reachable', async () => {
    for (const path of ['/health/ready', '/health']) {
      const response = await fetch(at(path));
      expect([response.status, await response.json()]).toEqual([200, { status: 'ok' }]);
    }
  });

  it('GET /health/ready answers 503 with the reason in French when a migration is missing; /health/live still 200', async () => {
    const config = { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: testDataDir() }), port: 0, host: '127.0.0.1' };
    const applied = Number(process.env.TEST_MIGRATION_COUNT);
    const behind = await createApi({ config, logger: createLogger('silent'), appUrl: process.env.TEST_APP_URL!, migrationCount: applied + 1 });
    try {
      const ready = await fetch(new URL('/health/ready', behind.url));
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', reason: `La base de données n’est pas à jour : ${applied} migrations appliquées sur ${applied + 1}` });
      expect((await fetch(new URL('/health', behind.url))).status).toBe(503);
      expect((await fetch(new URL('/health/live', behind.url))).status).toBe(200);
    } finally {
      await behind.close();
    }
  });
});

describe('METRICS_TOKEN', () => {
  it('is refused in French when too short to be a secret', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'secret' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'secret' })).toThrow(/^METRICS_TOKEN doit compter au moins 32 caractères/);
  });
});
