import type { EntityManager } from '@mikro-orm/postgresql';
import { ExitCategoryValue } from '../../db/entities/enums.js';
import type { Period } from '../period.js';
import { platformExits, platformSpan } from './platform.js';
import { exitFacts, type IndicatorScope, type Split } from './scope.js';
import { byPart, tally } from './sql.js';

/** Exits dated in the period of the people each part covers (scope.exitFacts), by category (domain.md §4). */
export interface ExitIndicators {
  total: number;
  byCategory: Record<ExitCategoryValue, number>;
}

export function exitIndicators(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => ExitIndicators> {
  const span = scope.kind === 'EVERYTHING' ? platformSpan(period) : null;
  if (span) return byPart<Row, ExitIndicators>(em, platformExits(span, splits), exitsOf);
  const exits = exitFacts(scope, period, splits);
  return byPart<Row, ExitIndicators>(em, { sql: `select e.part, e.category as key, count(*)::int as value from ${exits.sql} group by 1, 2`, params: exits.params }, exitsOf);
}

interface Row {
  part: string;
  key: string;
  value: number;
}

function exitsOf(rows: readonly Row[]): ExitIndicators {
  const byCategory = tally(Object.values(ExitCategoryValue), rows);
  return { total: Object.values(byCategory).reduce((sum, count) => sum + count, 0), byCategory };
}
