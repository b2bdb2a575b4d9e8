import { createTestDatabase, type TestDatabase } from './database.js';

declare global {
  var testDatabase: TestDatabase | undefined;
}

/** One database for the whole run; the workers find it through these variables. */
export default async function globalSetup(): Promise<void> {
  const database = await createTestDatabase();
  globalThis.testDatabase = database;
  process.env.TEST_APP_URL = database.appUrl;
  process.env.TEST_OWNER_URL = database.ownerUrl;
  process.env.TEST_MIGRATION_COUNT = String(database.migrationCount);
  process.env.TEST_DATA_DIR = database.dataDir;
  process.env.TEST_DATABASE_MODE = database.config.databaseUrl ? 'external' : 'embedded';
}
