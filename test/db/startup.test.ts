import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../src/config/free-port.js';
import { spawnPlatform, type RunningPlatform } from '../support/platform.js';
import { isAlive } from '../../src/config/process-alive.js';

const embedded = process.env.TEST_DATABASE_MODE === 'embedded';

async function start(dataDir: string): Promise<RunningPlatform> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await findFreePort()), NODE_ENV: 'development', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return spawnPlatform(env);
}

async function postgresPid(dataDir: string): Promise<number> {
  return Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

(embedded ? describe : describe.skip)('npm start on an embedded PostgreSQL', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-start-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('starts cold, stops on SIGTERM with its PostgreSQL, restarts on the same data, and recovers after a crash', async () => {
    const cold = await start(dataDir);
    const firstPid = await postgresPid(dataDir);
    cold.child.kill('SIGTERM');
    expect(await cold.exited).toBe(0);
    expect(isAlive(firstPid)).toBe(false);

    const warm = await start(dataDir);
    const markets = await fetch(`http://127.0.0.1:${warm.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { user { id } } }"}' });
    expect(markets.status).toBe(401);
    const orphan = await postgresPid(dataDir);
    warm.child.kill('SIGKILL');
    await warm.exited;
    expect(isAlive(orphan)).toBe(true);

    const recovered = await start(dataDir);
    expect(isAlive(orphan)).toBe(false);
    recovered.child.kill('SIGINT');
    expect(await recovered.exited).toBe(0);
  }, 180_000);
});
