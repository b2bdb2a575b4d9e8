import type { EntityManager } from '@mikro-orm/postgresql';
import { ClauseMechanism, MarketNature } from '../../db/entities/enums.js';
import { plannedInsertionHours, type PlannedHours, type PlannedHoursBasis } from '../../domain/planned-hours.js';
import { insertionRateAchieved, labourHours, progressTowards } from '../insertion-rate.js';
import type { Period } from '../period.js';
import { additive, platformMarkets, platformSpan } from './platform.js';
import { scopeCondition, withParts, type IndicatorScope, type SqlFragment, type Split } from './scope.js';
import { byPart, runSql, zeroFor, type Tally } from './sql.js';

/**
 * A market of the scope running in the period (its dates overlap it; a draft is not counted): its clause
 * and how far it has got by the end of the period.
 */
export interface MarketProgress {
  marketId: string;
  buyerId: string;
  facilitatorId: string | null;
  nature: MarketNature;
  clauseMechanism: ClauseMechanism;
  planned: PlannedHours;
  /** Every hour the market needs (amount × labour rate ÷ hourly cost); null when not computable. */
  labourHours: number | null;
  /** The market's insertion rate: its target. */
  targetRate: number | null;
  realisedInPeriod: number;
  /** Since the market began, up to the end of the period. */
  realisedToPeriodEnd: number;
  /** realisedToPeriodEnd ÷ labourHours. */
  rateAchieved: number | null;
  /** rateAchieved ÷ targetRate: 1 when the clause is fulfilled. */
  progress: number | null;
}

export interface PlannedHoursSummary {
  /** Planned hours of the markets whose planned hours are known, whole clauses (not prorated to the period). */
  hours: number;
  byNature: Record<MarketNature, number>;
  /** How many markets had their planned hours stated by the buyer, computed by the formula, or unknown. */
  marketsByBasis: Record<PlannedHoursBasis, number>;
  /** How many markets by the legal mechanism of their clause. */
  marketsByClause: Record<ClauseMechanism, number>;
}

interface Row {
  id: string;
  buyer_id: string;
  facilitator_id: string | null;
  nature: MarketNature;
  clause_mechanism: ClauseMechanism;
  amount_ht: string | null;
  labour_rate: string | null;
  insertion_rate: string | null;
  hourly_cost: string | null;
  stated_hours: string | null;
  in_period: string;
  to_date: string;
}

const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

/** WHERE of the market facts `m` of the scope running in the period. */
function marketsRunning(scope: IndicatorScope, period: Period): SqlFragment {
  const markets = scopeCondition('m', scope);
  return {
    sql: `${markets.sql} and m.status <> 'DRAFT' and (m.start_date is null or m.start_date < ?::date) and (m.end_date is null or m.end_date >= ?::date)`,
    params: [...markets.params, period.end, period.start],
  };
}

export async function marketProgress(em: EntityManager, scope: IndicatorScope, period: Period): Promise<MarketProgress[]> {
  const running = marketsRunning(scope, period);
  const rows = await runSql<Row>(em, {
    sql: `select m.id, m.buyer_id, m.facilitator_id, m.nature, m.clause_mechanism, m.amount_ht, m.labour_rate, m.insertion_rate, m.hourly_cost, m.stated_hours,
                 coalesce(sum(f.hours) filter (where f.month >= ?::date), 0) as in_period, coalesce(sum(f.hours), 0) as to_date
            from market_fact m
            left join hours_fact f on f.market_id = m.id and f.month < ?::date
           where ${running.sql}
           group by m.id
           order by m.id`,
    params: [period.start, period.end, ...running.params],
  });
  return rows.map((row) => {
    const clause = {
      amountHt: numberOrNull(row.amount_ht),
      labourRate: numberOrNull(row.labour_rate),
      insertionRate: numberOrNull(row.insertion_rate),
      hourlyCost: numberOrNull(row.hourly_cost),
      statedHours: numberOrNull(row.stated_hours),
    };
    const labour = labourHours(clause);
    const realisedToPeriodEnd = Number(row.to_date);
    const rateAchieved = insertionRateAchieved(realisedToPeriodEnd, labour);
    return {
      marketId: row.id,
      buyerId: row.buyer_id,
      facilitatorId: row.facilitator_id,
      nature: row.nature,
      clauseMechanism: row.clause_mechanism,
      planned: plannedInsertionHours(clause),
      labourHours: labour,
      targetRate: clause.insertionRate,
      realisedInPeriod: Number(row.in_period),
      realisedToPeriodEnd,
      rateAchieved,
      progress: progressTowards(rateAchieved, clause.insertionRate),
    };
  });
}

interface SummaryRow {
  part: string;
  nature: MarketNature;
  clause_mechanism: ClauseMechanism;
  basis: PlannedHoursBasis;
  markets: number;
  hours: string;
}

/**
 * The planned hours of the markets of the part running in the period, summed in SQL from each market
 * fact's planned hours (plannedInsertionHours, as the trigger computes it): one grouped statement whatever
 * the number of markets.
 */
export function plannedHoursSummary(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => PlannedHoursSummary> {
  // The whole platform's markets with both dates are summed by span already (platform_markets): the others are added here.
  const span = scope.kind === 'EVERYTHING' ? platformSpan(period) : null;
  // Read by the same splits as the sums they are added to.
  const read = span ? additive(splits).splits : splits;
  const running = marketsRunning(scope, period);
  const markets = withParts('m', {
    sql: `market_fact m where ${running.sql}${span ? ' and (m.start_date is null or m.end_date is null)' : ''}`,
    params: running.params,
  }, read);
  const facts = {
    sql: `select m.part, m.nature, m.clause_mechanism, m.planned_basis as basis, count(*)::int as markets, coalesce(sum(m.planned_hours), 0) as hours
            from ${markets.sql} group by 1, 2, 3, 4`,
    params: markets.params,
  };
  if (!span) return byPart(em, facts, summaryTally);
  const summed = platformMarkets(span, splits);
  return byPart(em, { ...summed, sql: `${summed.sql} union all ${facts.sql}`, params: [...summed.params, ...facts.params] }, summaryTally);
}

export function summaryTally(): Tally<SummaryRow, PlannedHoursSummary> {
  const summary: PlannedHoursSummary = {
    hours: 0,
    byNature: zeroFor(Object.values(MarketNature)),
    marketsByBasis: zeroFor<PlannedHoursBasis>(['STATED', 'COMPUTED', 'UNKNOWN']),
    marketsByClause: zeroFor(Object.values(ClauseMechanism)),
  };
  return {
    add(row) {
      const hours = Number(row.hours);
      summary.marketsByBasis[row.basis] += row.markets;
      summary.marketsByClause[row.clause_mechanism] += row.markets;
      summary.hours += hours;
      summary.byNature[row.nature] += hours;
    },
    result: () => summary,
  };
}
