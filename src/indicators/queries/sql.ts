import type { EntityManager } from '@mikro-orm/postgresql';
import { foldingSql, transactionSql } from '../../db/raw-sql.js';
import { numbered } from '../../db/sql-fragment.js';
import type { Bands } from '../../domain/bands.js';
import { CELL_KEY_MODULUS, type CellKeys } from '../disclosure.js';
import type { Period } from '../period.js';
import { placementYearsWorked } from './platform.js';
import { scopeCondition, WHOLE_PART, withParts, type IndicatorScope, type Split, type SqlFragment } from './scope.js';

/**
 * Runs a fragment (`?` placeholders) in the request's transaction, where row-level security applies;
 * it fails outside one rather than read without the request's settings.
 */
export function runSql<T extends object>(em: EntityManager, fragment: SqlFragment): Promise<T[]> {
  const { text, params } = numbered(fragment);
  return transactionSql(em)<T>(text, params);
}

/** A statement of rows with their `part`; `wholeFromParts`: it has no rows of the whole, which is built from the rows of every part (their counts add up). */
export interface PartRows extends SqlFragment {
  wholeFromParts?: boolean;
}

/** A part's figures made from its rows one at a time (`add` each, then `result`), so that the rows need not be kept. */
export interface Tally<R, T> {
  add(row: R): void;
  result(): T;
}

/**
 * The figures of each part of a statement (scope.withParts): each row tallied into its part's as it arrives, and
 * kept nowhere; each part's built once the statement ends, while the request's other statements run. A part
 * without rows is built from none, when asked for.
 */
export async function byPart<R extends { part: string }, T>(em: EntityManager, fragment: PartRows, tally: () => Tally<R, T>): Promise<(part: string) => T> {
  const parts = new PartTallies(tally, fragment.wholeFromParts ?? false);
  const { text, params } = numbered(fragment);
  await foldingSql(em)<R>(text, params, parts.add);
  return parts.results();
}

/** Rows already read, tallied by their `part` as byPart does. */
export function talliedByPart<R extends { part: string }, T>(rows: readonly R[], wholeFromParts: boolean, tally: () => Tally<R, T>): (part: string) => T {
  const parts = new PartTallies(tally, wholeFromParts);
  for (const row of rows) parts.add(row);
  return parts.results();
}

class PartTallies<R extends { part: string }, T> {
  private readonly byPart = new Map<string, Tally<R, T>>();
  /** The whole's, from the rows of every part, when it has no rows of its own. */
  private readonly whole: Tally<R, T> | undefined;

  constructor(private readonly tally: () => Tally<R, T>, wholeFromParts: boolean) {
    this.whole = wholeFromParts ? tally() : undefined;
  }

  readonly add = (row: R): void => {
    let part = this.byPart.get(row.part);
    if (!part) this.byPart.set(row.part, (part = this.tally()));
    part.add(row);
    this.whole?.add(row);
  };

  results(): (part: string) => T {
    const built = new Map([...this.byPart].map(([part, tally]) => [part, tally.result()]));
    if (this.whole) built.set(WHOLE_PART, this.whole.result());
    return (part) => {
      if (!built.has(part)) built.set(part, this.tally().result());
      return built.get(part)!;
    };
  }
}

/**
 * FROM of the hours facts `f` worked in the scope during the period, with their `part` for each of `splits`
 * (scope.withParts): facts whose month starts in the period (period.monthsOf). Months are first days, so
 * the range uses the indexes on (…, month). The whole platform reads the placement years instead (platform.ts).
 */
export function hoursWorked(scope: IndicatorScope, period: Period, splits: readonly Split[]): SqlFragment {
  if (scope.kind === 'EVERYTHING') return withParts('f', placementYearsWorked(period), splits);
  const inScope = scopeCondition('f', scope);
  return withParts('f', {
    sql: `hours_fact f where f.month >= ?::date and f.month < ?::date and f.hours > 0 and ${inScope.sql}`,
    params: [period.start, period.end, ...inScope.params],
  }, splits);
}

export function zeroFor<K extends string>(keys: readonly K[]): Record<K, number> {
  const zeros = {} as Record<K, number>;
  for (const key of keys) zeros[key] = 0;
  return zeros;
}

/** SQL of the band (domain/bands.ts) of the whole number `value`, an SQL expression; null when it is null. */
export function bandSql<B extends string>({ below, rest }: Bands<B>, value: string): string {
  // Bands and limits are constants of our own: written into the text.
  return `case when (${value}) is null then null ${below.map(([band, limit]) => `when (${value}) < ${limit} then '${band}'`).join(' ')} else '${rest}' end`;
}

/** A row of `breakdowns`: one key of one breakdown of a part. */
export interface BreakdownRow {
  part: string;
  /** The breakdown's name; 'total' for the part as a whole. */
  dimension: string;
  key: string | null;
  value: number;
  /** The cell's key (disclosure.ts), when the rows had record keys. */
  cell_key?: number | null;
}

