/**
 * Compares the row-level-security policies the access model renders (src/access/model/) with those
 * the migrations leave, on a throw-away embedded PostgreSQL, and writes the migration that brings the
 * database to the model, so that a change of who may do what never needs SQL written by hand.
 * Usage: npm run policies            writes migrations/Migration<time>_access_policies.ts if they differ
 *        npm run policies -- --check  lists the differences and exits 1 if there are any
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { functionStatements, migrationStatements, policyDifferences, setFunctionDifferences, type FunctionDifference, type PolicyDifference } from '../src/access/model/policy-diff.js';
import { loadConfig } from '../src/config/config.js';
import { findFreePort } from '../src/config/free-port.js';
import { MIGRATIONS_SOURCE_DIR } from '../src/db/orm.js';
import { provisionDatabase } from '../src/db/provision.js';
import { withClient } from '../src/db/roles.js';
import { createLogger } from '../src/logging/logger.js';

const check = process.argv.includes('--check');
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-policies-'));
const config = { ...loadConfig({ DATA_DIR: dataDir, SEED_DEMO: 'false' }), embeddedPostgresPort: await findFreePort() };
const database = await provisionDatabase(config, createLogger('warn'), async () => {});
try {
  const functions = await withClient(database.ownerUrl, setFunctionDifferences);
  // The declared policies may call the new functions: they exist while the policies are compared.
  const differences = await withClient(database.ownerUrl, (client) => policyDifferences(client, functionStatements(functions, 'up')));
  if (differences.length === 0 && functions.length === 0) {
    console.log('les politiques de la base sont celles du modèle : aucune migration écrite');
  } else if (check) {
    for (const { name, deployed } of functions) console.log(`${name}() : ${deployed === null ? 'à créer' : 'différente'}`);
    for (const { declared, deployed } of differences) console.log(`${(declared ?? deployed)!.table}.${(declared ?? deployed)!.name} : ${!deployed ? 'à créer' : !declared ? 'à supprimer' : 'différente'}`);
    process.exitCode = 1;
  } else {
    console.log(`écrit : ${path.relative(process.cwd(), await writeMigration(functions, differences))}`);
  }
} finally {
  await database.stop();
  await rm(dataDir, { recursive: true, force: true });
}

async function writeMigration(functions: FunctionDifference[], differences: PolicyDifference[]): Promise<string> {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const name = `Migration${stamp}_access_policies`;
  const statements = (direction: 'up' | 'down') => direction === 'up'
    ? [...functionStatements(functions, 'up'), ...migrationStatements(differences, 'up')]
    : [...migrationStatements(differences, 'down'), ...functionStatements(functions, 'down')];
  const lines = (direction: 'up' | 'down') => statements(direction).map((sql) => `    this.addSql(${JSON.stringify(sql + ';')});`).join('\n');
  const file = path.join(MIGRATIONS_SOURCE_DIR, `${name}.ts`);
  await writeFile(file, `import { Migration } from '@mikro-orm/migrations';

/** Written by \`npm run policies\` from the access model (src/access/model/rules.ts): do not edit by hand. */
export class ${name} extends Migration {

  override name = '${name}';

  override up(): void | Promise<void> {
${lines('up')}
  }

  override down(): void | Promise<void> {
${lines('down')}
  }

}
`);
  return file;
}
