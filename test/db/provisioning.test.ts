import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { findFreePort } from '../../src/config/free-port.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded-postgres.js';
import { PROVISIONING, provisionDatabase } from '../../src/db/provision.js';
import { withClient } from '../../src/db/roles.js';
import { createLogger } from '../../src/logging/logger.js';
import { asOwner } from '../support/sql.js';

/** A start as another process would make it, with the database and data folder of `env`, its log lines to `logger`. */
function startWith(env: Record<string, string | undefined>, logger = createLogger('silent')) {
  return provisionDatabase({ ...loadConfig({ NODE_ENV: 'test', ...env }), seedDemo: false }, logger, async () => undefined);
}

/** Each start's outcome: "ready", or its error. */
const outcomes = (starts: PromiseSettledResult<unknown>[]) => starts.map((outcome) => (outcome.status === 'fulfilled' ? 'ready' : String(outcome.reason)));

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-provisioning-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('provisionDatabase', () => {
  /** A start on the test database, its log lines kept in `lines`. */
  const start = (lines: string[] = []) => startWith(
    { DATA_DIR: dataDir, DATABASE_URL: process.env.TEST_OWNER_URL, APP_DATABASE_URL: process.env.TEST_APP_URL },
    createLogger('info', { write: (line: string) => lines.push(line) }),
  );

  it('provisions one database from several processes at once, as replicas starting together do', async () => {
    const starts = await Promise.allSettled(Array.from({ length: 4 }, () => start()));
    expect(outcomes(starts)).toEqual(Array(4).fill('ready'));
  });

  // The run's database is embedded unless npm run test:external gave one.
  (process.env.TEST_DATABASE_MODE === 'embedded' ? it : it.skip)('connects to the embedded PostgreSQL through its Unix-domain socket, not TCP', async () => {
    for (const url of [process.env.TEST_APP_URL!, process.env.TEST_OWNER_URL!]) {
      const { rows: [connection] } = await withClient(url, (client) => client.query<{ address: string | null }>('select inet_client_addr() as address'));
      expect(connection).toEqual({ address: null });
    }
  });

  it('says it waits while another process prepares the database, and goes on once it is done', async () => {
    const lines: string[] = [];
    let ready = false;
    await asOwner(async (other) => {
      // Another process preparing the database holds the lock.
      await other.query('select pg_advisory_lock($1, 0)', [PROVISIONING]);
      const starting = start(lines).then(() => { ready = true; });
      while (!lines.some((line) => line.includes('waiting for it to finish'))) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(ready).toBe(false);
      await other.query('select pg_advisory_unlock($1, 0)', [PROVISIONING]);
      await starting;
    });
    expect(ready).toBe(true);
  });
});

describe('provisionDatabase on a PostgreSQL given without the application role (no APP_DATABASE_URL)', () => {
  const password = 'mot-de-passe-du-test';
  let serverDir: string;
  let server: EmbeddedServer;
  let databaseUrl: string;
  beforeAll(async () => {
    serverDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-provisioning-server-'));
    const port = await findFreePort();
    server = await startEmbeddedPostgres({ dataDir: serverDir, port, superuserPassword: password, logger: createLogger('silent'), restartOnCrash: false });
    databaseUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await rm(serverDir, { recursive: true, force: true });
  }, 60_000);

  it('creates the role once from several processes at once, all of them connecting with the password of their data folder', async () => {
    const starts = await Promise.allSettled(Array.from({ length: 4 }, () => startWith({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl })));
    expect(outcomes(starts)).toEqual(Array(4).fill('ready'));
    for (const outcome of starts) {
      const { appUrl } = (outcome as PromiseFulfilledResult<Awaited<ReturnType<typeof provisionDatabase>>>).value;
      expect(await withClient(appUrl, async (client) => (await client.query<{ role: string }>('select current_user as role')).rows[0]!.role)).toBe('clauses_app');
    }
  }, 120_000);

  it("lets no other role of the server run the database's functions, which read rows as their owner", async () => {
    const { appUrl } = await startWith({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
    await withClient(databaseUrl, (client) => client.query(`create role another_application login password '${password}'`));
    const otherUrl = databaseUrl.replace(`postgres:${password}@`, `another_application:${password}@`);
    const call = (url: string) => withClient(url, (client) => client.query('select app_organisations_of_its_memberships()'));
    await expect(call(otherUrl)).rejects.toThrow(/permission denied for function/);
    await expect(call(appUrl)).resolves.toBeDefined();
  }, 120_000);
});
