/**
 * The indicators computed the plain way, for the tests to compare with: every row read as the owner
 * (no row-level security), then filtered and counted in JavaScript with the domain's functions. The
 * age at entry is recomputed from the birth date, not read from the stored column.
 */
import { ContractType } from '../../src/db/entities/enums.js';
import { ageBand, ageOn } from '../../src/domain/age.js';
import { contractDurationBand, contractMonths } from '../../src/indicators/contract-duration.js';
import type { Period } from '../../src/indicators/period.js';
import { sql } from '../support/sql.js';

export interface HourRow {
  month: string;
  hours: number;
  placement_id: string;
  beneficiary_id: string;
  company_id: string;
  market_id: string;
  contract_type: string;
  modality: string;
  start_date: string;
  end_date: string | null;
  nature: string;
  charter_id: string | null;
  operation_id: string | null;
  buyer_id: string;
  facilitator_id: string | null;
  followed_by_id: string;
}

export interface Person {
  id: string;
  sex: string;
  entry_date: string;
  /** Null once the person is erased: their age at entry is then the stored one, the only one left. */
  birth_date: string | null;
  age_at_entry: number;
  qpv_id: string | null;
  is_brsa: boolean;
  is_deld: boolean;
  is_rqth: boolean;
  is_ase: boolean;
  followed_by_id: string;
}

export interface DemoRows {
  hours: HourRow[];
  people: Map<string, Person>;
  companies: Map<string, { headcount_band: string | null; naf_code: string | null; kind: string }>;
  exits: { beneficiary_id: string; exit_date: string; category: string }[];
  /** Every placement's beneficiary and market, for the exits' scope. */
  placements: Pick<HourRow, 'beneficiary_id' | 'charter_id' | 'operation_id' | 'market_id' | 'buyer_id' | 'facilitator_id' | 'followed_by_id'>[];
}

const PLACEMENT_COLUMNS = `p.id as placement_id, p.beneficiary_id, p.company_id, p.market_id, p.contract_type::text, p.modality::text,
  p.start_date::text, p.end_date::text, m.nature::text, m.charter_id, m.operation_id, m.buyer_id, m.facilitator_id, b.followed_by_id`;
const PLACEMENTS = 'placement p join market m on m.id = p.market_id join beneficiary b on b.id = p.beneficiary_id';

export async function readDemoRows(): Promise<DemoRows> {
  const hours = await sql<HourRow>(`select h.month::text, h.hours::float8 as hours, ${PLACEMENT_COLUMNS} from monthly_hours h join ${PLACEMENTS} on true where p.id = h.placement_id`);
  const people = await sql<Person>(`select b.id, b.sex::text, b.entry_date::text, i.birth_date::text, b.age_at_entry, b.qpv_id, b.is_brsa, b.is_deld, b.is_rqth, b.is_ase, b.followed_by_id
                                      from beneficiary b left join beneficiary_identity i on i.beneficiary_id = b.id`);
  const companies = await sql<{ id: string; headcount_band: string | null; naf_code: string | null; kind: string }>('select id, headcount_band::text, naf_code, kind::text from company');
  return {
    hours,
    people: new Map(people.map((person) => [person.id, person])),
    companies: new Map(companies.map((company) => [company.id, company])),
    exits: await sql('select beneficiary_id, exit_date::text, category::text from beneficiary_exit'),
    placements: await sql(`select ${PLACEMENT_COLUMNS} from ${PLACEMENTS}`),
  };
}

type Counts = Record<string, number>;
const countBy = <T>(items: Iterable<T>, key: (item: T) => string): Counts => {
  const counts: Counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};
