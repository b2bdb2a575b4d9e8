/**
 * npm run retention -- [--dry-run] [--out FOLDER]: after RETENTION_UNTIL, returns each PLIE's data (its complete
 * follow-up, XLSX) then destroys its people's identities; before, anonymises people inactive for longer than
 * ANONYMISE_INACTIVE_AFTER_MONTHS when it is set (src/personal-data/retention.ts). Idempotent and resumable: run it
 * again after a stop. An operator's tool, run on the server as the database owner, like migrations.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { provisionDatabase } from '../db/provision.js';
import { createLogger } from '../logging/logger.js';
import { applyRetention, type RetentionOutcome } from '../personal-data/retention.js';
import { configOrExit } from './config-or-exit.js';

const USAGE = 'Usage : npm run retention -- [--dry-run] [--out DOSSIER]';

function describe(outcome: RetentionOutcome, retentionUntil: string, dryRun: boolean): string {
  const would = dryRun ? 'seraient' : 'sont';
  const lines = [dryRun ? 'Essai : rien n’est écrit ni effacé.' : 'Conservation appliquée.'];
  if (!outcome.expired) lines.push(`La durée de conservation court jusqu’au ${retentionUntil} inclus : aucune donnée n’est rendue.`);
  for (const { plie, people, file } of outcome.returned) {
    lines.push(`${plie} : ${people} identités ${would} effacées${file ? `, après le renvoi de son suivi complet dans ${file}` : ', après le renvoi de son suivi complet'}.`);
  }
  if (outcome.expired && !outcome.returned.length) lines.push('Aucune identité à rendre ni à effacer.');
  if (outcome.inactiveAnonymised) lines.push(`${outcome.inactiveAnonymised} personnes sans activité depuis trop longtemps ${would} anonymisées.`);
  if (outcome.uploadsRemoved || outcome.reportsCleared) {
    lines.push(`${outcome.uploadsRemoved} parts de fichiers envoyés et ${outcome.reportsCleared} comptes rendus d’import ${would} effacés.`);
  }
  return lines.join('\n');
}

let values: { 'dry-run'?: boolean; out?: string };
try {
  ({ values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, out: { type: 'string' } } }));
} catch {
  console.error(USAGE);
  process.exit(2);
}
const config = configOrExit();
const logger = createLogger(process.env.LOG_LEVEL || 'warn');
const dryRun = values['dry-run'] ?? false;
try {
  const database = await provisionDatabase(config, logger, async () => {});
  try {
    const outcome = await applyRetention(database.ownerUrl, {
      today: new Date().toISOString().slice(0, 10),
      retentionUntil: config.retentionUntil,
      inactiveMonths: config.anonymiseInactiveAfterMonths,
      dryRun,
      // npm runs scripts from the project's root: a relative folder is the caller's, from where npm was run.
      folder: path.resolve(process.env.INIT_CWD ?? process.cwd(), values.out ?? path.join(config.dataDir, 'retention')),
    });
    console.log(describe(outcome, config.retentionUntil, dryRun));
  } finally {
    await database.stop();
  }
} catch (error) {
  console.error(`Conservation interrompue : ${error instanceof Error ? error.message : String(error)}. Relancez la commande : elle reprend où elle s’est arrêtée.`);
  process.exit(1);
}
