import type { EntityManager } from '@mikro-orm/postgresql';
import { ContractType, MarketNature, PlacementModality } from '../../db/entities/enums.js';
import type { Period } from '../period.js';
import { platformHours } from './platform.js';
import type { IndicatorScope, Split } from './scope.js';
import { breakdowns, byPart, hoursWorked, sumBreakdowns, type BreakdownRow, type PartRows } from './sql.js';

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
  // Hours have two decimals: numeric adds them exactly, and in hundredths they are whole numbers that a
  // double holds exactly (under 2^53), so that the sums of several parts' rows add up without rounding.
  return byPart<BreakdownRow, RealisedHours>(em, { ...rows, sql: breakdowns(rows.sql, ['nature', 'modality', 'contract_type'], '(sum(hours) * 100)::float8') }, hoursOf);
}

const inHours = <K extends string>(cents: Record<string, number>) => {
  const hours: Record<string, number> = {};
  for (const key in cents) hours[key] = cents[key]! / 100;
  return hours as Record<K, number>;
};

function hoursOf(rows: readonly BreakdownRow[]): RealisedHours {
  const { cells } = sumBreakdowns(rows, { nature: Object.values(MarketNature), modality: Object.values(PlacementModality), contract_type: Object.values(ContractType) });
  return {
    total: Object.values(cells.nature).reduce((sum, cents) => sum + cents, 0) / 100,
    byNature: inHours(cells.nature),
    byModality: inHours(cells.modality),
    byContractType: inHours(cells.contract_type),
  };
}
