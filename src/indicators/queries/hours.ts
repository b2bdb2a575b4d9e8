import type { EntityManager } from '@mikro-orm/postgresql';
import { ContractType, MarketNature, PlacementModality } from '../../db/entities/enums.js';
import type { Period } from '../period.js';
import { platformHours } from './platform.js';
import type { IndicatorScope, Split } from './scope.js';
import { byPart, hoursWorked, zeroFor } from './sql.js';

export interface RealisedHours {
  total: number;
  byNature: Record<MarketNature, number>;
  byModality: Record<PlacementModality, number>;
  byContractType: Record<ContractType, number>;
}

interface Row {
  part: string;
  nature: MarketNature;
  modality: PlacementModality;
  contract_type: ContractType;
  hours: string;
}

const toHours = <K extends string>(cents: Record<K, number>) =>
  Object.fromEntries(Object.entries<number>(cents).map(([key, value]) => [key, value / 100])) as Record<K, number>;

/** Hours reported for the period's months in each part, split three ways, from one grouped statement. */
export function realisedHours(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => RealisedHours> {
  if (scope.kind === 'EVERYTHING') return byPart(em, platformHours(period, splits), hoursOf);
  const from = hoursWorked(scope, period, splits);
  return byPart<Row, RealisedHours>(em, {
    sql: `select f.part, f.market_nature as nature, f.modality, f.contract_type, sum(f.hours) as hours from ${from.sql} group by 1, 2, 3, 4`,
    params: from.params,
  }, hoursOf);
}

function hoursOf(rows: readonly Row[]): RealisedHours {
  // Hours have two decimals: added up in hundredths, so that no binary rounding creeps into the totals.
  let total = 0;
  const byNature = zeroFor(Object.values(MarketNature));
  const byModality = zeroFor(Object.values(PlacementModality));
  const byContractType = zeroFor(Object.values(ContractType));
  for (const row of rows) {
    const cents = Math.round(Number(row.hours) * 100);
    total += cents;
    byNature[row.nature] += cents;
    byModality[row.modality] += cents;
    byContractType[row.contract_type] += cents;
  }
  return { total: total / 100, byNature: toHours(byNature), byModality: toHours(byModality), byContractType: toHours(byContractType) };
}
