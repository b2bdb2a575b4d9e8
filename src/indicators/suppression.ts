import { DomainInputError, assertInteger } from '../domain/errors.js';

/**
 * Small-count suppression for people counts shown to someone who may not see the people (domain.md §6).
 *
 * A table is a total and breakdowns of it: each breakdown splits the same people into cells that sum to
 * the total (sex, age band, QPV…). The reader is assumed to know the visible figures, that each breakdown
 * sums to the total, that counts are whole and that a hidden count is at least 1 (zeros are shown).
 * The rules:
 * - primary: every count from 1 to threshold − 1 is hidden;
 * - a total from 1 to threshold − 1 hides the whole table, zeros included (each breakdown would
 *   otherwise show how many cells the few people fall into);
 * - secondary: within a breakdown, hidden cells must be at least two and not all ones, otherwise their
 *   values follow from the total minus the visible cells; the smallest visible non-zero cell is hidden
 *   until that holds. When no cell is left to hide (every person in a cell of their own), the whole
 *   table is hidden.
 * With the total visible, the breakdowns only share the total, so each is protected on its own.
 * Hours are never passed here: they are not suppressed.
 */

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

const shown = (value: number): ShownCount => ({ value, suppressed: false });
const HIDDEN: ShownCount = { value: null, suppressed: true };

function validate(table: CountTable, threshold: number): void {
  assertInteger(threshold, 'threshold');
  if (threshold < 1) throw new DomainInputError('INVALID_THRESHOLD', `The suppression threshold must be at least 1, got ${threshold}`);
  const check = (value: number, what: string) => {
    if (!Number.isInteger(value) || value < 0) throw new DomainInputError('INVALID_TABLE', `${what} must be a whole count, got ${value}`);
  };
  check(table.total, 'total');
  for (const [name, cells] of Object.entries(table.breakdowns)) {
    let sum = 0;
    for (const [key, value] of Object.entries(cells)) {
      check(value, `${name}.${key}`);
      sum += value;
    }
    if (sum !== table.total) throw new DomainInputError('INVALID_TABLE', `Breakdown ${name} sums to ${sum}, not to the total ${table.total}`);
  }
}

/** Every figure of the table through `show`. */
function mapTable(table: CountTable, show: (value: number) => ShownCount): ShownTable {
  const breakdowns = Object.fromEntries(
    Object.entries(table.breakdowns).map(([name, cells]) => [name, Object.fromEntries(Object.entries(cells).map(([key, value]) => [key, show(value)]))]),
  );
  return { total: show(table.total), breakdowns };
}

const hideAll = (table: CountTable) => mapTable(table, () => HIDDEN);

/** Whether the hidden cells of a breakdown cannot be worked out from the total and the visible cells. */
function protects(cells: Readonly<Record<string, number>>, hidden: ReadonlySet<string>): boolean {
  if (hidden.size === 0) return true;
  let sum = 0;
  for (const key of hidden) sum += cells[key]!;
  return hidden.size >= 2 && sum > hidden.size;
}

/** The cells to hide in one breakdown, from those already hidden, or null when none would do. */
function hiddenCells(cells: Readonly<Record<string, number>>, threshold: number, already: Iterable<string> = []): Set<string> | null {
  const hidden = new Set([...already, ...Object.keys(cells).filter((key) => cells[key]! >= 1 && cells[key]! < threshold)]);
  while (!protects(cells, hidden)) {
    const next = Object.keys(cells)
      .filter((key) => cells[key]! > 0 && !hidden.has(key))
      .sort((a, b) => cells[a]! - cells[b]! || (a < b ? -1 : 1))[0];
    if (next === undefined) return null;
    hidden.add(next);
  }
  return hidden;
}

export function suppressSmallCounts(table: CountTable, threshold: number = DEFAULT_SUPPRESSION_THRESHOLD): ShownTable {
  validate(table, threshold);
  if (table.total > 0 && table.total < threshold) return hideAll(table);
  const breakdowns: ShownTable['breakdowns'] = {};
  for (const [name, cells] of Object.entries(table.breakdowns)) {
    const hidden = hiddenCells(cells, threshold);
    if (hidden === null) return hideAll(table);
    breakdowns[name] = Object.fromEntries(Object.entries(cells).map(([key, value]) => [key, hidden.has(key) ? HIDDEN : shown(value)]));
  }
  return { total: shown(table.total), breakdowns };
}

/** What the table holds beyond `part`, a subset of the same people: cell by cell, a key missing from the part counting 0. */
function rest(table: CountTable, part: CountTable): CountTable {
  const breakdowns = Object.fromEntries(Object.entries(table.breakdowns).map(([name, cells]) => [
    name, Object.fromEntries(Object.entries(cells).map(([key, value]) => [key, value - (part.breakdowns[name]?.[key] ?? 0)])),
  ]));
  return { total: table.total - part.total, breakdowns };
}

/**
 * The table as shown to a reader who also knows `part` of it (their own share, shown unsuppressed or
 * not): the rest, table minus part, must be protected as a table of its own, or the reader would take
 * the part away from the total and find the few others. A cell is hidden when the table's own rules or
 * the rest's hide it, and more cells until each breakdown protects both the table and the rest.
 */
export function suppressBeside(table: CountTable, part: CountTable, threshold: number = DEFAULT_SUPPRESSION_THRESHOLD): ShownTable {
  validate(table, threshold);
  const others = rest(table, part);
  validate(others, threshold);
  const small = (total: number) => total > 0 && total < threshold;
  if (small(table.total) || small(others.total)) return hideAll(table);
  const breakdowns: ShownTable['breakdowns'] = {};
  for (const [name, cells] of Object.entries(table.breakdowns)) {
    const otherCells = others.breakdowns[name]!;
    const forOthers = hiddenCells(otherCells, threshold);
    const hidden = forOthers && hiddenCells(cells, threshold, forOthers);
    // Hidden cells where the others are all zeros give nothing of theirs away.
    const othersHidden = hidden && [...hidden].reduce((sum, key) => sum + otherCells[key]!, 0);
    if (!hidden || (othersHidden !== 0 && !protects(otherCells, hidden))) return hideAll(table);
    breakdowns[name] = Object.fromEntries(Object.entries(cells).map(([key, value]) => [key, hidden.has(key) ? HIDDEN : shown(value)]));
  }
  return { total: shown(table.total), breakdowns };
}

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
  validate(table, 1);
  return mapTable(table, shown);
}
