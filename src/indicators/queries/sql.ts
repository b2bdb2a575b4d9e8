import type { EntityManager } from '@mikro-orm/postgresql';
import { transactionSql } from '../../db/raw-sql.js';
import type { Bands } from '../../domain/bands.js';
import type { Period } from '../period.js';
import { placementYearsWorked } from './platform.js';
import { scopeCondition, WHOLE_PART, withParts, type IndicatorScope, type Split, type SqlFragment } from './scope.js';

/**
 * Runs a fragment (`?` placeholders) in the request's transaction, where row-level security applies;
 * it fails outside one rather than read without the request's settings.
 */
export function runSql<T extends object>(em: EntityManager, { sql, params }: SqlFragment): Promise<T[]> {
  let position = 0;
  return transactionSql(em)<T>(sql.replace(/\?/g, () => `$${++position}`), params);
}

/** A statement of rows with their `part`; `wholeFromParts`: it has no rows of the whole, which is built from the rows of every part (their counts add up). */
export interface PartRows extends SqlFragment {
  wholeFromParts?: boolean;
}

/**
 * Rows grouped by their `part` column (scope.withParts), each group built into a result once, when first
 * asked for; a part without rows is built from none.
 */
export async function byPart<R extends { part: string }, T>(em: EntityManager, fragment: PartRows, build: (rows: R[]) => T): Promise<(part: string) => T> {
  const rows = await runSql<R>(em, fragment);
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(row.part);
    if (group) group.push(row);
    else groups.set(row.part, [row]);
  }
  const built = new Map<string, T>();
  return (part) => {
    if (!built.has(part)) built.set(part, build(fragment.wholeFromParts && part === WHOLE_PART ? rows : groups.get(part) ?? []));
    return built.get(part)!;
  };
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
}

/**
 * One grouped statement for several breakdowns of the same rows: `rows` (a SELECT with a `part` column and
 * one text column for each of `dimensions`) grouped by part and each dimension in turn, and by part alone
 * when `total`, the `measure` aggregate of each group as `value` (BreakdownRow).
 */
export function breakdowns(rows: string, dimensions: readonly string[], measure: string, { total = false } = {}): string {
  const sets = [...dimensions.map((dimension) => `(part, ${dimension})`), ...(total ? ['(part)'] : [])];
  return `select part, case ${dimensions.map((dimension) => `when grouping(${dimension}) = 0 then '${dimension}'`).join(' ')} else 'total' end as dimension,
                 coalesce(${dimensions.join(', ')}) as key, ${measure} as value
            from (${rows}) breakdown group by grouping sets (${sets.join(', ')})`;
}

/** A breakdown whose keys are those found in the data (QPVs, NAF divisions) rather than a fixed list. */
export const FOUND_KEYS = 'found';

/** What `sumBreakdowns` expects of each breakdown: its keys, each shown even at zero, or FOUND_KEYS. */
export type BreakdownKeys<D extends string> = Record<D, readonly string[] | typeof FOUND_KEYS>;

export interface BreakdownSums<D extends string> {
  /** The rows of dimension 'total'. */
  total: number;
  cells: Record<D, Record<string, number>>;
}

/**
 * The breakdown rows of a part, or of several parts whose counts add up, summed by breakdown and key in
 * one pass; a key a breakdown does not expect is an error.
 */
export function sumBreakdowns<D extends string>(rows: readonly BreakdownRow[], expected: BreakdownKeys<D>): BreakdownSums<D> {
  // Plain loops: this runs for each of hundreds of parts (every PLIE's share of the whole platform).
  const cells = {} as Record<string, Record<string, number>>;
  for (const dimension of Object.keys(expected) as D[]) {
    const keys = expected[dimension];
    cells[dimension] = keys === FOUND_KEYS ? {} : zeroFor(keys);
  }
  let total = 0;
  for (const { dimension, key, value } of rows) {
    if (dimension === 'total') {
      total += value;
      continue;
    }
    const sums = cells[dimension];
    const sum = sums && key !== null ? sums[key] : undefined;
    if (sum === undefined && (key === null || expected[dimension as D] !== FOUND_KEYS)) throw new Error(`unexpected key ${key} of breakdown ${dimension}`);
    sums![key!] = (sum ?? 0) + value;
  }
  return { total, cells: cells as Record<D, Record<string, number>> };
}
