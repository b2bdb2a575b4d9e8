import type { EntityManager } from '@mikro-orm/postgresql';
import type { Period } from '../period.js';
import { placementScope, type IndicatorScope, type SqlFragment } from './scope.js';

/** Runs a statement on the request's connection and transaction, where row-level security applies. */
export function runSql<T extends object>(em: EntityManager, { sql, params }: SqlFragment): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

/**
 * FROM and WHERE of the hours worked in the scope during the period: rows `h` of monthly_hours whose
 * month starts in the period (period.monthsOf), of placement `p`, market `m` LEFT JOINed. Months are
 * first days, so the range uses the index on monthly_hours.month.
 */
export function hoursWorked(scope: IndicatorScope, period: Period): SqlFragment {
  const inScope = placementScope(scope);
  return {
    sql: `monthly_hours h join placement p on p.id = h.placement_id left join market m on m.id = p.market_id
          where h.month >= ?::date and h.month < ?::date and h.hours > 0 and ${inScope.sql}`,
    params: [period.start, period.end, ...inScope.params],
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
