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
  const people = exitFacts(part);
  const rows = await runSql<{ key: ExitCategoryValue; count: number }>(em, {
    sql: `select e.category as key, count(*)::int as count from exit_fact e
           where e.exit_date >= ?::date and e.exit_date < ?::date and ${people.sql} group by 1`,
    params: [period.start, period.end, ...people.params],
  });
  const byCategory = tally(Object.values(ExitCategoryValue), rows);
  return { total: Object.values(byCategory).reduce((sum, count) => sum + count, 0), byCategory };
}
