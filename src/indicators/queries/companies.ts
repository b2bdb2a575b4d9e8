import type { EntityManager } from '@mikro-orm/postgresql';
import { CompanyKind, HeadcountBand } from '../../db/entities/enums.js';
import { monthsByYear, type Period } from '../period.js';
import { platformCompanies } from './platform.js';
import type { IndicatorScope, Split } from './scope.js';
import { breakdowns, breakdownTally, byPart, FOUND_KEYS, hoursWorked } from './sql.js';

/** Key of the companies whose headcount or NAF code is not known yet, in those breakdowns. */
export const UNKNOWN_DETAIL = 'UNKNOWN';

/**
 * Distinct companies that employed someone in the part during the period: the employer of a worked
 * placement (the awardee for a direct hire or a training, the agency, GEIQ or SIAE otherwise).
 */
export interface CompanyIndicators {
  total: number;
  /** UNKNOWN_DETAIL: a company whose headcount is not known yet (created by an import with its SIRET alone). */
  byHeadcountBand: Record<HeadcountBand | typeof UNKNOWN_DETAIL, number>;
  /** By NAF division: the first two digits of the NAF code ("43" for specialised construction); UNKNOWN_DETAIL when not known yet. */
  byNafDivision: Record<string, number>;
  byKind: Record<CompanyKind, number>;
}

export function companyIndicators(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => CompanyIndicators> {
  const platform = scope.kind === 'EVERYTHING';
  const from = platform ? platformCompanies(period, splits) : hoursWorked(scope, period, splits);
  // The platform's company years are one row per company, year and part: within a year, each company once already.
  const distinct = platform && monthsByYear(period).size === 1 ? '' : 'distinct';
  return byPart(em, {
    sql: breakdowns(`select ${distinct} f.part, f.company_id, coalesce(f.headcount_band, '${UNKNOWN_DETAIL}') as headcount,
                      coalesce(left(f.naf_code, 2), '${UNKNOWN_DETAIL}') as naf, f.company_kind as kind from ${from.sql}`,
      ['headcount', 'naf', 'kind'], 'count(*)::int', { total: true }),
    params: from.params,
  }, companiesTally);
}

export const companiesTally = breakdownTally(
  { headcount: [...Object.values(HeadcountBand), UNKNOWN_DETAIL], naf: FOUND_KEYS, kind: Object.values(CompanyKind) },
  ({ total, cells }): CompanyIndicators => ({
    total,
    byHeadcountBand: cells.headcount as CompanyIndicators['byHeadcountBand'],
    byNafDivision: cells.naf,
    byKind: cells.kind as Record<CompanyKind, number>,
  }),
);
