import type { EntityManager } from '@mikro-orm/postgresql';
import type { Period } from '../period.js';
import { hoursFacts, type IndicatorPart, type SqlFragment } from './scope.js';

/** Runs a statement on the request's connection and transaction, where row-level security applies. */
export function runSql<T extends object>(em: EntityManager, { sql, params }: SqlFragment): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

/**
 * FROM and WHERE of the hours worked in the part during the period: hours facts `f` whose month starts
 * in the period (period.monthsOf). Months are first days, so the range uses the indexes on (…, month).
 */
export function hoursWorked(part: IndicatorPart, period: Period): SqlFragment {
  const inPart = hoursFacts(part);
  return {
    sql: `hours_fact f where f.month >= ?::date and f.month < ?::date and f.hours > 0 and ${inPart.sql}`,
    params: [period.start, period.end, ...inPart.params],
  };
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
