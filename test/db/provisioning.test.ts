import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { provisionDatabase } from '../../src/db/provision.js';
import { createLogger } from '../../src/logging/logger.js';

describe('provisionDatabase', () => {
  it('provisions one database from several processes at once, as replicas starting together do', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-provisioning-'));
    try {
      const config = {
        ...loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: process.env.TEST_OWNER_URL, APP_DATABASE_URL: process.env.TEST_APP_URL }),
        seedDemo: false,
      };
      const starts = await Promise.allSettled(Array.from({ length: 4 }, () => provisionDatabase(config, createLogger('fatal'), async () => undefined)));
      expect(starts.map((start) => (start.status === 'fulfilled' ? 'ready' : String(start.reason)))).toEqual(Array(4).fill('ready'));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
