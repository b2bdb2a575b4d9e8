import type { Api } from '../../src/app.js';
import { policyDifferences, setFunctionDifferences } from '../../src/access/model/policy-diff.js';
import { TENANT_TABLES } from '../../src/access/row-policies.js';
import { withClient } from '../../src/db/roles.js';
import { VisibleMarketsDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { asApplicationRole } from '../support/sql.js';
import { visibleTo } from './oracle.js';
import { demoReaders } from './readers.js';

describe('row-level security', () => {
  it('is enabled and forced on every tenant table', async () => {
    const tables = await asApplicationRole(async (client) =>
      (await client.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
        `select relname, relrowsecurity, relforcerowsecurity from pg_class
          where relnamespace = 'public'::regnamespace and relkind = 'r' and relname <> 'mikro_orm_migrations' order by relname`,
      )).rows);
    expect(tables.map((table) => table.relname).sort()).toEqual([...TENANT_TABLES].sort());
    expect(tables.every((table) => table.relrowsecurity && table.relforcerowsecurity)).toBe(true);
  });

  it('lets the application role read no row of any tenant table without the request settings', async () => {
    const counts = await asApplicationRole(async (client) => {
      const result: Record<string, number> = {};
      for (const table of TENANT_TABLES) result[table] = Number((await client.query(`select count(*) from ${table}`)).rows[0].count);
      return result;
    });
    expect(Object.values(counts).every((count) => count === 0)).toBe(true);
  });

  // Most answers join an organisation (a market's buyer, a charter's signatories), and a PLIE's pages its people: a
  // policy that read other tables inline brought their policies into each of those statements (the organisation's
  // some 80 plan nodes, the beneficiary's 66), started at every run.
  it.each(['organisation', 'beneficiary', 'beneficiary_exit'])('reads no other table in a statement reading %s: the rows it chooses by others are sets read by functions', async (table) => {
    const plan = await asApplicationRole(async (client) =>
      JSON.stringify((await client.query(`explain (format json) select * from ${table}`)).rows[0]['QUERY PLAN']));
    const relations = new Set([...plan.matchAll(/"Relation Name":"(\w+)"/g)].map(([, relation]) => relation));
    expect([...relations]).toEqual([table]);
  });

  it('refuses a write outside the acting organisation', async () => {
    await asApplicationRole(async (client) => {
      await client.query('begin');
      await client.query(`select set_config('app.user_id', gen_random_uuid()::text, true), set_config('app.org_kind', 'PLIE', true),
                                 set_config('app.role', 'ADMIN', true), set_config('app.org_id', gen_random_uuid()::text, true)`);
      await expect(client.query(`insert into organisation (id, kind, name, territory, departement_code)
                                 values (gen_random_uuid(), 'PLIE', 'Intrus', 'Nulle part', '62')`)).rejects.toThrow(/row-level security/);
      await client.query('rollback');
    });
  });
});

describe('request settings on pooled connections', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('never reach the next request: concurrent requests of different organisations each see their own share', async () => {
    const users = await demoReaders(['VIEWER']);
    const expected = new Map(await Promise.all(users.map(async (user) => [user.email, (await visibleTo(user)).markets.size] as const)));
    const tokens = new Map(await Promise.all(users.map(async (user) => [user.email, await tokenFor(user.email!)] as const)));
    const rounds = Array.from({ length: 6 }, () => users).flat();
    const seen = await Promise.all(rounds.map(async (user) => {
      const response = await execute(api.url, VisibleMarketsDocument, {}, { token: tokens.get(user.email) });
      return [user.email, response.data?.markets.totalCount] as const;
    }));
    for (const [email, count] of seen) expect(count).toBe(expected.get(email));
  });
});

describe('the policies in the database', () => {
  it('are those the access model renders, none missing and none more (npm run policies)', async () => {
    const differences = await withClient(process.env.TEST_OWNER_URL!, policyDifferences);
    expect(differences.map(({ declared, deployed }) => `${(declared ?? deployed)!.table}.${(declared ?? deployed)!.name}`)).toEqual([]);
  });

  it('call the shared sets\' functions as the model renders them', async () => {
    expect(await withClient(process.env.TEST_OWNER_URL!, setFunctionDifferences)).toEqual([]);
  });
});