const sumBy = (rows: readonly HourRow[], key: (row: HourRow) => string): Counts => {
  const sums: Counts = {};
  for (const row of rows) sums[key(row)] = Math.round(((sums[key(row)] ?? 0) + row.hours) * 100) / 100;
  return sums;
};
/** Recomputed from the birth date while there is one. */
export const ageAtEntry = (person: Person) => (person.birth_date === null ? person.age_at_entry : ageOn(person.birth_date, person.entry_date));
const yesNo = (flag: boolean) => (flag ? 'YES' : 'NO');
const TRAINING_TYPES = ['TRAINING', 'APPRENTICESHIP', 'PROFESSIONALISATION'];

export interface ReferenceScope {
  /** Whether a placement (with its market and person) is in the scope. */
  covers: (row: DemoRows['placements'][number]) => boolean;
  /** Extra people in the scope without a placement in it (an organisation's followed people). */
  follows?: (person: Person) => boolean;
}

/** The reference figures, keyed like the module's, with zero cells left out. */
export function referenceIndicators(rows: DemoRows, scope: ReferenceScope, period: Period) {
  const worked = rows.hours.filter((row) => row.month >= period.start && row.month < period.end && row.hours > 0 && scope.covers(row));
  const personIds = new Set(worked.map((row) => row.beneficiary_id));
  const people = [...personIds].map((id) => rows.people.get(id)!);
  const trained = new Set(worked.filter((row) => row.modality === 'TRAINING' || TRAINING_TYPES.includes(row.contract_type)).map((row) => row.beneficiary_id));
  const contracts = [...new Map(worked.map((row) => [row.placement_id, row])).values()];
  const companyIds = new Set(worked.map((row) => row.company_id));
  const inScope = new Set(rows.placements.filter(scope.covers).map((row) => row.beneficiary_id));
  for (const person of rows.people.values()) if (scope.follows?.(person)) inScope.add(person.id);
  const exits = rows.exits.filter((exit) => exit.exit_date >= period.start && exit.exit_date < period.end && inScope.has(exit.beneficiary_id));
  return {
    hours: {
      total: Math.round(worked.reduce((sum, row) => sum + row.hours, 0) * 100) / 100,
      byNature: sumBy(worked, (row) => row.nature),
      byModality: sumBy(worked, (row) => row.modality),
      byContractType: sumBy(worked, (row) => row.contract_type),
    },
    people: {
      total: people.length,
      bySex: countBy(people, (person) => person.sex),
      byAgeBand: countBy(people, (person) => ageBand(ageAtEntry(person))),
      byQpv: countBy(people, (person) => person.qpv_id ?? 'NONE'),
      brsa: countBy(people, (person) => yesNo(person.is_brsa)),
      deld: countBy(people, (person) => yesNo(person.is_deld)),
      rqth: countBy(people, (person) => yesNo(person.is_rqth)),
      ase: countBy(people, (person) => yesNo(person.is_ase)),
      trainingAccess: countBy(people, (person) => yesNo(trained.has(person.id))),
    },
    contracts: {
      total: contracts.length,
      byContractType: countBy(contracts, (row) => row.contract_type),
      byModality: countBy(contracts, (row) => row.modality),
      byDurationBand: countBy(contracts, (row) =>
        contractDurationBand(row.contract_type === ContractType.CDI, row.end_date === null ? null : contractMonths(row.start_date, row.end_date))),
    },
    companies: {
      total: companyIds.size,
      byHeadcountBand: countBy(companyIds, (id) => rows.companies.get(id)!.headcount_band ?? 'UNKNOWN'),
      byNafDivision: countBy(companyIds, (id) => rows.companies.get(id)!.naf_code?.slice(0, 2) ?? 'UNKNOWN'),
      byKind: countBy(companyIds, (id) => rows.companies.get(id)!.kind),
    },
    exits: { total: exits.length, byCategory: countBy(exits, (exit) => exit.category) },
  };
}

/** A figure family without its zero cells, so that it compares with the reference. */
export function withoutZeros<T extends object>(family: T): T {
  return Object.fromEntries(Object.entries(family).map(([key, value]) =>
    [key, typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== 0)) : value])) as T;
}
