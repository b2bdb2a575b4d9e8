import type { EntityManager } from '@mikro-orm/postgresql';
import { ContractType, MarketNature, PlacementModality } from '../../db/entities/enums.js';
import { requestOf } from '../../db/read-lanes.js';
import { monthsByYear, type Period } from '../period.js';
import { MONTHS, platformHours, platformHoursByMonth } from './platform.js';
import type { IndicatorScope, Split } from './scope.js';
import { breakdowns, breakdownTally, byPart, hoursWorked, runSql, talliedByPart, type BreakdownRow, type PartRows } from './sql.js';

export interface RealisedHours {
  total: number;
  byNature: Record<MarketNature, number>;
  byModality: Record<PlacementModality, number>;
  byContractType: Record<ContractType, number>;
}

const HOURS_DIMENSIONS = ['nature', 'modality', 'contract_type'];

/** Hours reported for the period's months in each part, split three ways, from one grouped statement. */
export function realisedHours(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => RealisedHours> {
  const years = scope.kind === 'EVERYTHING' && splits.length === 1 && splits[0] === 'WHOLE' ? monthsByYear(period) : null;
  if (years?.size === 1) {
    const [year, months] = [...years][0]!;
    return platformHoursOfMonths(em, year, months);
  }
  let rows: PartRows;
  if (scope.kind === 'EVERYTHING') rows = platformHours(period, splits);
  else {
    const from = hoursWorked(scope, period, splits);
    rows = { sql: `select f.part, f.market_nature as nature, f.modality, f.contract_type, f.hours from ${from.sql}`, params: from.params };
  }
  // Hours have two decimals: numeric adds them exactly, and in hundredths they are whole numbers that a
  // double holds exactly (under 2^53), so that the sums of several parts' rows add up without rounding.
  return byPart(em, { ...rows, sql: breakdowns(rows.sql, HOURS_DIMENSIONS, '(sum(hours) * 100)::float8') }, hoursTally);
}

type MonthlyRow = Omit<BreakdownRow, 'value'> & { value: number[] };

/** The whole platform's hours of a year, month by month, as each request has read them (by its entity manager, whichever lane read them). */
const yearsReadBy = new WeakMap<EntityManager, Map<number, Promise<MonthlyRow[]>>>();

/**
 * The whole platform's hours of some months of a year: its twelve months read once per request, so that a
 * dashboard asking for each month of a year (twelve fields of one request) sends one statement. Each month's
 * hundredths are whole numbers: their sum over the months is the sum over the period, exactly.
 */
async function platformHoursOfMonths(em: EntityManager, year: number, months: readonly number[]): Promise<(part: string) => RealisedHours> {
  const request = requestOf(em);
  const read = yearsReadBy.get(request) ?? new Map<number, Promise<MonthlyRow[]>>();
  yearsReadBy.set(request, read);
  const rows = platformHoursByMonth(year);
  if (!read.has(year)) {
    const cents = `array[${MONTHS.map((month) => `(sum(m${month}) * 100)::float8`).join(', ')}]`;
    read.set(year, runSql<MonthlyRow>(em, { ...rows, sql: breakdowns(rows.sql, HOURS_DIMENSIONS, cents) }));
  }
  const ofMonths = (await read.get(year)!).map(({ value, ...row }) => ({ ...row, value: months.reduce((sum, month) => sum + value[month - 1]!, 0) }));
  return talliedByPart(ofMonths, rows.wholeFromParts ?? false, hoursTally);
}

const inHours = <K extends string>(cents: Record<string, number>) => {
  const hours: Record<string, number> = {};
  for (const key in cents) hours[key] = cents[key]! / 100;
  return hours as Record<K, number>;
};

export const hoursTally = breakdownTally(
  { nature: Object.values(MarketNature), modality: Object.values(PlacementModality), contract_type: Object.values(ContractType) },
  ({ cells }): RealisedHours => ({
    total: Object.values(cells.nature).reduce((sum, cents) => sum + cents, 0) / 100,
    byNature: inHours(cells.nature),
    byModality: inHours(cells.modality),
    byContractType: inHours(cells.contract_type),
  }),
);
