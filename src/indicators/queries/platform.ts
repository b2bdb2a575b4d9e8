/**
 * The whole platform's figures (scope EVERYTHING, the Département's), from what the triggers keep for it
 * (migration placement_year_facts) instead of every hours fact: a year of the platform is millions of
 * facts. Rows carry the PLIE that follows the people (`f.followed_by_id`): a PLIE's share is a condition,
 * every PLIE's share a grouping (scope.partKey).
 * - hours: platform_hours, by month, for any period;
 * - companies: platform_company_year, a company's months worked by year, for any period;
 * - people, contracts, markets and exits: platform_people, platform_contracts, platform_markets and
 *   platform_exits for a calendar year or a semester; for other periods, the placement years
 *   (placement_year_fact) and the market and exit facts.
 */
import { monthsByYear, type Period } from '../period.js';
import { marketFacts, partKey, WHOLE_PART, type IndicatorPart, type SqlFragment, type Split } from './scope.js';

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

/** The PLIE of rows `f` (or `e`), as the part asks: one PLIE's share, or any. */
function sharedBy(part: IndicatorPart, column = 'f.followed_by_id'): SqlFragment {
  if (part.share?.kind === 'BUYER') throw new Error('a buyer has no share of the whole platform');
  return part.share ? { sql: `${column} = ?`, params: [part.share.organisationId] } : { sql: 'true', params: [] };
}

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

const and = (...fragments: SqlFragment[]): SqlFragment =>
  ({ sql: fragments.map((fragment) => `(${fragment.sql})`).join(' and '), params: fragments.flatMap((fragment) => fragment.params) });

/**
 * FROM and WHERE of the placement years worked in the period as hours facts `f` (same columns), `f.hours`
 * being the hours of the period's months: people and contracts of a period that is not a span.
 */
export function placementYearsWorked(part: IndicatorPart, period: Period): SqlFragment {
  const where = and(workedIn(period), sharedBy(part));
  return { sql: `(select *, ${periodSum(period, (month) => `f.hours_by_month[${month}]`)} as hours from placement_year_fact f) f where ${where.sql}`, params: where.params };
}

/** The hours of the period by PLIE (or not, `partKey`) and market nature, modality and contract type. */
export function platformHours(part: IndicatorPart, period: Period, partKey: string): SqlFragment {
  const where = and(yearsOf(period), sharedBy(part));
  return {
    sql: `select ${partKey} as part, f.market_nature as nature, f.modality, f.contract_type, sum(${periodSum(period, (month) => `f.m${month}`)}) as hours
            from platform_hours f where ${where.sql} group by 1, 2, 3, 4`,
    params: where.params,
  };
}

/** People of the span by dimension and key (queries/people.ts), as `part`, `dimension`, `key`, `count`. */
export function platformPeople(part: IndicatorPart, span: PlatformSpan, partKey: string): SqlFragment {
  const where = and(inSpan('f', span), sharedBy(part));
  return {
    sql: `select ${partKey} as part, f.dimension, f.key, sum(f.people)::int as count from platform_people f where ${where.sql}
           group by 1, 2, 3 having sum(f.people) <> 0`,
    params: where.params,
  };
}

/** Contracts of the span by type, modality and length in months (null: open-ended), as queries/contracts.ts reads them. */
export function platformContracts(part: IndicatorPart, span: PlatformSpan, partKey: string): SqlFragment {
  const where = and(inSpan('f', span), sharedBy(part));
  return {
    sql: `select ${partKey} as part, f.contract_type, f.modality, nullif(f.months, -1) as months, sum(f.contracts)::int as count
            from platform_contracts f where ${where.sql} group by 1, 2, 3, 4 having sum(f.contracts) <> 0`,
    params: where.params,
  };
}

/** FROM and WHERE of the companies' years `f` worked in the period: over every PLIE's people, or each PLIE's when split or shared. */
export function platformCompanies(part: IndicatorPart, period: Period, split: Split): SqlFragment {
  const plies = split === 'PLIE' || part.share ? { sql: 'f.followed_by_id <> ?', params: [ALL_PLIES] } : { sql: 'f.followed_by_id = ?', params: [ALL_PLIES] };
  const where = and(workedIn(period), plies, sharedBy(part));
  return { sql: `platform_company_year f where ${where.sql}`, params: where.params };
}

/**
 * Markets running in the span with both dates (platform_markets `m`, by the PLIE that facilitates them), as
 * queries/markets.ts sums them: nature, clause, basis, how many and their planned hours.
 */
export function platformMarkets(part: IndicatorPart, span: PlatformSpan, split: Split): SqlFragment {
  const where = and(inSpan('m', span), marketFacts(part));
  return {
    sql: `select ${partKey('m', split)} as part, m.nature, m.clause_mechanism, m.planned_basis as basis, sum(m.markets)::int as markets,
                 sum(m.planned_hours) as hours
            from platform_markets m where ${where.sql} group by 1, 2, 3, 4 having sum(m.markets) <> 0`,
    params: where.params,
  };
}

/** Exits dated in the span by category (platform_exits `e`), as queries/exits.ts reads them. */
export function platformExits(part: IndicatorPart, span: PlatformSpan, split: Split): SqlFragment {
  const where = and(inSpan('e', span), sharedBy(part, 'e.followed_by_id'));
  return {
    sql: `select ${split === 'WHOLE' ? `'${WHOLE_PART}'` : 'e.followed_by_id'} as part, e.category as key, sum(e.exits)::int as count from platform_exits e where ${where.sql}
           group by 1, 2 having sum(e.exits) <> 0`,
    params: where.params,
  };
}
