/**
 * SQL of the whole platform's sums (the tables platform_*, from placement_year_fact), shared by the migrations
 * that create and change the functions keeping them: placement_year_facts, platform_sums_by_difference.
 * Frozen: a migration that has landed must install the same SQL on a new database as it did on the others;
 * a change of these statements is a new migration with its own text.
 */
const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);

/** platform_company_year's PLIE for a company's year over every PLIE's people. */
export const ALL_PLIES = '00000000-0000-0000-0000-000000000000';

/** A year, and its semesters, as masks of months (bit m-1 for month m). */
const SPANS = `(values ('YEAR', 4095), ('S1', 63), ('S2', 4032)) s(span, mask)`;

/** Placements that train: queries/people.ts counts their people as having had access to training. */
const TRAINING = `(modality = 'TRAINING' or contract_type in ('TRAINING', 'APPRENTICESHIP', 'PROFESSIONALISATION'))`;

export const PLACEMENT_YEAR_COLUMNS = `placement_id, year, followed_by_id, beneficiary_id, company_id, market_nature, modality, contract_type, placement_start,
  placement_end, headcount_band, naf_code, company_kind, sex, age_at_entry, qpv_id, is_brsa, is_deld, is_rqth, is_ase, contract_months, worked, hours_by_month`;

const WORKED_MONTH = 'case when h.hours > 0 then 1 << (extract(month from h.month)::int - 1) else 0 end';

/** The years worked of the placements `placements` keeps (a condition on `h`), grouped from their monthly hours. */
export const placementYearSource = (placements: string) => `
  select p.id, extract(year from h.month)::smallint, b.followed_by_id, p.beneficiary_id, p.company_id, m.nature, p.modality, p.contract_type,
         p.start_date, p.end_date, c.headcount_band, c.naf_code, c.kind, b.sex, b.age_at_entry, b.qpv_id, b.is_brsa, b.is_deld, b.is_rqth, b.is_ase,
         app_contract_months(p.start_date, p.end_date), bit_or(${WORKED_MONTH})::smallint,
         array[${MONTHS.map((month) => `coalesce(sum(h.hours) filter (where extract(month from h.month) = ${month}), 0)`).join(', ')}]
    from monthly_hours h join placement p on p.id = h.placement_id join market m on m.id = p.market_id
    join beneficiary b on b.id = p.beneficiary_id join company c on c.id = p.company_id
   where ${placements}
   group by p.id, 2, b.id, m.id, c.id
  having bit_or(${WORKED_MONTH}) <> 0`;

const yesNo = (column: string) => `case when ${column} then 'YES' else 'NO' end`;

/** The contribution of the people `people` keeps to platform_people, `direction` (1 or -1) times: platform_people's columns. */
export const peopleContribution = (direction: string, people: string) => `select y.followed_by_id, y.year, s.span, d.dimension, d.key, ${direction} * count(*)
     from (select followed_by_id, year, sex, age_at_entry, qpv_id, is_brsa, is_deld, is_rqth, is_ase, bit_or(worked) as worked,
                  bit_or(case when ${TRAINING} then worked else 0 end) as trained
             from placement_year_fact where ${people}
            group by beneficiary_id, followed_by_id, year, sex, age_at_entry, qpv_id, is_brsa, is_deld, is_rqth, is_ase) y
    cross join ${SPANS}
    cross join lateral (values ('total', ''), ('sex', y.sex), ('age', y.age_at_entry::text), ('qpv', coalesce(y.qpv_id::text, 'NONE')),
                               ('brsa', ${yesNo('y.is_brsa')}), ('deld', ${yesNo('y.is_deld')}), ('rqth', ${yesNo('y.is_rqth')}), ('ase', ${yesNo('y.is_ase')}),
                               ('training', ${yesNo('y.trained & s.mask <> 0')})) d(dimension, key)
    where y.worked & s.mask <> 0
    group by 1, 2, 3, 4, 5`;

/** The contribution of the placements `placements` keeps to platform_contracts, `direction` times: its columns. */
export const contractsContribution = (direction: string, placements: string) => `select y.followed_by_id, y.year, s.span, y.contract_type, y.modality, coalesce(y.contract_months, -1), ${direction} * count(*)
     from placement_year_fact y cross join ${SPANS}
    where (${placements}) and y.worked & s.mask <> 0
    group by 1, 2, 3, 4, 5, 6`;

