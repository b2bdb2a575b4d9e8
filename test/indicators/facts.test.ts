import { randomUUID } from 'node:crypto';
import type { EntityName } from '@mikro-orm/core';
import pg from 'pg';
import { oneUserPerOrganisation } from '../access/expectations.js';
import { TENANT_FILTER } from '../../src/access/tenant-filter.js';
import {
  ExitFact, HoursFact, MarketFact, MembershipRole, PlacementYearFact, PlatformCompanyYear, PlatformContracts, PlatformExits, PlatformHours, PlatformMarkets,
  PlatformPeople, type OrganisationKind,
} from '../../src/db/entities/index.js';
import { initOrm } from '../../src/db/orm.js';
import { asApplicationRole, sql } from '../support/sql.js';

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
const EXACT = Object.fromEntries(Object.keys(DIFFERENCES).map((table) => [table, 0]));

/** By fact table, the rows that differ from what the sources say: none when the facts are exact. */
async function differences(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<Record<string, number>>(`select ${Object.entries(DIFFERENCES).map(([table, sql]) => `${sql} as ${table}`).join(', ')}`);
  return rows[0]!;
}

async function asOwner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_OWNER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('the indicator facts', () => {
  it('hold every hours line and every exit of the data, with what they are grouped by', async () => {
    const [counts] = await sql<{ hours: number; facts: number; years: number }>(
      'select (select count(*) from monthly_hours)::int as hours, (select count(*) from hours_fact)::int as facts, (select count(*) from placement_year_fact)::int as years');
    expect(counts!.facts).toBe(counts!.hours);
    expect(counts!.years).toBeGreaterThan(100);
    expect(counts!.facts).toBeGreaterThan(1000);
    expect(await asOwner(differences)).toEqual(EXACT);
  });

  it('stay exact within the transaction of each write, whatever the table written', async () => {
    await asOwner(async (client) => {
      await client.query('begin');
      try {
        const { rows: [placement] } = await client.query<{ id: string; beneficiary_id: string; market_id: string; company_id: string; month: string }>(
          `select p.id, p.beneficiary_id, p.market_id, p.company_id, to_char(max(h.month) + interval '1 month', 'YYYY-MM-DD') as month
             from placement p join monthly_hours h on h.placement_id = p.id where p.end_date is null group by p.id order by p.id limit 1`);
        const writes = [
          [`insert into monthly_hours (id, placement_id, month, hours) values ($1, $2, $3, 12.5)`, [randomUUID(), placement!.id, placement!.month]],
          ['update monthly_hours set hours = hours + 1 where placement_id = $1', [placement!.id]],
          // A month no longer worked, then a year without any.
          ['update monthly_hours set hours = 0 where placement_id = $1 and month = $2', [placement!.id, placement!.month]],
          [`update monthly_hours set hours = 0 where placement_id = $1 and extract(year from month) = extract(year from $2::date) - 1`, [placement!.id, placement!.month]],
          // The hours of one placement moved to another.
          [`update monthly_hours set placement_id = (select id from placement where id <> $1 order by id limit 1)
             where placement_id = $1 and month = (select min(month) from monthly_hours where placement_id = $1)`, [placement!.id]],
          [`update placement set modality = 'GEIQ', contract_type = 'CDI', end_date = null where id = $1`, [placement!.id]],
          ['update beneficiary set is_brsa = not is_brsa, age_at_entry = 40 where id = $1', [placement!.beneficiary_id]],
          [`update market set nature = 'GUP', charter_id = null where id = $1`, [placement!.market_id]],
          ['update market set stated_hours = null, amount_ht = 250000, labour_rate = 0.4, insertion_rate = 0.05, hourly_cost = 26 where id = $1', [placement!.market_id]],
          [`insert into market (id, buyer_id, reference, object, nature, clause_mechanism, amount_ht)
             select gen_random_uuid(), buyer_id, 'FAIT-' || reference, object, nature, clause_mechanism, 100000 from market where id = $1`, [placement!.market_id]],
          [`delete from market where reference like 'FAIT-%'`, []],
          [`update company set kind = 'GEIQ', headcount_band = 'FROM_10_TO_49' where id = $1`, [placement!.company_id]],
          ['update company set headcount_band = null where id = $1', [placement!.company_id]],
          // The placement moved to another employer, its person to another PLIE.
          ['update placement set company_id = (select id from company where id <> $1 order by id limit 1) where id = $2', [placement!.company_id, placement!.id]],
          [`update beneficiary set followed_by_id = (select o.id from organisation o where o.kind = 'PLIE' and o.id <> beneficiary.followed_by_id order by o.id limit 1)
             where id = $1`, [placement!.beneficiary_id]],
          [`insert into beneficiary_exit (id, beneficiary_id, exit_date, outcome, subsidy, category, rule) values ($1, $2, '2030-01-01', 'CDI', 'NONE', 'DURABLE_JOB', 'test')`,
            [randomUUID(), placement!.beneficiary_id]],
          [`update beneficiary_exit set category = 'OTHER' where beneficiary_id = $1`, [placement!.beneficiary_id]],
          ['delete from beneficiary_exit where beneficiary_id = $1', [placement!.beneficiary_id]],
          ['delete from monthly_hours where placement_id = $1 and month = $2', [placement!.id, placement!.month]],
        ] as const;
        for (const [text, params] of writes) {
          await client.query(text, [...params]);
          expect([text, await differences(client)]).toEqual([text, EXACT]);
        }
      } finally {
        await client.query('rollback');
      }
    });
  });

  it('are read by each organisation as the access model says, through row-level security alone and through the ORM filter alone', async () => {
    const orm = await initOrm({ clientUrl: process.env.TEST_OWNER_URL!, tenantScoped: true, poolSize: 1 });
    try {
      for (const user of await oneUserPerOrganisation()) {
        const expected = await expectedFacts(user.organisation_id, user.kind);
        const [seen] = await asApplicationRole(async (client) => {
          await client.query('begin');
          await client.query(`select set_config('app.org_id', $1, true), set_config('app.org_kind', $2, true), set_config('app.role', 'VIEWER', true)`,
            [user.organisation_id, user.kind]);
          const { rows } = await client.query<FactCounts>(COUNTS);
          await client.query('rollback');
          return rows;
        });
        // The owner bypasses row-level security: only the ORM's tenant filter scopes what it counts.
        const em = orm.em.fork();
        em.setFilterParams(TENANT_FILTER, { userId: null, organisationId: user.organisation_id, kind: user.kind as OrganisationKind, role: MembershipRole.VIEWER });
        const filtered: FactCounts = { hours: await em.count(HoursFact), markets: await em.count(MarketFact), exits: await em.count(ExitFact) };
        for (const [table, entity] of Object.entries(DEPARTEMENT_ONLY)) filtered[table] = await em.count(entity);
        expect([user.name, seen, filtered]).toEqual([user.name, expected, expected]);
        // The whole platform's tables hold rows: the Département reads them all, nobody else any.
        if (user.kind === 'DEPARTEMENT') for (const table of Object.keys(DEPARTEMENT_ONLY)) expect([table, expected[table]! > 0]).toEqual([table, true]);
      }
    } finally {
      await orm.close();
    }
  });
});

