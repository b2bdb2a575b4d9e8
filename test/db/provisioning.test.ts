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

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-provisioning-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** A start on the test database as another process would make it, its log lines kept in `lines`. */
function start(lines: string[] = []) {
  const config = {
    ...loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: process.env.TEST_OWNER_URL, APP_DATABASE_URL: process.env.TEST_APP_URL }),
    seedDemo: false,
  };
  return provisionDatabase(config, createLogger('info', { write: (line: string) => lines.push(line) }), async () => undefined);
}

describe('provisionDatabase', () => {
  it('provisions one database from several processes at once, as replicas starting together do', async () => {
    const starts = await Promise.allSettled(Array.from({ length: 4 }, () => start()));
    expect(starts.map((outcome) => (outcome.status === 'fulfilled' ? 'ready' : String(outcome.reason)))).toEqual(Array(4).fill('ready'));
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
    const sharedDataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-provisioning-shared-'));
    try {
      const config = { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: sharedDataDir, DATABASE_URL: databaseUrl }), seedDemo: false };
      const starts = await Promise.allSettled(Array.from({ length: 4 }, () => provisionDatabase(config, createLogger('silent'), async () => undefined)));
      expect(starts.map((outcome) => (outcome.status === 'fulfilled' ? 'ready' : String(outcome.reason)))).toEqual(Array(4).fill('ready'));
      for (const outcome of starts) {
        const { appUrl } = (outcome as PromiseFulfilledResult<Awaited<ReturnType<typeof provisionDatabase>>>).value;
        expect(await withClient(appUrl, async (client) => (await client.query<{ role: string }>('select current_user as role')).rows[0]!.role)).toBe('clauses_app');
      }
    } finally {
      await rm(sharedDataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("lets no other role of the server run the database's functions, which read rows as their owner", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-provisioning-functions-'));
    try {
      const config = { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: databaseUrl }), seedDemo: false };
      const { appUrl } = await provisionDatabase(config, createLogger('silent'), async () => undefined);
      await withClient(databaseUrl, (client) => client.query(`create role another_application login password '${password}'`));
      const otherUrl = databaseUrl.replace(`postgres:${password}@`, `another_application:${password}@`);
      const call = (url: string) => withClient(url, (client) => client.query('select app_organisations_of_its_memberships()'));
      await expect(call(otherUrl)).rejects.toThrow(/permission denied for function/);
      await expect(call(appUrl)).resolves.toBeDefined();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
