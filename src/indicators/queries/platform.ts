/**
 * The whole platform's figures (scope EVERYTHING, the Département's), from what the triggers keep for it
 * (migration placement_year_facts) instead of every hours fact: a year of the platform is millions of
 * facts. Rows carry the PLIE that follows the people (`f.followed_by_id`): the whole platform and every
 * PLIE's share are groups of the same statement (scope.withParts).
 * - hours: platform_hours, by month, for any period;
 * - companies: platform_company_year, a company's months worked by year, for any period;
 * - people, contracts, markets and exits: platform_people, platform_contracts, platform_markets and
 *   platform_exits for a calendar year or a semester; for other periods, the placement years
 *   (placement_year_fact) and the market and exit facts.
 */
import { monthsByYear, type Period } from '../period.js';
import { partKey, sharesSplit, withParts, type Alias, type SqlFragment, type Split } from './scope.js';
import type { PartRows } from './sql.js';

/** platform_company_year's PLIE of a company's year over every PLIE's people (the migration's). */
const ALL_PLIES = '00000000-0000-0000-0000-000000000000';

export interface PlatformSpan {
  year: number;
  span: 'YEAR' | 'S1' | 'S2';
}

/** The period as one of the spans the platform's sums count (a calendar year, a semester), or null. */
export function platformSpan({ start, end }: Period): PlatformSpan | null {
  const year = start.slice(0, 4);
  const next = String(Number(year) + 1).padStart(4, '0');
  const spans: [PlatformSpan['span'], string, string][] = [['YEAR', `${year}-01-01`, `${next}-01-01`], ['S1', `${year}-01-01`, `${year}-07-01`], ['S2', `${year}-07-01`, `${next}-01-01`]];
  const found = spans.find(([, spanStart, spanEnd]) => spanStart === start && spanEnd === end);
  return found ? { year: Number(year), span: found[0] } : null;
}

const monthMask = (months: readonly number[]) => months.reduce((mask, month) => mask | (1 << (month - 1)), 0);

const inSpan = (alias: string, { year, span }: PlatformSpan): SqlFragment => ({ sql: `${alias}.year = ? and ${alias}.span = ?`, params: [year, span] });

/** WHERE of rows `f` with a `year` and a `worked` mask (of months) that have months worked in the period. */
function workedIn(period: Period): SqlFragment {
  const years = [...monthsByYear(period)];
  if (years.length === 0) return { sql: 'false', params: [] };
  return { sql: `(${years.map(() => '(f.year = ? and f.worked & ? <> 0)').join(' or ')})`, params: years.flatMap(([year, months]) => [year, monthMask(months)]) };
}

/** SQL of the sum, over the period's months, of the month columns `column(m)` of rows `f` (0 outside the period's years). */
function periodSum(period: Period, column: (month: number) => string): string {
  // Years and months are integers of our own making: written into the text, which the CASE needs.
  const years = [...monthsByYear(period)].map(([year, months]) => `when ${year} then ${months.map(column).join(' + ')}`);
  return years.length === 0 ? '0' : `case f.year ${years.join(' ')} else 0 end`;
}

/** The period's years, as a condition on rows `f`. */
function yearsOf(period: Period): SqlFragment {
  const years = [...monthsByYear(period).keys()];
  return { sql: years.length === 0 ? 'false' : `f.year in (${years.map(() => '?').join(', ')})`, params: years };
}

/**
 * FROM and WHERE of the placement years worked in the period as hours facts `f` (same columns), `f.hours`
 * being the hours of the period's months: people and contracts of a period that is not a span.
 */
export function placementYearsWorked(period: Period): SqlFragment {
  const worked = workedIn(period);
  return { sql: `(select *, ${periodSum(period, (month) => `f.hours_by_month[${month}]`)} as hours from placement_year_fact f) f where ${worked.sql}`, params: worked.params };
}

/**
 * The splits to read from a sum kept by PLIE, and whether the whole comes from the parts: with every PLIE's
 * share asked, the whole platform is the sum of the PLIEs' rows (each person, contract, hour and exit counts
 * under one PLIE, each market under its facilitator or NO_PLIE), so its rows are not read a second time.
 */
export function additive(splits: readonly Split[]): { splits: readonly Split[]; wholeFromParts: boolean } {
  return splits.includes('WHOLE') && splits.includes('PLIE') ? { splits: ['PLIE'], wholeFromParts: true } : { splits, wholeFromParts: false };
}

