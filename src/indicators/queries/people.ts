import type { EntityManager } from '@mikro-orm/postgresql';
import { Sex } from '../../db/entities/enums.js';
import { AGE_BANDING, AGE_BANDS, type AgeBand } from '../../domain/age.js';
import type { Period } from '../period.js';
import { recordKeySql } from '../disclosure.js';
import { platformPeople, platformSpan } from './platform.js';
import type { IndicatorScope, Split } from './scope.js';
import { bandSql, breakdowns, breakdownTally, byPart, FOUND_KEYS, hoursWorked, renamedKeys, type Keyed } from './sql.js';

/** Key of the people who live in no QPV, in the breakdown by QPV (the others are keyed by the QPV's id). */
export const NO_QPV = 'NONE';
/** Key of the people who live in a QPV, whichever, where the breakdown says no more (compute.ts). */
export const IN_QPV = 'IN_QPV';

export type YesNo = Record<'YES' | 'NO', number>;

const YES_NO = ['YES', 'NO'] as const;

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

const YES_NO_DIMENSIONS = { brsa: 'f.is_brsa', deld: 'f.is_deld', rqth: 'f.is_rqth', ase: 'f.is_ase', training: TRAINING } as const;

/** One statement: the people, then one grouping set per breakdown, ages by band (domain/age.ts). */
export function peopleIndicators(em: EntityManager, scope: IndicatorScope, period: Period, splits: readonly Split[]): Promise<(part: string) => Keyed<PeopleIndicators>> {
  const span = scope.kind === 'EVERYTHING' ? platformSpan(period) : null;
  if (span) {
    const people = platformPeople(span, splits);
    return byPart(em, {
      ...people,
      sql: `select part, dimension, case when dimension = 'age' then ${bandSql(AGE_BANDING, 'key::int')} else key end as key, sum(people)::int as value
              from (${people.sql}) people group by 1, 2, 3 having sum(people) <> 0`,
    }, peopleTally);
  }
  const from = hoursWorked(scope, period, splits);
  const yesNo = Object.entries(YES_NO_DIMENSIONS).map(([dimension, fact]) => `case when bool_or(${fact}) then 'YES' else 'NO' end as ${dimension}`);
  return byPart(em, {
    // A person's statuses are the same on each of their facts: min() takes them once.
    sql: breakdowns(`select f.part, min(f.sex) as sex, ${bandSql(AGE_BANDING, 'min(f.age_at_entry)')} as age, coalesce(min(f.qpv_id::text), '${NO_QPV}') as qpv,
                            ${yesNo.join(', ')}, ${recordKeySql('people', 'f.beneficiary_id')} as record_key
                       from ${from.sql} group by 1, f.beneficiary_id`,
    ['sex', 'age', 'qpv', ...Object.keys(YES_NO_DIMENSIONS)], 'count(*)::int', { total: true, keyed: true }),
    params: from.params,
  }, peopleTally);
}

/** The people of rows of one part, or of several whose people are distinct (the whole platform's PLIEs): counts add up. */
export const peopleTally = breakdownTally({
  sex: Object.values(Sex), age: AGE_BANDS, qpv: FOUND_KEYS, brsa: YES_NO, deld: YES_NO, rqth: YES_NO, ase: YES_NO, training: YES_NO,
}, ({ total, cells, keys }): Keyed<PeopleIndicators> => {
  const yesNo = (dimension: keyof typeof YES_NO_DIMENSIONS) => cells[dimension] as YesNo;
  const counts = {
    total,
    bySex: cells.sex as Record<Sex, number>,
    byAgeBand: cells.age as Record<AgeBand, number>,
    byQpv: cells.qpv,
    brsa: yesNo('brsa'),
    deld: yesNo('deld'),
    rqth: yesNo('rqth'),
    ase: yesNo('ase'),
    trainingAccess: yesNo('training'),
  };
  return { counts, keys: keys && { total: keys.total, breakdowns: renamedKeys(keys.breakdowns, BREAKDOWN_NAMES) } };
});

/** The breakdowns' names as PeopleIndicators names them. */
const BREAKDOWN_NAMES = {
  sex: 'bySex', age: 'byAgeBand', qpv: 'byQpv', brsa: 'brsa', deld: 'deld', rqth: 'rqth', ase: 'ase', training: 'trainingAccess',
} as const;
