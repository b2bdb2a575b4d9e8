import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config/config.js';
import { findFreePort } from '../../src/config/free-port.js';
import { provisionDatabase, type ProvisionedDatabase } from '../../src/db/provision.js';
import { withClient } from '../../src/db/roles.js';
import { QUEUE_SCHEMA } from '../../src/imports/queue/worker.js';
import { seedDemoData } from '../../src/db/seed.js';
import { createLogger } from '../../src/logging/logger.js';
import { addVolumeMarkets } from '../../seeds/volume.js';

export interface TestDatabase extends ProvisionedDatabase {
  config: Config;
  dataDir: string;
}

/** Empties the public schema (and the job queue's) of an external test database, so every run starts from the migrations. */
async function resetSchema(url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query('drop schema if exists public cascade');
    await client.query(`drop schema if exists ${QUEUE_SCHEMA} cascade`);
    await client.query('create schema public');
  });
}

/**
 * A migrated database with the demo data and the volume markets: on DATABASE_URL when it is set (its public schema is
 * emptied first), otherwise on an embedded PostgreSQL in a temporary folder.
 */
export async function createTestDatabase(env: Record<string, string | undefined> = process.env): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-test-'));
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: env.DATABASE_URL, SEED_DEMO: 'true' }),
    embeddedPostgresPort: await findFreePort(),
    port: 0,
  };
  if (config.databaseUrl) await resetSchema(config.databaseUrl);
  const logger = createLogger('warn');
  const database = await provisionDatabase(config, logger, async (ownerUrl) => {
    await seedDemoData(ownerUrl, logger);
    await addVolumeMarkets(ownerUrl);
  });
  return {
    ...database,
    config,
    dataDir,
    async stop() {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