/**
 * The rows of a sum kept by PLIE that `where` keeps, as rows `alias` with their part (the SELECT list
 * `columns`), read by the splits `additive` gives.
 */
function overSum(table: string, alias: Alias, where: SqlFragment, splits: readonly Split[], columns: string): PartRows {
  const { splits: read, wholeFromParts } = additive(splits);
  const from = withParts(alias, { sql: `${table} ${alias} where ${where.sql}`, params: where.params }, read);
  return { sql: `select ${columns} from ${from.sql}`, params: from.params, wholeFromParts };
}

/** The hours of the period's months as rows `part`, `nature`, `modality`, `contract_type` and `hours`, as queries/hours.ts breaks them down. */
export function platformHours(period: Period, splits: readonly Split[]): PartRows {
  return overSum('platform_hours', 'f', yearsOf(period), splits,
    `f.part, f.market_nature as nature, f.modality, f.contract_type, ${periodSum(period, (month) => `f.m${month}`)} as hours`);
}

/** The twelve months of a year. */
export const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);

/** The whole platform's hours of each month of a year as rows `part`, `nature`, `modality`, `contract_type` and `m1` to `m12`. */
export function platformHoursByMonth(year: number): PartRows {
  return overSum('platform_hours', 'f', { sql: 'f.year = ?', params: [year] }, ['WHOLE'],
    `f.part, f.market_nature as nature, f.modality, f.contract_type, ${MONTHS.map((month) => `f.m${month}`).join(', ')}`);
}

/** People of the span as rows `part`, `dimension`, `key` and `people` (queries/people.ts). */
export function platformPeople(span: PlatformSpan, splits: readonly Split[]): PartRows {
  return overSum('platform_people', 'f', inSpan('f', span), splits, 'f.part, f.dimension, f.key, f.people');
}

/**
 * Contracts of the span as rows `part`, `contract_type`, `modality`, `months` (the length in months, null:
 * open-ended) and `contracts`, as queries/contracts.ts breaks them down.
 */
export function platformContracts(span: PlatformSpan, splits: readonly Split[]): PartRows {
  return overSum('platform_contracts', 'f', inSpan('f', span), splits, 'f.part, f.contract_type, f.modality, nullif(f.months, -1) as months, f.contracts');
}

/**
 * FROM of the companies' years `f` worked in the period, with their part: the whole platform's from the
 * rows over every PLIE's people, each PLIE's share from its own rows.
 */
export function platformCompanies(period: Period, splits: readonly Split[]): SqlFragment {
  const worked = workedIn(period);
  const plies = sharesSplit(splits, 'PLIE');
  // Each row is one part's: a row over every PLIE the whole platform's, the others their PLIE's.
  const part = `case when f.followed_by_id = '${ALL_PLIES}' then ${splits.includes('WHOLE') ? partKey('f', 'WHOLE') : 'null'} else ${plies ? partKey('f', plies) : 'null'} end`;
  return { sql: `(select * from (select ${part} as part, f.* from platform_company_year f where ${worked.sql}) f where f.part is not null) f`, params: worked.params };
}

/**
 * Markets running in the span with both dates (platform_markets `m`, by the PLIE that facilitates them), as
 * queries/markets.ts sums them: nature, clause, basis, how many and their planned hours. queries/markets.ts
 * adds the other markets, read by the same splits (`additive`).
 */
export function platformMarkets(span: PlatformSpan, splits: readonly Split[]): PartRows {
  const rows = overSum('platform_markets', 'm', inSpan('m', span), splits, 'm.part, m.nature, m.clause_mechanism, m.planned_basis as basis, m.markets, m.planned_hours');
  // Read by PLIE alone (the whole from the parts), each row is already one part's for one key (the table's primary key): nothing to group.
  if (rows.wholeFromParts) {
    return { ...rows, sql: `select part, nature, clause_mechanism, basis, markets, planned_hours as hours from (${rows.sql}) m where markets <> 0` };
  }
  return { ...rows, sql: `select part, nature, clause_mechanism, basis, sum(markets)::int as markets, sum(planned_hours) as hours
                            from (${rows.sql}) m group by 1, 2, 3, 4 having sum(markets) <> 0` };
}

/** Exits dated in the span as rows `part`, `category` and `exits` (queries/exits.ts). */
export function platformExits(span: PlatformSpan, splits: readonly Split[]): PartRows {
  return overSum('platform_exits', 'e', inSpan('e', span), splits, 'e.part, e.category, e.exits');
}
