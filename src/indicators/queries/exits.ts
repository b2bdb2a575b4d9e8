import type { EntityManager } from '@mikro-orm/postgresql';
import { ExitCategoryValue } from '../../db/entities/enums.js';
import type { Period } from '../period.js';
import { beneficiaryScope, type IndicatorScope } from './scope.js';
import { runSql, tally } from './sql.js';

/** Exits dated in the period of the people the scope covers (scope.beneficiaryScope), by category (domain.md §4). */
export interface ExitIndicators {
  total: number;
  byCategory: Record<ExitCategoryValue, number>;
}

export async function exitIndicators(em: EntityManager, scope: IndicatorScope, period: Period): Promise<ExitIndicators> {
  const people = beneficiaryScope(scope, 'e.beneficiary_id');
  const rows = await runSql<{ key: ExitCategoryValue; count: number }>(em, {
    sql: `select e.category as key, count(*)::int as count from beneficiary_exit e
           where e.exit_date >= ?::date and e.exit_date < ?::date and ${people.sql} group by 1`,
    params: [period.start, period.end, ...people.params],
  });
  const byCategory = tally(Object.values(ExitCategoryValue), rows);
  return { total: Object.values(byCategory).reduce((sum, count) => sum + count, 0), byCategory };
}
