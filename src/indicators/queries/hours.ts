import type { EntityManager } from '@mikro-orm/postgresql';
import { ContractType, MarketNature, PlacementModality } from '../../db/entities/enums.js';
import type { Period } from '../period.js';
import { platformHours } from './platform.js';
import type { IndicatorScope, Split } from './scope.js';
import { breakdowns, byDimension, byPart, hoursWorked, tally, type BreakdownRow, type PartRows } from './sql.js';

export interface RealisedHours {
  total: number;
  byNature: Record<MarketNature, number>;
  byModality: Record<PlacementModality, number>;
  byContractType: Record<ContractType, number>;
}

/** Hours reported for the period's months in each part, split three ways, from one grouped statement. */
export function realisedHours(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => RealisedHours> {
  let rows: PartRows;
  if (scope.kind === 'EVERYTHING') rows = platformHours(period, splits);
  else {
    const from = hoursWorked(scope, period, splits);
    rows = { sql: `select f.part, f.market_nature as nature, f.modality, f.contract_type, f.hours from ${from.sql}`, params: from.params };
  }
  // Hours have two decimals: numeric adds them exactly.
  return byPart<BreakdownRow<string>, RealisedHours>(em, { ...rows, sql: breakdowns(rows.sql, ['nature', 'modality', 'contract_type'], 'sum(hours)') }, hoursOf);
}

function hoursOf(rows: readonly BreakdownRow<string>[]): RealisedHours {
  // Counted in hundredths, so that no binary rounding creeps into the totals of several parts' rows.
  const of = byDimension(rows.map((row) => ({ ...row, value: Math.round(Number(row.value) * 100) })));
  const inHours = <K extends string>(keys: readonly K[], dimension: string) =>
    Object.fromEntries(Object.entries<number>(tally(keys, of(dimension))).map(([key, cents]) => [key, cents / 100])) as Record<K, number>;
  return {
    total: of('nature').reduce((cents, row) => cents + row.value, 0) / 100,
    byNature: inHours(Object.values(MarketNature), 'nature'),
    byModality: inHours(Object.values(PlacementModality), 'modality'),
    byContractType: inHours(Object.values(ContractType), 'contract_type'),
  };
}
