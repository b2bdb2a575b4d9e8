/**
 * The data-at-scale generator (npm run seed:scale), on a throw-away embedded PostgreSQL with the demo
 * data: the shared test database is left alone, since other tests compare against the demo data.
 * Two runs of one département over one year: numbering after the existing ones, the orders of
 * magnitude of docs/domain.md §8, unique natural keys, coherent dates, determinism.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { findFreePort } from '../../src/config/free-port.js';
import { provisionDatabase, type ProvisionedDatabase } from '../../src/db/provision.js';
import { withClient } from '../../src/db/roles.js';
import { seedDemoData } from '../../src/db/seed.js';
import { createLogger } from '../../src/logging/logger.js';
import { departementTables, periodOf, seedScale, type ScaleResult } from '../../seeds/scale/generate.js';

let dataDir: string;
let database: ProvisionedDatabase;
const runs: ScaleResult[] = [];

const query = <T extends object>(sql: string, params: unknown[] = []): Promise<T[]> =>
  withClient(database.ownerUrl, async (client) => (await client.query<T>(sql, params)).rows);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-scale-'));
  const config = { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, SEED_DEMO: 'true' }), embeddedPostgresPort: await findFreePort() };
  const logger = createLogger('warn');
  database = await provisionDatabase(config, logger, (ownerUrl) => seedDemoData(ownerUrl, logger));
  for (let run = 0; run < 2; run++) runs.push(await seedScale(database.ownerUrl, { departements: 1, years: 1 }));
}, 180_000);

afterAll(async () => {
  await database?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('numbers the départements after those already there, next to the demo data', async () => {
  expect(runs.map((r) => r.departements)).toEqual([[1], [2]]);
  const departements = await query<{ name: string; code: string }>(
    `select name, departement_code as code from organisation where kind = 'DEPARTEMENT' order by departement_code`,
  );
  expect(departements).toEqual([
    { name: 'Département test 1', code: '101' },
    { name: 'Département test 2', code: '102' },
    { name: 'Département du Pas-de-Calais', code: '62' },
  ]);
  const [demo] = await query<{ organisations: number; markets: number }>(
    `select count(distinct o.id)::int as organisations, count(m.id)::int as markets
       from organisation o left join market m on m.buyer_id = o.id where o.departement_code = '62'`,
  );
  expect(demo).toEqual({ organisations: 20, markets: 45 });
});

it('gives each département-year the orders of magnitude of the Pas-de-Calais, within 10 %', async () => {
  const figures = await query<Record<string, number>>(
    `select d.departement_code as code,
            (select count(*) from organisation o where o.departement_code = d.departement_code and o.kind = 'PLIE')::int as plies,
            (select count(*) from market m join organisation o on o.id = m.buyer_id where o.departement_code = d.departement_code)::int as markets,
            (select count(*) from beneficiary b join organisation o on o.id = b.followed_by_id
              where o.departement_code = d.departement_code and b.entry_date >= '2025-01-01')::int as entrants,
            (select count(*) from placement p join beneficiary b on b.id = p.beneficiary_id join organisation o on o.id = b.followed_by_id
              where o.departement_code = d.departement_code and p.start_date >= '2025-01-01')::int as placements,
            (select sum(h.hours) from monthly_hours h join placement p on p.id = h.placement_id join beneficiary b on b.id = p.beneficiary_id
               join organisation o on o.id = b.followed_by_id where o.departement_code = d.departement_code)::float as hours
       from organisation d where d.kind = 'DEPARTEMENT' and d.name like 'Département test %' order by 1`,
  );
  expect(figures).toHaveLength(2);
  for (const f of figures) {
    expect(f.plies).toBe(8);
    expect(f.markets).toBe(850);
    for (const [measure, expected] of [['entrants', 1_600], ['placements', 1_900], ['hours', 600_000]] as const) {
      expect(Math.abs(f[measure]! / expected - 1)).toBeLessThan(0.1);
    }
  }
});

it('keeps every natural key unique', async () => {
  const duplicates = await query<{ key: string; count: number }>(
    `select 'organisation name' as key, count(*)::int from (select name from organisation group by name having count(*) > 1) d
     union all select 'organisation siret', count(*)::int from (select siret from organisation where siret is not null group by siret having count(*) > 1) d
     union all select 'company siret', count(*)::int from (select siret from company group by siret having count(*) > 1) d
     union all select 'market reference', count(*)::int from (select 1 from market group by buyer_id, reference having count(*) > 1) d
     union all select 'identity', count(*)::int from (select 1 from beneficiary_identity
               group by followed_by_id, lower(last_name), lower(first_name), birth_date having count(*) > 1) d
     union all select 'placement', count(*)::int from (select 1 from placement group by beneficiary_id, company_id, market_id, start_date having count(*) > 1) d
     union all select 'monthly hours', count(*)::int from (select 1 from monthly_hours group by placement_id, month having count(*) > 1) d`,
  );
  expect(duplicates.filter((d) => d.count > 0)).toEqual([]);
});

it('keeps dates coherent: placements within their market, hours within their placement, exits after the last placement', async () => {
  const [incoherent] = await query<Record<string, number>>(
    `select
       (select count(*) from placement p join market m on m.id = p.market_id
         where p.start_date < m.start_date or p.end_date > m.end_date or p.end_date < p.start_date)::int as placements,
       (select count(*) from placement p where p.lot_id is null
           or not exists (select 1 from lot l join award a on a.lot_id = l.id where l.id = p.lot_id and l.market_id = p.market_id))::int as lots,
       (select count(*) from monthly_hours h join placement p on p.id = h.placement_id
         where h.month < date_trunc('month', p.start_date) or h.month > p.end_date or h.month > '2025-12-01' or h.hours > 208 or h.hours <= 0)::int as hours,
       (select count(*) from beneficiary_exit e
         where e.exit_date <= (select max(p.end_date) from placement p where p.beneficiary_id = e.beneficiary_id)
            or e.exit_date > '2025-12-31')::int as exits,
       (select count(*) from beneficiary b join beneficiary_identity i on i.beneficiary_id = b.id
         where i.followed_by_id <> b.followed_by_id or b.age_at_entry <> extract(year from age(b.entry_date, i.birth_date)))::int as identities`,
  );
  expect(incoherent).toEqual({ placements: 0, lots: 0, hours: 0, exits: 0, identities: 0 });
});

it('generates the same rows for the same département whatever the run', () => {
  const digest = () => {
    const hash = createHash('sha1');
    for (const { table, rows } of departementTables(1, periodOf(1), new Set())) {
      for (const row of rows) hash.update(`${table}:${JSON.stringify(row)}\n`);
    }
    return hash.digest('hex');
  };
  expect(digest()).toBe(digest());
});
