import { DomainInputError } from '../domain/errors.js';
import { addMonths } from '../domain/dates.js';
import type { Period } from './period.js';
import { DEFAULT_SUPPRESSION_THRESHOLD, HIDDEN, hideAll, shown, validateTable, type CountTable, type ShownCount, type ShownTable } from './suppression.js';

/**
 * Disclosure control of the counts of people, contracts and exits shown to a viewer who may not read the
 * rows counted, nor is accountable for the figures (domain.md §6; issue 15, point 5). The method is the
 * cell-key perturbation of the Australian Bureau of Statistics' TableBuilder, used for the 2021 censuses
 * of England and Wales too, on a grid of periods:
 * - every row counted (a person, a contract, an exit) has a record key, a fixed pseudo-random number
 *   drawn from its id and the database's secret (recordKeySql); a cell's key is the sum of its rows' keys, modulo 255;
 * - a non-zero count is shown with a noise from −2 to +2 that its cell key decides: the same rows give
 *   the same figure whatever the query (asking again averages nothing out), two sets of rows that differ
 *   by a few people give figures whose difference is that number plus a noise from −4 to +4;
 * - a figure that would show under the threshold (5) is suppressed, and a suppressed total hides its
 *   whole table, zeros included; zeros stay zeros (nobody to protect);
 * - the figures are perturbed only on the publication grid (calendar semesters and years), the periods
 *   the partners report on: other periods would let a viewer draw many overlapping sets of the same
 *   people, and their noises would average out; off the grid, these counts are suppressed (hours stay).
 * Each figure stays within 2 of the truth, so that sums and rates stay useful; the breakdowns no longer
 * add up exactly to their total, which the API and the reports say beside the figures.
 */

/** The modulus of record and cell keys: a multiple of the noise table's length, so that each noise is as likely. */
export const CELL_KEY_MODULUS = 255;
const NOISE = [-2, -1, 0, 1, 2] as const;

/** What a family's rows are keyed by: each its own, so that a person's key is not their contracts'. */
export type RecordFamily = 'people' | 'contracts' | 'exits';

/**
 * SQL of the record key of a row, from its uuid column `id`: from 0 to 254, drawn with the database's own secret
 * (app_disclosure_key(), drawn when it was migrated): a viewer who reads the ids of its own rows cannot work
 * their keys out.
 */
export function recordKeySql(family: RecordFamily, id: string): string {
  return `(('x' || substr(md5(app_disclosure_key() || '${family}:' || ${id}::text), 1, 8))::bit(32)::bigint % ${CELL_KEY_MODULUS})`;
}

/** The cell keys of a count table, cell for cell (a cell with no row may have none). */
export interface CellKeys {
  total: number;
  breakdowns: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** The cell key of cells put together: their rows are distinct, so their keys add up. */
export const combinedKey = (keys: Iterable<number>) => [...keys].reduce((sum, key) => sum + key, 0) % CELL_KEY_MODULUS;

/** A count as shown after perturbation by its cell key. */
export function perturbedCount(count: number, cellKey: number, threshold: number = DEFAULT_SUPPRESSION_THRESHOLD): ShownCount {
  if (count === 0) return shown(0);
  if (!Number.isInteger(cellKey) || cellKey < 0) throw new DomainInputError('INVALID_TABLE', `A cell key is a whole number from 0, got ${cellKey}`);
  const value = count + NOISE[cellKey % NOISE.length]!;
  return value < threshold ? HIDDEN : shown(value);
}

/** The table as shown to a viewer who may not read its rows: each figure perturbed by its own key. */
export function perturbTable(table: CountTable, keys: CellKeys, threshold: number = DEFAULT_SUPPRESSION_THRESHOLD): ShownTable {
  validateTable(table, threshold);
  const keyOf = (count: number, key: number | undefined, cell: string) => {
    if (key === undefined && count > 0) throw new DomainInputError('INVALID_TABLE', `No cell key for ${cell}`);
    return key ?? 0;
  };
  const total = perturbedCount(table.total, keyOf(table.total, keys.total, 'total'), threshold);
  if (total.suppressed) return hideAll(table);
  const breakdowns = Object.fromEntries(Object.entries(table.breakdowns).map(([name, cells]) => [name, Object.fromEntries(Object.entries(cells).map(
    ([key, count]) => [key, perturbedCount(count, keyOf(count, keys.breakdowns[name]?.[key], `${name}.${key}`), threshold)],
  ))]));
  return { total, breakdowns };
}

/** Whether a period is a calendar semester or year: the only periods whose counts are published perturbed. */
export function onPublicationGrid({ start, end }: Period): boolean {
  const [, month, day] = start.split('-');
  if (day !== '01' || (month !== '01' && month !== '07')) return false;
  return end === addMonths(start, 6) || (month === '01' && end === addMonths(start, 12));
}

/** How the figures of a set were protected, in the words of the page that shows them. */
export type Disclosure = 'EXACT' | 'PERTURBED' | 'OFF_GRID';

export const DISCLOSURE_NOTES: Record<Disclosure, string> = {
  EXACT: 'Chiffres exacts.',
  PERTURBED: 'Effectifs de personnes, de contrats et de sorties perturbés de ±2 au plus (méthode des clés de cellule), '
    + 'masqués sous 5 (case vide) : un total peut différer de la somme de ses ventilations. Les heures sont exactes.',
  OFF_GRID: 'Effectifs de personnes, de contrats et de sorties publiés par semestre ou par année civile seulement : '
    + 'masqués (case vide) sur cette période. Les heures sont exactes.',
};
