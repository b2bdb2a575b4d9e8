import type pg from 'pg';

/* The facts and the platform's sums against their recomputation from the rows people write (facts.test.ts, concurrent-writes.test.ts). */

/** The hours facts as the sources say they should be, computed here independently of the migration's triggers. */
const EXPECTED_HOURS_FACTS = `
  select h.id, h.month, h.hours, p.id as placement_id, b.id as beneficiary_id, m.id as market_id, c.id as company_id, m.charter_id,
         m.operation_id, m.buyer_id, m.facilitator_id, b.followed_by_id, m.nature as market_nature, p.modality, p.contract_type,
         p.start_date as placement_start, p.end_date as placement_end, c.headcount_band, c.naf_code, c.kind as company_kind, b.sex,
         b.age_at_entry, b.qpv_id, b.is_brsa, b.is_deld, b.is_rqth, b.is_ase
    from monthly_hours h, placement p, market m, beneficiary b, company c
   where p.id = h.placement_id and m.id = p.market_id and b.id = p.beneficiary_id and c.id = p.company_id`;
const FACT_COLUMNS = `id, month, hours, placement_id, beneficiary_id, market_id, company_id, charter_id, operation_id, buyer_id, facilitator_id,
  followed_by_id, market_nature, modality, contract_type, placement_start, placement_end, headcount_band, naf_code, company_kind, sex,
  age_at_entry, qpv_id, is_brsa, is_deld, is_rqth, is_ase`;
const MARKET_COLUMNS = `id, charter_id, operation_id, buyer_id, facilitator_id, nature, clause_mechanism, status, start_date, end_date, amount_ht, labour_rate,
  insertion_rate, hourly_cost, stated_hours`;
const PLACEMENT_COLUMNS = `placement_id, followed_by_id, beneficiary_id, company_id, market_nature, modality, contract_type, placement_start, placement_end,
  headcount_band, naf_code, company_kind, sex, age_at_entry, qpv_id, is_brsa, is_deld, is_rqth, is_ase`;
/** The placement years month by month (those with hours or marked worked), against the expected hours facts with hours. */
const PLACEMENT_MONTHS = `select ${PLACEMENT_COLUMNS}, contract_months, year::int, m as month, hours_by_month[m] as hours, worked & (1 << (m - 1)) <> 0 as worked
  from placement_year_fact, generate_series(1, 12) m where hours_by_month[m] <> 0 or worked & (1 << (m - 1)) <> 0`;
/** The clause's planned hours: sql-rules.test.ts holds the SQL function to plannedInsertionHours(). */
const CLAUSE = 'stated_hours, amount_ht, labour_rate, insertion_rate, hourly_cost';
/** A year and its semesters, by month number. */
const SPANS = `(values ('YEAR', 1, 12), ('S1', 1, 6), ('S2', 7, 12)) s(span, first, last)`;
/** Months with hours (more than zero), with their year, month number and span. */
const WORKED = `select f.*, extract(year from f.month)::int as year, extract(month from f.month)::int as month_number, s.span
  from (${EXPECTED_HOURS_FACTS}) f join ${SPANS} on extract(month from f.month) between s.first and s.last
 where f.hours > 0`;
const EXPECTED_PLACEMENT_MONTHS = `select ${PLACEMENT_COLUMNS}, app_contract_months(placement_start, placement_end), year, month_number, hours, true
  from (${WORKED}) f where span = 'YEAR'`;
