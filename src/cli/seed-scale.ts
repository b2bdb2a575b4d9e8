/**
 * npm run seed:scale -- --departements N [--years Y] [--database-url URL]: adds N generated
 * départements (seeds/scale/generate.ts) to the database, after those already there. Without
 * --database-url, to the embedded PostgreSQL of DATA_DIR, as npm start does (migrations applied first).
 */
import { provisionDatabase } from '../db/provision.js';
import { withClient } from '../db/roles.js';
import { seedDemoData } from '../db/seed.js';
import { createLogger } from '../logging/logger.js';
import { configOrExit } from './config-or-exit.js';
import { SCALE_TABLES, seedScale } from '../../seeds/scale/generate.js';

const USAGE = 'Usage : npm run seed:scale -- --departements N [--years Y] [--database-url URL]';

function parseArguments(args: readonly string[]): { departements: number; years: number; databaseUrl?: string } {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i]!, args[i + 1]];
    if (!['--departements', '--years', '--database-url'].includes(name) || value === undefined) throw new Error(USAGE);
    values.set(name, value);
  }
  const departements = Number(values.get('--departements'));
  const years = Number(values.get('--years') ?? 10);
  if (!Number.isInteger(departements) || departements < 1 || !Number.isInteger(years) || years < 1 || years > 50) throw new Error(USAGE);
  return { departements, years, databaseUrl: values.get('--database-url') };
}

/** Bytes of the written tables with their indexes and TOAST. */
async function tablesSize(ownerUrl: string): Promise<number> {
  return withClient(ownerUrl, async (client) => {
    const { rows } = await client.query<{ bytes: string }>(
      'select sum(pg_total_relation_size(t::regclass))::bigint as bytes from unnest($1::text[]) as t',
      [SCALE_TABLES],
    );
    return Number(rows[0]!.bytes);
  });
}

const number = (n: number, digits = 0) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits });

let options: ReturnType<typeof parseArguments>;
try {
  options = parseArguments(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const config = configOrExit({ ...process.env, ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}) });
const logger = createLogger(process.env.LOG_LEVEL || 'warn');
try {
  const database = await provisionDatabase(config, logger, (ownerUrl) => seedDemoData(ownerUrl, logger));
  try {
    const sizeBefore = await tablesSize(database.ownerUrl);
    const started = performance.now();
    const result = await seedScale(database.ownerUrl, {
      ...options,
      onProgress: ({ departement, done, of, rows }) => {
        const seconds = (performance.now() - started) / 1000;
        console.error(`… Département test ${departement} écrit (${done}/${of}) : ${number(rows)} lignes en ${number(seconds, 1)} s`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const megabytes = (await tablesSize(database.ownerUrl) - sizeBefore) / 1024 ** 2;
    const perDecade = megabytes / options.departements / (options.years / 10);
    console.log(`Départements test ${result.departements[0]} à ${result.departements.at(-1)} ajoutés, sur ${options.years} an(s) :`);
    for (const [table, rows] of Object.entries(result.rowsByTable)) console.log(`  ${table.padEnd(22)} ${number(rows).padStart(12)}`);
    console.log(`  ${'total'.padEnd(22)} ${number(result.rows).padStart(12)} lignes en ${number(seconds, 1)} s (${number(result.rows / seconds)} lignes/s)`);
    console.log(`  disque : ${number(megabytes, 1)} Mo, soit ${number(perDecade, 1)} Mo par département-décennie (tables et index)`);
  } finally {
    await database.stop();
  }
} catch (error) {
  console.error(`Génération abandonnée (les départements déjà écrits restent) : ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
