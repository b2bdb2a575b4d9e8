import { DomainInputError, assertInteger } from '../domain/errors.js';

/**
 * Count tables as shown: a total and breakdowns of it (each splits the same rows into cells that sum to
 * the total: sex, age band, QPV…), every figure shown as it is or suppressed. How the figures of a viewer
 * who may not read the rows are protected is disclosure.ts's.
 */

/** No figure from 1 to this − 1 is shown to a viewer who may not read the rows counted. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

export interface CountTable {
  total: number;
  breakdowns: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** A figure as shown: its value, or null and flagged when it is suppressed. */
export interface ShownCount {
  value: number | null;
  suppressed: boolean;
}

export interface ShownTable {
  total: ShownCount;
  breakdowns: Record<string, Record<string, ShownCount>>;
}

export const shown = (value: number): ShownCount => ({ value, suppressed: false });
export const HIDDEN: ShownCount = { value: null, suppressed: true };

export function validateTable(table: CountTable, threshold: number): void {
  assertInteger(threshold, 'threshold');
  if (threshold < 1) throw new DomainInputError('INVALID_THRESHOLD', `The suppression threshold must be at least 1, got ${threshold}`);
  const refuse = (value: number, what: string) => new DomainInputError('INVALID_TABLE', `${what} must be a whole count, got ${value}`);
  if (!isCount(table.total)) throw refuse(table.total, 'total');
  // Plain loops: every PLIE's share of the whole platform is hundreds of tables.
  for (const name in table.breakdowns) {
    const cells = table.breakdowns[name]!;
    let sum = 0;
    for (const key in cells) {
      const value = cells[key]!;
      if (!isCount(value)) throw refuse(value, `${name}.${key}`);
      sum += value;
    }
    if (sum !== table.total) throw new DomainInputError('INVALID_TABLE', `Breakdown ${name} sums to ${sum}, not to the total ${table.total}`);
  }
}

const isCount = (value: number) => Number.isInteger(value) && value >= 0;

/** Every figure of the table through `show`. */
function mapTable(table: CountTable, show: (value: number) => ShownCount): ShownTable {
  const breakdowns: ShownTable['breakdowns'] = {};
  for (const name in table.breakdowns) {
    const cells = table.breakdowns[name]!;
    const shownCells: Record<string, ShownCount> = {};
    for (const key in cells) shownCells[key] = show(cells[key]!);
    breakdowns[name] = shownCells;
  }
  return { total: show(table.total), breakdowns };
}

export const hideAll = (table: CountTable) => mapTable(table, () => HIDDEN);

/**
 * The sum of some cells of one shown breakdown (people under 26 = the bands under 25 and of 25):
 * suppressed when any of them is, so that it reveals nothing the breakdown does not.
 */
export function sumOfShown(cells: Readonly<Record<string, ShownCount>>, keys: readonly string[]): ShownCount {
  return sumOfCounts(keys.map((key) => {
    const cell = cells[key];
    if (cell === undefined) throw new DomainInputError('INVALID_TABLE', `No cell ${key} in the breakdown`);
    return cell;
  }));
}

/** A sum of shown counts: suppressed when any of them is, so that it reveals nothing they hide. */
export function sumOfCounts(cells: readonly ShownCount[]): ShownCount {
  let sum = 0;
  for (const cell of cells) {
    if (cell.suppressed || cell.value === null) return HIDDEN;
    sum += cell.value;
  }
  return shown(sum);
}

/** For a viewer who may see the people: every figure as it is. */
export function showAll(table: CountTable): ShownTable {
  validateTable(table, 1);
  return mapTable(table, shown);
}