export const MONTH_COLUMNS = MONTHS.map((month) => `m${month}`);

/** The contribution of the placements `placements` keeps to platform_hours, `direction` times: its columns. */
export const hoursContribution = (direction: string, placements: string) => `select followed_by_id, year, market_nature, modality, contract_type, ${MONTHS.map((month) => `${direction} * sum(hours_by_month[${month}])`).join(', ')}
     from placement_year_fact y where ${placements}
    group by 1, 2, 3, 4, 5`;

/**
 * Statements adding `direction` (1 or -1) times the contribution of placement years to the platform sums:
 * those of the people `people` keeps and of the placements `placements` keeps (conditions on placement_year_fact).
 */
export const countPlatform = (direction: string, people: string, placements: string) => [
  `insert into platform_people (followed_by_id, year, span, dimension, key, people)
   ${peopleContribution(direction, people)}
   on conflict (followed_by_id, year, span, dimension, key) do update set people = platform_people.people + excluded.people`,
  `insert into platform_contracts (followed_by_id, year, span, contract_type, modality, months, contracts)
   ${contractsContribution(direction, placements)}
   on conflict (followed_by_id, year, span, contract_type, modality, months) do update set contracts = platform_contracts.contracts + excluded.contracts`,
  `insert into platform_hours (followed_by_id, year, market_nature, modality, contract_type, ${MONTH_COLUMNS.join(', ')})
   ${hoursContribution(direction, placements)}
   on conflict (followed_by_id, year, market_nature, modality, contract_type) do update
      set ${MONTHS.map((month) => `m${month} = platform_hours.m${month} + excluded.m${month}`).join(', ')}`,
];

/** app_count_platform: adds or takes off the contribution of people and placements (by recount, before and after). */
export const COUNT_PLATFORM = `create function app_count_platform(direction int, person_ids uuid[], placement_ids uuid[]) returns void language sql security definer
      set search_path = public, pg_temp as $$
        ${countPlatform('direction', 'beneficiary_id = any(person_ids)', 'placement_id = any(placement_ids)').join(';\n')};
      $$;`;

/** The people and the companies of the placements `placement_ids` (a plpgsql declaration), before and after. */
export const CONCERNED = `person_ids uuid[] := array(select beneficiary_id from placement where id = any(placement_ids)
                               union select beneficiary_id from placement_year_fact where placement_id = any(placement_ids));
        company_ids uuid[] := array(select company_id from placement where id = any(placement_ids)
                                  union select company_id from placement_year_fact where placement_id = any(placement_ids));`;

/** Recomputes the placement years of `placement_ids` (a plpgsql statement). */
export const REPLACE_PLACEMENT_YEARS = `delete from placement_year_fact where placement_id = any(placement_ids);
        insert into placement_year_fact (${PLACEMENT_YEAR_COLUMNS}) ${placementYearSource('h.placement_id = any(placement_ids)')};`;

/** Each company's years, by PLIE and over all of them, from the placement years of the companies `companies` keeps. */
export const companyYears = (companies: string) => `insert into platform_company_year (company_id, year, followed_by_id, worked, headcount_band, naf_code, company_kind)
  select company_id, year, coalesce(followed_by_id, '${ALL_PLIES}'), bit_or(worked), min(headcount_band), min(naf_code), min(company_kind)
    from placement_year_fact where ${companies}
   group by grouping sets ((company_id, year, followed_by_id), (company_id, year))`;

/** The body of app_refresh_placement_years as placement_year_facts wrote it: the contributions taken off, then added back. */
export const REFRESH_BY_RECOUNT = `
      declare
        ${CONCERNED}
      begin
        perform app_count_platform(-1, person_ids, placement_ids);
        ${REPLACE_PLACEMENT_YEARS}
        perform app_count_platform(1, person_ids, placement_ids);
        delete from platform_company_year where company_id = any(company_ids);
        ${companyYears('company_id = any(company_ids)')};
      end $$;`;
