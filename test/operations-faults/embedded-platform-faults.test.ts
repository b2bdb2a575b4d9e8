/**
 * `npm start` on its embedded PostgreSQL: the server stopped or killed under it is restarted on the same
 * files; SIGTERM under keep-alive traffic closes the idle connections and refuses new ones at once, lets
 * the request in flight finish (answered with `Connection: close`), and stops PostgreSQL with the platform.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'node:net';
import { findFreePort } from '../../src/config/free-port.js';
import { DATABASE_NAME, withClient } from '../../src/db/roles.js';
import { loadOrCreateDatabaseSecrets } from '../../src/db/secrets.js';
import { newSiret } from '../support/companies.js';
import { devToken, isAlive, logLines, postmasterPid, postmastersOf, readiness, registerCompany, waitUntil, type Answer } from '../support/faults.js';
import { spawnPlatform, type RunningPlatform } from '../support/platform.js';

const embedded = process.env.TEST_DATABASE_MODE === 'embedded';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A mutation whose body the client sends in two parts: in flight from its first byte until the second part comes. */
function slowRegistration(port: number, token: string) {
  const body = Buffer.from(JSON.stringify({
    query: 'mutation($fields: CompanyFields!) { registerCompany(fields: $fields) { id siret } }',
    variables: { fields: { siret: newSiret(), name: 'Entreprise lente', nafCode: '43.99C', headcountBand: 'FROM_10_TO_49', kind: 'ORDINARY' } },
  }));
  const request = http.request({
    host: '127.0.0.1', port, method: 'POST', path: '/graphql', agent: new http.Agent({ keepAlive: true }),
    headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${token}` },
  });
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text }));
      response.on('error', reject);
    });
  });
  request.write(body.subarray(0, 20));
  return { answer, finish: () => request.end(body.subarray(20)) };
}

/** A request on a kept-alive connection of the agent; answers with the connection's socket, kept for the next request. */
function getOn(agent: http.Agent, port: number, urlPath: string, token?: string): Promise<RawAnswer & { socket: Socket }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath, agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (response) => {
      let text = '';
      const socket = response.socket;
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text, socket }));
    }).on('error', reject);
  });
}

(embedded ? describe : describe.skip)('npm start on its embedded PostgreSQL, through faults and a stop', () => {
  let dataDir: string;
  let clusterDir: string;
  let pgPort: number;
  let platform: RunningPlatform;
  let token: string;
  const acknowledged: string[] = [];

  function start(): Promise<RunningPlatform> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), NODE_ENV: 'development', LOG_LEVEL: 'info' };
    delete env.DATABASE_URL;
    return spawnPlatform(env);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-faults-'));
    clusterDir = path.join(dataDir, 'pg');
    pgPort = await findFreePort();
    platform = await start();
    token = await devToken(dataDir);
  }, 180_000);

  afterAll(async () => {
    if (platform.child.exitCode === null) {
      platform.child.kill('SIGKILL');
      await platform.exited;
    }
    for (const pid of await postmastersOf(clusterDir)) process.kill(pid, 'SIGINT');
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  async function write(): Promise<Answer> {
    const answer = await registerCompany(platform.port, token);
    if (answer.status === 200) acknowledged.push(answer.siret);
    return answer;
  }

  it('restarts its PostgreSQL stopped or killed under it, refusing requests meanwhile with a retryable 503', async () => {
    expect((await write()).status).toBe(200);
    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const before = await postmasterPid(clusterDir);
      process.kill(before, signal);
      await waitUntil(() => !isAlive(before), 'dead');
      const meanwhile = await write();
      // Refused while the server is away, or served if the restart was already done.
      if (meanwhile.status !== 200) expect(meanwhile).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: '5' });
      await waitUntil(async () => (await readiness(platform.port)).status === 200 && (await postmasterPid(clusterDir).catch(() => before)) !== before, 'restarted');
      expect((await write()).status).toBe(200);
    }
    const log = platform.output();
    expect(logLines(log, 'the embedded PostgreSQL stopped unexpectedly: restarting it')).toHaveLength(2);
    expect(logLines(log, 'embedded PostgreSQL restarted')).toHaveLength(2);
    const secrets = await loadOrCreateDatabaseSecrets(dataDir);
    const { rows } = await withClient(`postgres://postgres:${encodeURIComponent(secrets.superuserPassword)}@127.0.0.1:${pgPort}/${DATABASE_NAME}`, (client) =>
      client.query<{ siret: string }>('select siret from company where siret = any($1)', [acknowledged]));
    expect(rows.map((row) => row.siret).sort()).toEqual([...acknowledged].sort());
  }, 120_000);

  it('answers a chunked export: cut by a stop, it would end without its last chunk, never as a complete 200', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const exported = await getOn(agent, platform.port, '/exports/follow-up.csv', token);
    agent.destroy();
    expect(exported.status).toBe(200);
    expect(exported.headers['transfer-encoding']).toBe('chunked');
    expect(exported.headers['content-length']).toBeUndefined();
  });

  it('on SIGTERM closes idle connections and refuses new ones at once, finishes the request in flight with Connection: close, and stops its PostgreSQL', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const idle = await getOn(agent, platform.port, '/health/live');
    expect(idle.headers.connection).toBe('keep-alive');
    const idleClosed = new Promise<void>((resolve) => idle.socket.once('close', () => resolve()));
    const inFlight = slowRegistration(platform.port, token);
    // The request's headers reach the server: it is in flight.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const postmaster = await postmasterPid(clusterDir);

    platform.child.kill('SIGTERM');
    // Closed while the request in flight is still held open: idle connections do not wait for the drain.
    await idleClosed;
    await expect(fetch(`http://127.0.0.1:${platform.port}/health/live`)).rejects.toThrow();

    inFlight.finish();
    const answer = await inFlight.answer;
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('close');
    const registered = (JSON.parse(answer.body) as { data: { registerCompany: { id: string; siret: string } } }).data.registerCompany;
    expect(registered.id).toEqual(expect.any(String));

    expect(await platform.exited).toBe(0);
    agent.destroy();
    expect(isAlive(postmaster)).toBe(false);
    expect(await postmastersOf(clusterDir)).toEqual([]);
    expect(logLines(platform.output(), 'stopped')).toHaveLength(1);
  }, 60_000);

  it('on a Ctrl-C, which reaches its PostgreSQL too, drains without restarting it: the request in flight is refused 503, not failed', async () => {
    platform = await start();
    const inFlight = slowRegistration(platform.port, token);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const postmaster = await postmasterPid(clusterDir);
    platform.child.kill('SIGINT');
    process.kill(postmaster, 'SIGINT');
    // The drain lasts longer than the supervisor takes to see the server gone.
    await waitUntil(() => !isAlive(postmaster), 'stopped');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    inFlight.finish();
    const answer = await inFlight.answer;
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    expect(await platform.exited).toBe(0);
    expect(logLines(platform.output(), 'the embedded PostgreSQL stopped unexpectedly: restarting it')).toEqual([]);
    expect(await postmastersOf(clusterDir)).toEqual([]);
  }, 60_000);
});
