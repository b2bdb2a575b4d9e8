import type { EntityManager } from '@mikro-orm/postgresql';
import { CompanyKind, HeadcountBand } from '../../db/entities/enums.js';
import { monthsByYear, type Period } from '../period.js';
import { platformCompanies } from './platform.js';
import type { IndicatorScope, Split } from './scope.js';
import { byPart, hoursWorked, tally } from './sql.js';

/**
 * Distinct companies that employed someone in the part during the period: the employer of a worked
 * placement (the awardee for a direct hire or a training, the agency, GEIQ or SIAE otherwise).
 */
export interface CompanyIndicators {
  total: number;
  byHeadcountBand: Record<HeadcountBand, number>;
  /** By NAF division: the first two digits of the NAF code ("43" for specialised construction). */
  byNafDivision: Record<string, number>;
  byKind: Record<CompanyKind, number>;
}

interface Row {
  part: string;
  dimension: 'headcount' | 'naf' | 'kind' | 'total';
  key: string | null;
  count: number;
}

export function companyIndicators(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => CompanyIndicators> {
  const platform = scope.kind === 'EVERYTHING';
  const from = platform ? platformCompanies(period, splits) : hoursWorked(scope, period, splits);
  // The platform's company years are one row per company, year and part: within a year, each company once already.
  const distinct = platform && monthsByYear(period).size === 1 ? '' : 'distinct';
  return byPart<Row, CompanyIndicators>(em, {
    sql: `with employers as (select ${distinct} f.part, f.company_id, f.headcount_band as headcount, left(f.naf_code, 2) as naf,
                                    f.company_kind as kind
                               from ${from.sql})
          select part, case when grouping(headcount) = 0 then 'headcount' when grouping(naf) = 0 then 'naf'
                            when grouping(kind) = 0 then 'kind' else 'total' end as dimension,
                 coalesce(headcount, naf, kind) as key, count(*)::int as count
            from employers group by grouping sets ((part, headcount), (part, naf), (part, kind), (part))`,
    params: from.params,
  }, companiesOf);
}

function companiesOf(rows: readonly Row[]): CompanyIndicators {
  const of = (dimension: Row['dimension']) => rows.filter((row) => row.dimension === dimension);
  return {
    total: of('total')[0]?.count ?? 0,
    byHeadcountBand: tally(Object.values(HeadcountBand), of('headcount')),
    byNafDivision: Object.fromEntries(of('naf').map((row) => [row.key!, row.count])),
    byKind: tally(Object.values(CompanyKind), of('kind')),
  };
}