/** The whole platform's tables: only the Département asks for the whole platform. */
const DEPARTEMENT_ONLY: Record<string, EntityName<object>> = {
  placement_year_fact: PlacementYearFact, platform_hours: PlatformHours, platform_people: PlatformPeople, platform_contracts: PlatformContracts,
  platform_company_year: PlatformCompanyYear, platform_markets: PlatformMarkets, platform_exits: PlatformExits,
};

/** Rows read, by table (hours, markets and exits facts; then each of DEPARTEMENT_ONLY). */
type FactCounts = Record<string, number>;

const COUNTS = `select (select count(*) from hours_fact)::int as hours, (select count(*) from market_fact)::int as markets,
                       (select count(*) from exit_fact)::int as exits,
                       ${Object.keys(DEPARTEMENT_ONLY).map((table) => `(select count(*) from ${table})::int as ${table}`).join(', ')}`;

/** What docs/permissions.md says each organisation reads, in plain SQL as the owner. */
async function expectedFacts(organisationId: string, kind: string): Promise<FactCounts> {
  const charters = 'select id from charter where coordinator_id = $1 union select charter_id from charter_signatory where organisation_id = $1';
  const hours = `$2 = 'DEPARTEMENT' or f.buyer_id = $1 or f.facilitator_id = $1 or f.followed_by_id = $1 or f.charter_id in (${charters})`;
  const [counts] = await sql<FactCounts>(
    `select (select count(*) from hours_fact f where ${hours})::int as hours,
            (select count(*) from market_fact m where $2 = 'DEPARTEMENT' or m.buyer_id = $1 or m.facilitator_id = $1 or m.charter_id in (${charters}))::int as markets,
            (select count(*) from exit_fact e where $2 = 'DEPARTEMENT' or e.followed_by_id = $1
                or exists (select 1 from hours_fact f where f.beneficiary_id = e.beneficiary_id and (${hours})))::int as exits,
            ${Object.keys(DEPARTEMENT_ONLY).map((table) => `(select count(*) from ${table} where $2 = 'DEPARTEMENT')::int as ${table}`).join(', ')}`,
    [organisationId, kind]);
  return counts!;
}
