/**
 * Data at scale (npm run seed:scale): N départements of generated data in the shapes of the demo,
 * for measuring the platform on a national volume. Written as the owner role (it bypasses row-level
 * security) with COPY, one transaction per département: a département is there whole or not at all.
 * Only the ordinary tables are written; triggers that maintain other tables from them fire as for
 * any insert. Deterministic: "Département test 7" has the same rows whichever run generates it.
 */
import type pg from 'pg';
import { withClient } from '../../src/db/roles.js';
import { addDays, addMonths } from '../../src/domain/dates.js';
import { DEMO_AS_OF } from '../demo/common.js';
import { copyRows, type TableRows } from './copy.js';
import { generateMarkets } from './markets.js';
import { peopleBatches } from './people.js';
import { buildTerritory, type Period } from './territory.js';

/** The tables the generator writes, in foreign-key order. */
export const SCALE_TABLES = [
  'organisation', 'qpv', 'charter', 'charter_qpv', 'charter_signatory', 'charter_target', 'operation', 'company',
  'market', 'lot', 'award', 'beneficiary', 'beneficiary_identity', 'placement', 'monthly_hours', 'beneficiary_exit',
] as const;

export interface ScaleOptions {
  departements: number;
  years: number;
  /** Called after each département with its number and the rows written so far. */
  onProgress?: (progress: { departement: number; done: number; of: number; rows: number }) => void;
}

export interface ScaleResult {
  /** Numbers of the départements generated ("Département test N"). */
  departements: number[];
  rowsByTable: Record<string, number>;
  rows: number;
}

/** `years` calendar years ending on the demo's last day (2025-12-31). */
export function periodOf(years: number): Period {
  if (!Number.isInteger(years) || years < 1 || years > 50) throw new RangeError(`years: an integer from 1 to 50, got ${years}`);
  return { years, firstDay: addDays(addMonths(DEMO_AS_OF, -12 * years), 1), lastDay: DEMO_AS_OF };
}

/** Every row of one département, table by table in foreign-key order; the people come in batches. */
export function* departementTables(k: number, period: Period, takenSirets: ReadonlySet<string>): Generator<TableRows> {
  const territory = buildTerritory(k, period, takenSirets);
  yield* territory.tables;
  const markets = generateMarkets(territory, period);
  yield* markets.tables;
  for (const batch of peopleBatches(territory, markets.placeable, period)) yield* batch;
}

/** The number of the last generated département ("Département test N"), 0 when none: they are numbered from 1. */
export async function lastGeneratedDepartement(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ last: number }>(
    `select coalesce(max(substring(name from '^Département test ([0-9]+)$')::int), 0) as last from organisation where kind = 'DEPARTEMENT'`,
  );
  return rows[0]!.last;
}

async function takenSirets(client: pg.Client): Promise<Set<string>> {
  const { rows } = await client.query<{ siret: string }>('select siret from company union select siret from organisation where siret is not null');
  return new Set(rows.map((r) => r.siret));
}

export async function seedScale(ownerUrl: string, options: ScaleOptions): Promise<ScaleResult> {
  const period = periodOf(options.years);
  if (!Number.isInteger(options.departements) || options.departements < 1) {
    throw new RangeError(`departements: a positive integer, got ${options.departements}`);
  }
  return withClient(ownerUrl, async (client) => {
    const first = (await lastGeneratedDepartement(client)) + 1;
    const sirets = await takenSirets(client);
    const rowsByTable: Record<string, number> = Object.fromEntries(SCALE_TABLES.map((t) => [t, 0]));
    const departements: number[] = [];
    let rows = 0;
    for (let k = first; k < first + options.departements; k++) {
      await client.query('begin');
      try {
        for (const tableRows of departementTables(k, period, sirets)) {
          const written = await copyRows(client, tableRows);
          rowsByTable[tableRows.table] = (rowsByTable[tableRows.table] ?? 0) + written;
          rows += written;
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
      departements.push(k);
      options.onProgress?.({ departement: k, done: departements.length, of: options.departements, rows });
    }
    await client.query(`analyze ${SCALE_TABLES.join(', ')}`);
    return { departements, rowsByTable, rows };
  });
}