const yesNo = (condition: string) => `case when ${condition} then 'YES' else 'NO' end`;
/** The whole platform's sums (migration placement_year_facts), each computed here from the expected hours facts. */
const PLATFORM: Record<string, [actual: string, expected: string]> = {
  platform_people: [
    'select followed_by_id, year::int, span, dimension, key, people from platform_people where people <> 0',
    `select p.followed_by_id, p.year, p.span, d.dimension, d.key, count(*)::int
       from (select followed_by_id, beneficiary_id, year, span, sex, age_at_entry, qpv_id, is_brsa, is_deld, is_rqth, is_ase,
                    bool_or(modality = 'TRAINING' or contract_type in ('TRAINING', 'APPRENTICESHIP', 'PROFESSIONALISATION')) as trained
               from (${WORKED}) f group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11) p
      cross join lateral (values ('total', ''), ('sex', p.sex), ('age', p.age_at_entry::text), ('qpv', coalesce(p.qpv_id::text, 'NONE')),
        ('brsa', ${yesNo('p.is_brsa')}), ('deld', ${yesNo('p.is_deld')}), ('rqth', ${yesNo('p.is_rqth')}), ('ase', ${yesNo('p.is_ase')}),
        ('training', ${yesNo('p.trained')})) d(dimension, key)
      group by 1, 2, 3, 4, 5`,
  ],
  platform_contracts: [
    'select followed_by_id, year::int, span, contract_type, modality, months::int, contracts from platform_contracts where contracts <> 0',
    `select followed_by_id, year, span, contract_type, modality, coalesce(app_contract_months(placement_start, placement_end), -1), count(distinct placement_id)::int
       from (${WORKED}) f group by 1, 2, 3, 4, 5, 6`,
  ],
  platform_hours: [
    `select followed_by_id, year::int, market_nature, modality, contract_type, m, (array[m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12])[m]
       from platform_hours, generate_series(1, 12) m where (array[m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12])[m] <> 0`,
    `select followed_by_id, year, market_nature, modality, contract_type, month_number, sum(hours) from (${WORKED}) f where span = 'YEAR'
      group by 1, 2, 3, 4, 5, 6`,
  ],
  platform_company_year: [
    'select company_id, year::int, followed_by_id, worked::int, headcount_band, naf_code, company_kind from platform_company_year',
    `select company_id, year, coalesce(followed_by_id, '00000000-0000-0000-0000-000000000000'), sum(distinct 1 << (month_number - 1))::int,
            min(headcount_band), min(naf_code), min(company_kind)
       from (${WORKED}) f where span = 'YEAR' group by grouping sets ((company_id, year, followed_by_id), (company_id, year))`,
  ],
  platform_markets: [
    'select facilitator_id, year::int, span, nature, clause_mechanism, planned_basis, markets, planned_hours from platform_markets where markets <> 0',
    `select coalesce(m.facilitator_id, '00000000-0000-0000-0000-000000000000'), y, s.span, m.nature, m.clause_mechanism, app_planned_hours_basis(${CLAUSE}),
            count(*)::int, coalesce(sum(app_planned_insertion_hours(${CLAUSE})), 0)
       from market m cross join generate_series(1990, 2060) y cross join ${SPANS}
      where m.status <> 'DRAFT' and m.start_date < make_date(y, s.last, 1) + interval '1 month' and m.end_date >= make_date(y, s.first, 1)
      group by 1, 2, 3, 4, 5, 6`,
  ],
  platform_exits: [
    'select followed_by_id, year::int, span, category, exits from platform_exits where exits <> 0',
    `select b.followed_by_id, extract(year from e.exit_date)::int, s.span, e.category, count(*)::int
       from beneficiary_exit e join beneficiary b on b.id = e.beneficiary_id join ${SPANS} on extract(month from e.exit_date) between s.first and s.last
      group by 1, 2, 3, 4`,
  ],
};
const EXPECTED_EXIT_FACTS = 'select e.id, e.beneficiary_id, b.followed_by_id, e.exit_date, e.category from beneficiary_exit e join beneficiary b on b.id = e.beneficiary_id';

/** Rows in one set and not the other, both ways. */
const symmetricDifference = (one: string, other: string) => `(select count(*) from (((${one}) except all (${other})) union all ((${other}) except all (${one}))) d)::int`;

const DIFFERENCES = {
  hours_fact: symmetricDifference(`select ${FACT_COLUMNS} from hours_fact`, EXPECTED_HOURS_FACTS),
  exit_fact: symmetricDifference('select id, beneficiary_id, followed_by_id, exit_date, category from exit_fact', EXPECTED_EXIT_FACTS),
  market_fact: symmetricDifference(`select ${MARKET_COLUMNS} from market_fact`, `select ${MARKET_COLUMNS} from market`),
  market_fact_planned: `(select count(*) from market_fact where (planned_hours, planned_basis) is distinct from
                          (app_planned_insertion_hours(${CLAUSE}), app_planned_hours_basis(${CLAUSE})))::int`,
  placement_year_fact: symmetricDifference(PLACEMENT_MONTHS, EXPECTED_PLACEMENT_MONTHS),
  placement_year_fact_not_worked: '(select count(*) from placement_year_fact where worked = 0)::int',
  ...Object.fromEntries(Object.entries(PLATFORM).map(([table, [actual, expected]]) => [table, symmetricDifference(actual, expected)])),
};
export const EXACT = Object.fromEntries(Object.keys(DIFFERENCES).map((table) => [table, 0]));

/** By fact table, the rows that differ from what the sources say: none when the facts are exact. */
export async function differences(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<Record<string, number>>(`select ${Object.entries(DIFFERENCES).map(([table, sql]) => `${sql} as ${table}`).join(', ')}`);
  return rows[0]!;
}

