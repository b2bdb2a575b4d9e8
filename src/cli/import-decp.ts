/**
 * npm run import:decp -- FILE [--dry-run]: imports a DECP file as draft markets (docs/imports-decp.md).
 * An operator's tool, run on the server: it connects as the database owner, like migrations.
 */
import path from 'node:path';
import { initOrm } from '../db/orm.js';
import { provisionDatabase } from '../db/provision.js';
import { importDecpFile } from '../imports/decp/importer.js';
import { formatSummary } from '../imports/decp/summary.js';
import { createLogger } from '../logging/logger.js';
import { configOrExit } from './config-or-exit.js';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const files = args.filter((argument) => !argument.startsWith('--'));
if (files.length !== 1 || args.some((argument) => argument.startsWith('--') && argument !== '--dry-run')) {
  console.error('Usage : npm run import:decp -- FICHIER.json [--dry-run]');
  process.exit(2);
}

// npm runs scripts from the project's root: a relative path is the caller's, from where npm was run.
const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), files[0]!);
const config = configOrExit();
const logger = createLogger(process.env.LOG_LEVEL || 'warn');
try {
  const database = await provisionDatabase(config, logger, async () => {});
  try {
    const orm = await initOrm({ clientUrl: database.ownerUrl, logger, audited: true });
    try {
      const summary = await importDecpFile(orm.em.fork(), file, {
        dryRun,
        onProblem: (problem) => console.error(problem),
        onProgress: ({ read, concessions }) => console.error(`… ${read + concessions} enregistrements lus`),
      });
      console.log(`${dryRun ? 'Essai (rien n\'est écrit)' : 'Import terminé'} : ${file}\n${formatSummary(summary)}`);
    } finally {
      await orm.close();
    }
  } finally {
    await database.stop();
  }
} catch (error) {
  console.error(`Import DECP abandonné, rien n'est écrit : ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
