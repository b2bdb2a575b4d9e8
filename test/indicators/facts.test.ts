import { randomUUID } from 'node:crypto';
import type { EntityName } from '@mikro-orm/core';
import { oneUserPerOrganisation } from '../access/expectations.js';
import { TENANT_FILTER } from '../../src/access/tenant-filter.js';
import {
  ExitFact, HoursFact, MarketFact, MembershipRole, PlacementYearFact, PlatformCompanyYear, PlatformContracts, PlatformExits, PlatformHours, PlatformMarkets,
  PlatformPeople, type OrganisationKind,
} from '../../src/db/entities/index.js';
import { initOrm } from '../../src/db/orm.js';
import { asApplicationRole, asOwner, sql } from '../support/sql.js';
import { differences, EXACT } from './exactness.js';

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
