/**
 * Generates a migration from the difference between the entities and the schema that the existing
 * migrations produce. Runs them on a throw-away embedded PostgreSQL, so no database is needed.
 * Usage: npm run migration:create -- [name] [--blank]   (--blank: an empty migration to write by hand)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { findFreePort } from '../src/config/free-port.js';
import { initOrm, MIGRATIONS_SOURCE_DIR } from '../src/db/orm.js';
import { provisionDatabase } from '../src/db/provision.js';
import { createLogger } from '../src/logging/logger.js';

const blank = process.argv.includes('--blank');
const name = process.argv.slice(2).find((argument) => !argument.startsWith('--'));
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-migration-'));
const logger = createLogger('info');
const config = { ...loadConfig({ DATA_DIR: dataDir, SEED_DEMO: 'false' }), embeddedPostgresPort: await findFreePort() };
const database = await provisionDatabase(config, logger, async () => {});
try {
  const orm = await initOrm({ clientUrl: database.ownerUrl, logger, migrations: true });
  try {
    const result = await orm.migrator.create(MIGRATIONS_SOURCE_DIR, blank, false, name);
    console.log(blank || result.diff.up.length ? `wrote ${result.fileName}` : 'no changes: no migration written');
  } finally {
    await orm.close();
  }
} finally {
  await database.stop();
  await rm(dataDir, { recursive: true, force: true });
}
