import type { EntityManager } from '@mikro-orm/postgresql';
import { ExitCategoryValue } from '../../db/entities/enums.js';
import type { Period } from '../period.js';
import { platformExits, platformSpan } from './platform.js';
import { exitFacts, type IndicatorScope, type Split } from './scope.js';
import { byPart, sumBreakdowns, type BreakdownRow, type PartRows } from './sql.js';

/** Exits dated in the period of the people each part covers (scope.exitFacts), by category (domain.md §4). */
export interface ExitIndicators {
  total: number;
  byCategory: Record<ExitCategoryValue, number>;
}

export function exitIndicators(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => ExitIndicators> {
  const span = scope.kind === 'EVERYTHING' ? platformSpan(period) : null;
  let rows: PartRows;
  if (span) rows = platformExits(span, splits);
  else {
    const exits = exitFacts(scope, period, splits);
    rows = { sql: `select e.part, e.category, 1 as exits from ${exits.sql}`, params: exits.params };
  }
  return byPart<BreakdownRow, ExitIndicators>(em, {
    ...rows,
    sql: `select part, 'category' as dimension, category as key, sum(exits)::int as value from (${rows.sql}) e group by 1, 3 having sum(exits) <> 0`,
  }, exitsOf);
}

function exitsOf(rows: readonly BreakdownRow[]): ExitIndicators {
  const byCategory = sumBreakdowns(rows, { category: Object.values(ExitCategoryValue) }).cells.category as Record<ExitCategoryValue, number>;
  return { total: Object.values(byCategory).reduce((sum, count) => sum + count, 0), byCategory };
}
