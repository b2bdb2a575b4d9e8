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

/** A grouped statement; `wholeFromParts`: it counts no whole part, which is built from the rows of every part (their counts add up). */
export interface PartRows extends SqlFragment {
  wholeFromParts?: boolean;
}

/**
 * Rows grouped by their `part` column (scope.withParts), each group built into a result once, when first
 * asked for; a part without rows is built from none.
 */
export async function byPart<R extends { part: string }, T>(em: EntityManager, fragment: PartRows, build: (rows: R[]) => T): Promise<(part: string) => T> {
  const rows = await runSql<R>(em, fragment);
  const groups = groupBy(rows, (row) => row.part);
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

export const zeroFor = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/** Counts keyed by the values found, with every expected key present (zero when absent). */
export function tally<K extends string>(keys: readonly K[], rows: readonly { key: string | null; value: number }[]): Record<K, number> {
  const counts = zeroFor(keys);
  for (const { key, value } of rows) {
    if (key === null || !(keys as readonly string[]).includes(key)) throw new Error(`unexpected key ${key} among ${keys.join(', ')}`);
    counts[key as K] += value;
  }
  return counts;
}

/** SQL of the band (domain/bands.ts) of the whole number `value`, an SQL expression; null when it is null. */
export function bandSql<B extends string>({ below, rest }: Bands<B>, value: string): string {
  // Bands and limits are constants of our own: written into the text.
  return `case when (${value}) is null then null ${below.map(([band, limit]) => `when (${value}) < ${limit} then '${band}'`).join(' ')} else '${rest}' end`;
}

/** A row of `breakdowns`: one key of one breakdown of a part. */
export interface BreakdownRow<V = number> {
  part: string;
  /** The breakdown's name; 'total' for the part as a whole. */
  dimension: string;
  key: string | null;
  value: V;
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

/** The rows of a part by breakdown, in one pass; a breakdown without rows has an empty list. */
export function byDimension<R extends { dimension: string }>(rows: readonly R[]): (dimension: string) => readonly R[] {
  const groups = groupBy(rows, (row) => row.dimension);
  return (dimension) => groups.get(dimension) ?? [];
}

function groupBy<R>(rows: readonly R[], keyOf: (row: R) => string): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return groups;
}
