import { randomUUID } from 'node:crypto';
import { LAYERS, mismatches, rowsReadThrough } from '../access/layers.js';
import { expectedRows, tablesAndKeys } from '../access/oracle.js';
import { demoReaders } from '../access/readers.js';
import { closeActorOrms } from '../support/acting.js';
import { asOwner, sql } from '../support/sql.js';
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
          [`with moved as (select min(month) as month from monthly_hours where placement_id = $1)
            update monthly_hours set placement_id = (select p.id from placement p where p.id <> $1
                                                        and not exists (select from monthly_hours o, moved where o.placement_id = p.id and o.month = moved.month)
                                                      order by p.id limit 1)
             where placement_id = $1 and month = (select month from moved)`, [placement!.id]],
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

  it('are read by each organisation as the domain says (the isolation oracle), through row-level security alone and through the ORM filter alone', async () => {
    const keys = new Map([...await tablesAndKeys()].filter(([table]) => FACT_TABLES.includes(table)));
    expect([...keys.keys()].sort()).toEqual([...FACT_TABLES].sort());
    try {
      for (const reader of await demoReaders(['VIEWER'])) {
        const expected = await expectedRows(reader, keys);
        for (const layer of LAYERS) {
          expect([reader.label, layer, mismatches(expected, await rowsReadThrough(layer, reader, keys))]).toEqual([reader.label, layer, {}]);
        }
        // The facts hold rows to decide on: the Département reads them all.
        if (reader.kind === 'DEPARTEMENT') expect(FACT_TABLES.filter((table) => expected.get(table)!.size === 0)).toEqual([]);
      }
    } finally {
      await closeActorOrms();
    }
  });
});

/** The indicator facts and the whole platform's sums. */
const FACT_TABLES = ['hours_fact', 'market_fact', 'exit_fact', 'placement_year_fact', 'platform_hours', 'platform_people', 'platform_contracts',
  'platform_company_year', 'platform_markets', 'platform_exits'];
