import type { EntityManager } from '@mikro-orm/postgresql';
import { ExitCategoryValue } from '../../db/entities/enums.js';
import type { Period } from '../period.js';
import { exitFacts, type IndicatorPart } from './scope.js';
import { runSql, tally } from './sql.js';

/** Exits dated in the period of the people the part covers (scope.exitFacts), by category (domain.md §4). */
export interface ExitIndicators {
  total: number;
  byCategory: Record<ExitCategoryValue, number>;
}

export async function exitIndicators(em: EntityManager, part: IndicatorPart, period: Period): Promise<ExitIndicators> {
  const exits = exitFacts(part, period);
  const rows = await runSql<{ key: ExitCategoryValue; count: number }>(em, {
    sql: `select e.category as key, count(*)::int as count from ${exits.sql} group by 1`,
    params: exits.params,
  });
  const byCategory = tally(Object.values(ExitCategoryValue), rows);
  return { total: Object.values(byCategory).reduce((sum, count) => sum + count, 0), byCategory };
}
