import type { EntityManager } from '@mikro-orm/postgresql';
import { Sex } from '../../db/entities/enums.js';
import { AGE_BANDS, ageBand, type AgeBand } from '../../domain/age.js';
import type { Period } from '../period.js';
import type { CountTable } from '../suppression.js';
import { platformPeople, platformSpan } from './platform.js';
import type { IndicatorScope, Split } from './scope.js';
import { byPart, hoursWorked, tally, zeroFor } from './sql.js';

/** Key of the people who live in no QPV, in the breakdown by QPV (the others are keyed by the QPV's id). */
export const NO_QPV = 'NONE';

export type YesNo = Record<'YES' | 'NO', number>;

/**
 * Distinct people who worked in the scope during the period: at least one placement in the scope with
 * hours (more than zero) reported for a month of the period. Someone placed twice counts once. Every
 * breakdown splits the same people, so each sums to the total.
 */
export interface PeopleIndicators {
  total: number;
  bySex: Record<Sex, number>;
  /** By age at entry into the scheme (domain/age.ts): the bands add up to any youth threshold. */
  byAgeBand: Record<AgeBand, number>;
  /** Keyed by QPV id, NO_QPV for the others; only the QPVs someone lives in. */
  byQpv: Record<string, number>;
  brsa: YesNo;
  deld: YesNo;
  rqth: YesNo;
  ase: YesNo;
  /** At least one counted placement that trains: a training, an apprenticeship or a professionalisation contract. */
  trainingAccess: YesNo;
}

/** Contracts that give access to training (the charter's "accès à la formation"). */
const TRAINING = `(f.modality = 'TRAINING' or f.contract_type in ('TRAINING', 'APPRENTICESHIP', 'PROFESSIONALISATION'))`;

const DIMENSIONS = ['sex', 'age', 'qpv', 'brsa', 'deld', 'rqth', 'ase', 'training'] as const;
type Dimension = (typeof DIMENSIONS)[number] | 'total';

interface Row {
  part: string;
  dimension: Dimension;
  key: string | null;
  count: number;
}

/** One statement: the people, then one grouping set per breakdown. */
export function peopleIndicators(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => PeopleIndicators> {
  const span = scope.kind === 'EVERYTHING' ? platformSpan(period) : null;
  if (span) return byPart(em, platformPeople(span, splits), peopleOf);
  const from = hoursWorked(scope, period, splits);
  return byPart<Row, PeopleIndicators>(em, {
    // A person's statuses are the same on each of their facts: min() takes them once.
    sql: `with people as (select f.part, min(f.sex) as sex, min(f.age_at_entry)::text as age, coalesce(min(f.qpv_id::text), '${NO_QPV}') as qpv,
                                 bool_or(f.is_brsa) as brsa, bool_or(f.is_deld) as deld, bool_or(f.is_rqth) as rqth, bool_or(f.is_ase) as ase,
                                 bool_or(${TRAINING}) as training
                            from ${from.sql} group by 1, f.beneficiary_id)
          select part, case ${DIMENSIONS.map((d) => `when grouping(${d}) = 0 then '${d}'`).join(' ')} else 'total' end as dimension,
                 coalesce(sex, age, qpv, case when coalesce(brsa, deld, rqth, ase, training) then 'YES' else 'NO' end) as key,
                 count(*)::int as count
            from people
           group by grouping sets (${DIMENSIONS.map((d) => `(part, ${d})`).join(', ')}, (part))`,
    params: from.params,
  }, peopleOf);
}

/** The people of rows of one part, or of several whose people are distinct (the whole platform's PLIEs): counts add up. */
function peopleOf(rows: readonly Row[]): PeopleIndicators {
  const of = (dimension: Dimension) => rows.filter((row) => row.dimension === dimension);
  const yesNo = (dimension: Dimension) => tally(['YES', 'NO'], of(dimension));
  const byAgeBand = zeroFor(AGE_BANDS);
  for (const row of of('age')) byAgeBand[ageBand(Number(row.key))] += row.count;
  const byQpv: Record<string, number> = {};
  for (const row of of('qpv')) byQpv[row.key!] = (byQpv[row.key!] ?? 0) + row.count;
  return {
    total: of('total').reduce((sum, row) => sum + row.count, 0),
    bySex: tally(Object.values(Sex), of('sex')),
    byAgeBand,
    byQpv,
    brsa: yesNo('brsa'),
    deld: yesNo('deld'),
    rqth: yesNo('rqth'),
    ase: yesNo('ase'),
    trainingAccess: yesNo('training'),
  };
}

/** The people figures as one table for suppression: every breakdown is of the same total. */
export function peopleCountTable(people: PeopleIndicators): CountTable {
  const { total, ...breakdowns } = people;
  return { total, breakdowns };
}
