import type pg from 'pg';
import { asApplicationRole, sql } from '../support/sql.js';

/** Under row-level security, as `organisation` acting with `role` (the request's settings, for the rest of the transaction). */
async function actAs(client: pg.Client, organisation: { id: string; kind: string; user: string }, role: string): Promise<void> {
  await client.query(`select set_config('app.org_id', $1, true), set_config('app.org_kind', $2, true), set_config('app.role', $3, true),
                             set_config('app.user_id', $4, true), set_config('app.api_key_id', '', true)`,
  [organisation.id, organisation.kind, role, organisation.user]);
}

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** The rows of `table` the plan read, its sub-plans included: kept or removed by a filter, in every loop. */
function rowsRead(node: PlanNode, table: string): number {
  const own = node['Relation Name'] === table
    ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops']
    : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child, table), 0);
}

/** Placements added, in the test's transaction only, on another market of the buyer: what it may read grows, as at 100 départements. */
const ADDED_PLACEMENTS = 20_000;

interface Subjects {
  market: { id: string; other: string; placements: number; hours: number; people: number; total: string };
  buyer: { id: string; kind: string; user: string };
  follower: { id: string; kind: string; user: string; company: string };
}

/** A market of a buyer with hours, another of its markets, and a PLIE's editor who follows people. */
async function subjects(): Promise<Subjects> {
  const [market] = await sql<Subjects['market'] & { buyer: string; kind: string; user: string }>(
    `select m.id, other.id as other, o.id as buyer, o.kind, u.user_id as user,
            (select count(*)::int from placement p where p.market_id = m.id) as placements,
            (select count(distinct p.beneficiary_id)::int from placement p where p.market_id = m.id) as people,
            (select count(*)::int from monthly_hours h join placement p on p.id = h.placement_id where p.market_id = m.id) as hours,
            (select sum(h.hours)::text from monthly_hours h join placement p on p.id = h.placement_id where p.market_id = m.id) as total
       from market m join organisation o on o.id = m.buyer_id
       join lateral (select id from market x where x.buyer_id = m.buyer_id and x.id <> m.id limit 1) other on true
       join lateral (select user_id from membership s where s.organisation_id = o.id and s.active limit 1) u on true
      where o.kind in ('BAILLEUR', 'VILLE', 'EPCI', 'REGION')
        and exists (select from monthly_hours h join placement p on p.id = h.placement_id where p.market_id = m.id)
      order by m.id limit 1`);
  const [plie] = await sql<{ id: string; user: string; company: string }>(
    `select o.id, s.user_id as user, (select id from company order by id limit 1) as company
       from organisation o join membership s on s.organisation_id = o.id and s.active and s.role in ('EDITOR', 'ADMIN')
      where o.kind = 'PLIE' and exists (select from beneficiary b where b.followed_by_id = o.id and b.restricted_at is null)
      order by o.id limit 1`);
  return {
    market: market!,
    buyer: { id: market!.buyer, kind: market!.kind, user: market!.user },
    follower: { id: plie!.id, kind: 'PLIE', user: plie!.user, company: plie!.company },
  };
}

/**
 * The plan and the answer of `query` for the buyer, once ADDED_PLACEMENTS placements were added (in a transaction
 * rolled back) on another of its markets: what it may read grows, as at 100 départements.
 */
async function asGrownBuyer({ market, buyer, follower }: Subjects, query: string): Promise<{ plan: PlanNode; answer: string }> {
  return asApplicationRole(async (client) => {
    await client.query('begin');
    try {
      await actAs(client, follower, 'EDITOR');
      await client.query(
        `with people as (select id, row_number() over (order by id) - 1 as n from beneficiary where followed_by_id = $1 and restricted_at is null)
         insert into placement (id, beneficiary_id, company_id, market_id, contract_type, modality, start_date, weekly_hours)
         select gen_random_uuid(), people.id, $2, $3, 'CDI', 'DIRECT_HIRE', date '2000-01-01' + i, 35
           from generate_series(0, $4 - 1) i join people on people.n = i % (select count(*) from people)`,
        [follower.id, follower.company, market.other, ADDED_PLACEMENTS]);
      await actAs(client, buyer, 'VIEWER');
      const [explained] = (await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (analyze, timing off, format json) ${query}`, [market.id])).rows;
      const [answer] = (await client.query<{ answer: string }>(query, [market.id])).rows;
      return { plan: explained!['QUERY PLAN'][0].Plan, answer: answer!.answer };
    } finally {
      await client.query('rollback');
    }
  });
}

describe('row-level security on the rows of one market', () => {
  let given: Subjects;
  beforeAll(async () => {
    given = await subjects();
  });

  it("reads, for a buyer, the placement of each hours row asked, not every placement the buyer may read", async () => {
    const { plan, answer } = await asGrownBuyer(given, 'select sum(h.hours)::text as answer from monthly_hours h join placement p on p.id = h.placement_id where p.market_id = $1');
    expect(answer).toBe(given.market.total);
    // The market's placements, then at most one placement per hours row: where the policy hashed every placement
    // the buyer may read, it read more than ADDED_PLACEMENTS.
    expect(rowsRead(plan, 'placement')).toBeLessThanOrEqual(given.market.placements + given.market.hours);
  });

  it('reads, for a buyer, the placements of each person asked, not every placement on its markets', async () => {
    const { plan, answer } = await asGrownBuyer(given,
      'select count(*)::text as answer from beneficiary b where b.id in (select p.beneficiary_id from placement p where p.market_id = $1)');
    expect(answer).toBe(String(given.market.people));
    // The market's placements, then the placements of each of its people until one on the buyer's markets.
    expect(rowsRead(plan, 'placement')).toBeLessThan(ADDED_PLACEMENTS);
  });
});
