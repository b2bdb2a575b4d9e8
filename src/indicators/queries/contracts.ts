import type { EntityManager } from '@mikro-orm/postgresql';
import { ContractType, PlacementModality } from '../../db/entities/enums.js';
import { CONTRACT_DURATION_BANDS, CONTRACT_MONTHS_BANDING, type ContractDurationBand } from '../contract-duration.js';
import { combinedKey, recordKeySql } from '../disclosure.js';
import type { Period } from '../period.js';
import { platformContracts, platformSpan } from './platform.js';
import type { IndicatorScope, Split } from './scope.js';
import { bandSql, breakdowns, breakdownTally, byPart, hoursWorked, renamedKeys, type Keyed, type PartRows, unkeyed } from './sql.js';

/** Contracts (placements) worked in the part during the period: with hours reported for one of its months. */
export interface ContractIndicators {
  total: number;
  byContractType: Record<ContractType, number>;
  byModality: Record<PlacementModality, number>;
  byDurationBand: Record<ContractDurationBand, number>;
}

/** contractDurationBand() of rows with a `contract_type` and their `months`, in SQL. */
const DURATION_BAND = `case when contract_type = '${ContractType.CDI}' then 'OPEN_ENDED' else coalesce(${bandSql(CONTRACT_MONTHS_BANDING, 'months')}, 'OPEN_ENDED') end`;

export function contractIndicators(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => Keyed<ContractIndicators>> {
  const span = scope.kind === 'EVERYTHING' ? platformSpan(period) : null;
  let rows: PartRows;
  if (span) rows = unkeyed(platformContracts(span, splits));
  else {
    const from = hoursWorked(scope, period, splits);
    // app_contract_months is contractMonths() in SQL (migration placement_year_facts).
    rows = {
      sql: `select part, contract_type, modality, app_contract_months(start_date, end_date) as months, 1 as contracts, ${recordKeySql('contracts', 'placement_id')} as record_key
              from (select distinct f.part, f.placement_id, f.contract_type, f.modality, f.placement_start as start_date, f.placement_end as end_date
                      from ${from.sql}) p`,
      params: from.params,
    };
  }
  return byPart(em, {
    ...rows,
    sql: breakdowns(`select part, contract_type, modality, ${DURATION_BAND} as duration, contracts, record_key from (${rows.sql}) contract`,
      ['contract_type', 'modality', 'duration'], 'sum(contracts)::int', { keyed: true }),
  }, contractsTally);
}

const BREAKDOWN_NAMES = { contract_type: 'byContractType', modality: 'byModality', duration: 'byDurationBand' } as const;

export const contractsTally = breakdownTally(
  { contract_type: Object.values(ContractType), modality: Object.values(PlacementModality), duration: CONTRACT_DURATION_BANDS },
  ({ cells, keys }): Keyed<ContractIndicators> => ({
    counts: {
      total: Object.values(cells.contract_type).reduce((sum, count) => sum + count, 0),
      byContractType: cells.contract_type as Record<ContractType, number>,
      byModality: cells.modality as Record<PlacementModality, number>,
      byDurationBand: cells.duration as Record<ContractDurationBand, number>,
    },
    // Each contract has one type: the types' keys make the total's.
    keys: keys && { total: combinedKey(Object.values(keys.breakdowns.contract_type!)), breakdowns: renamedKeys(keys.breakdowns, BREAKDOWN_NAMES) },
  }),
);