/**
 * One grouped statement for several breakdowns of the same rows: `rows` (a SELECT with a `part` column and
 * one text column for each of `dimensions`) grouped by part and each dimension in turn, and by part alone
 * when `total`, the `measure` aggregate of each group as `value` (BreakdownRow); with `keyed`, the rows'
 * `record_key` column summed into each cell's key (disclosure.ts).
 */
export function breakdowns(rows: string, dimensions: readonly string[], measure: string, { total = false, keyed = false } = {}): string {
  const sets = [...dimensions.map((dimension) => `(part, ${dimension})`), ...(total ? ['(part)'] : [])];
  return `select part, case ${dimensions.map((dimension) => `when grouping(${dimension}) = 0 then '${dimension}'`).join(' ')} else 'total' end as dimension,
                 coalesce(${dimensions.join(', ')}) as key, ${measure} as value${keyed ? `, ${CELL_KEY_SQL}` : ''}
            from (${rows}) breakdown group by grouping sets (${sets.join(', ')})`;
}

/** Rows of the whole platform's sums, which have no rows to key: a null `record_key` (their figures are the Département's, exact). */
export function unkeyed(sums: PartRows): PartRows {
  return { ...sums, sql: `select *, null::int as record_key from (${sums.sql}) platform` };
}

/** The cell key of a group of rows with a `record_key` column. */
export const CELL_KEY_SQL = `(sum(record_key) % ${CELL_KEY_MODULUS})::int as cell_key`;

/** A breakdown whose keys are those found in the data (QPVs, NAF divisions) rather than a fixed list. */
export const FOUND_KEYS = 'found';

/** What a breakdown tally (breakdownTally) expects of each breakdown: its keys, each shown even at zero, or FOUND_KEYS. */
export type BreakdownKeys<D extends string> = Record<D, readonly string[] | typeof FOUND_KEYS>;

/** A family's counts of a part with their cells' keys (disclosure.ts): null where the rows had none. */
export interface Keyed<T> {
  counts: T;
  keys: CellKeys | null;
}

export interface BreakdownSums<D extends string> {
  /** The rows of dimension 'total'. */
  total: number;
  cells: Record<D, Record<string, number>>;
  /** The cells' keys, when the rows had them (disclosure.ts); a part built from several parts' rows has none. */
  keys: CellKeys | null;
}

/**
 * The breakdown rows of a part, or of several parts whose counts add up, summed by breakdown and key as they come,
 * then made into a family's figures by `shape`; a key a breakdown does not expect is an error.
 */
class BreakdownTally<D extends string, T> implements Tally<BreakdownRow, T> {
  // Plain objects, one row at a time: this runs for each row of hundreds of parts (every PLIE's share of the whole platform).
  private readonly cells = {} as Record<string, Record<string, number>>;
  private readonly keys: Record<string, Record<string, number>> = {};
  private total = 0;
  private totalKey = 0;
  private keyed = true;

  constructor(private readonly expected: BreakdownKeys<D>, private readonly shape: (sums: BreakdownSums<D>) => T) {
    for (const dimension in expected) {
      const expectedKeys = expected[dimension];
      this.cells[dimension] = expectedKeys === FOUND_KEYS ? {} : zeroFor(expectedKeys);
      this.keys[dimension] = {};
    }
  }

  add({ dimension, key, value, cell_key: cellKey }: BreakdownRow): void {
    this.keyed &&= typeof cellKey === 'number';
    if (dimension === 'total') {
      this.total += value;
      if (this.keyed) this.totalKey += cellKey!;
      return;
    }
    const sums = this.cells[dimension];
    const sum = sums && key !== null ? sums[key] : undefined;
    if (sum === undefined && (key === null || this.expected[dimension as D] !== FOUND_KEYS)) throw new Error(`unexpected key ${key} of breakdown ${dimension}`);
    sums![key!] = (sum ?? 0) + value;
    if (this.keyed) this.keys[dimension]![key!] = ((this.keys[dimension]![key!] ?? 0) + cellKey!) % CELL_KEY_MODULUS;
  }

  result(): T {
    const keys = this.keyed ? { total: this.totalKey % CELL_KEY_MODULUS, breakdowns: this.keys } : null;
    return this.shape({ total: this.total, cells: this.cells as Record<D, Record<string, number>>, keys });
  }
}

/** A family's tallies of breakdown rows, by `expected`, whose sums `shape` makes into its figures. */
export function breakdownTally<D extends string, T>(expected: BreakdownKeys<D>, shape: (sums: BreakdownSums<D>) => T): () => Tally<BreakdownRow, T> {
  return () => new BreakdownTally(expected, shape);
}

/** Cell keys by breakdown under the names the family's counts give them. */
export function renamedKeys(breakdowns: CellKeys['breakdowns'], names: Readonly<Record<string, string>>): CellKeys['breakdowns'] {
  return Object.fromEntries(Object.entries(breakdowns).map(([name, keys]) => [names[name] ?? name, keys]));
}
