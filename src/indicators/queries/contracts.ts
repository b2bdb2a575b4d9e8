import type { EntityManager } from '@mikro-orm/postgresql';
import { ContractType, PlacementModality } from '../../db/entities/enums.js';
import { CONTRACT_DURATION_BANDS, contractDurationBand, type ContractDurationBand } from '../contract-duration.js';
import type { Period } from '../period.js';
import { platformContracts, platformSpan } from './platform.js';
import type { IndicatorScope, Split } from './scope.js';
import { byPart, hoursWorked, zeroFor } from './sql.js';

/** Contracts (placements) worked in the part during the period: with hours reported for one of its months. */
export interface ContractIndicators {
  total: number;
  byContractType: Record<ContractType, number>;
  byModality: Record<PlacementModality, number>;
  byDurationBand: Record<ContractDurationBand, number>;
}

interface Row {
  part: string;
  contract_type: ContractType;
  modality: PlacementModality;
  months: number | null;
  count: number;
}


export function contractIndicators(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => ContractIndicators> {
  const span = scope.kind === 'EVERYTHING' ? platformSpan(period) : null;
  if (span) return byPart(em, platformContracts(span, splits), contractsOf);
  const from = hoursWorked(scope, period, splits);
  return byPart<Row, ContractIndicators>(em, {
    // app_contract_months is contractMonths() in SQL (migration placement_year_facts).
    sql: `select p.part, p.contract_type, p.modality, app_contract_months(p.start_date, p.end_date) as months, count(*)::int as count
            from (select distinct f.part, f.placement_id, f.contract_type, f.modality, f.placement_start as start_date,
                                  f.placement_end as end_date
                    from ${from.sql}) p
           group by 1, 2, 3, 4`,
    params: from.params,
  }, contractsOf);
}

function contractsOf(rows: readonly Row[]): ContractIndicators {
  const result: ContractIndicators = {
    total: 0,
    byContractType: zeroFor(Object.values(ContractType)),
    byModality: zeroFor(Object.values(PlacementModality)),
    byDurationBand: zeroFor(CONTRACT_DURATION_BANDS),
  };
  for (const row of rows) {
    result.total += row.count;
    result.byContractType[row.contract_type] += row.count;
    result.byModality[row.modality] += row.count;
    result.byDurationBand[contractDurationBand(row.contract_type === ContractType.CDI, row.months)] += row.count;
  }
  return result;
}
