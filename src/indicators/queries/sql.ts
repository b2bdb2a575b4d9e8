import type { EntityManager } from '@mikro-orm/postgresql';
import { transactionSql } from '../../db/raw-sql.js';
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

export const zeroFor = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/** Counts keyed by the values found, with every expected key present (zero when absent). */
export function tally<K extends string>(keys: readonly K[], rows: readonly { key: string | null; count: number }[]): Record<K, number> {
  const counts = zeroFor(keys);
  for (const { key, count } of rows) {
    if (key === null || !(keys as readonly string[]).includes(key)) throw new Error(`unexpected key ${key} among ${keys.join(', ')}`);
    counts[key as K] += count;
  }
  return counts;
}
