import type { EntityManager } from '@mikro-orm/postgresql';
import { ExitCategoryValue } from '../../db/entities/enums.js';
import { combinedKey, recordKeySql } from '../disclosure.js';
import type { Period } from '../period.js';
import { platformExits, platformSpan } from './platform.js';
import { exitFacts, type IndicatorScope, type Split } from './scope.js';
import { breakdownTally, byPart, CELL_KEY_SQL, type Keyed, type PartRows, unkeyed } from './sql.js';

/** Exits dated in the period of the people each part covers (scope.exitFacts), by category (domain.md §4). */
export interface ExitIndicators {
  total: number;
  byCategory: Record<ExitCategoryValue, number>;
}

export function exitIndicators(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => Keyed<ExitIndicators>> {
  const span = scope.kind === 'EVERYTHING' ? platformSpan(period) : null;
  let rows: PartRows;
  if (span) rows = unkeyed(platformExits(span, splits));
  else {
    const exits = exitFacts(scope, period, splits);
    rows = { sql: `select e.part, e.category, 1 as exits, ${recordKeySql('exits', 'e.id')} as record_key from ${exits.sql}`, params: exits.params };
  }
  return byPart(em, {
    ...rows,
    sql: `select part, 'category' as dimension, category as key, sum(exits)::int as value, ${CELL_KEY_SQL} from (${rows.sql}) e group by 1, 3 having sum(exits) <> 0`,
  }, exitsTally);
}

export const exitsTally = breakdownTally({ category: Object.values(ExitCategoryValue) }, ({ cells, keys }): Keyed<ExitIndicators> => {
  const byCategory = cells.category as Record<ExitCategoryValue, number>;
  return {
    counts: { total: Object.values(byCategory).reduce((sum, count) => sum + count, 0), byCategory },
    keys: keys && { total: combinedKey(Object.values(keys.breakdowns.category!)), breakdowns: { byCategory: keys.breakdowns.category! } },
  };
});
