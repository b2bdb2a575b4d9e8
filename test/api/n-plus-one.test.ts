import type { Api } from '../../src/app.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import { MarketsPageDocument, MarketsWithAwardsDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';
import { VOLUME_BUYER_NAME } from '../../seeds/volume.js';

let api: Api;
let statements = 0;
beforeAll(async () => {
  api = await startTestApi({ onQuery: () => { statements += 1; } });
});
afterAll(() => api.close());

/** SQL statements sent to PostgreSQL while the API answers one page of `first` markets. */
async function statementsForPage(first: number): Promise<{ count: number; rows: number }> {
  const [buyer] = await sql<{ id: string }>('select id from organisation where name = $1', [VOLUME_BUYER_NAME]);
  const token = await tokenFor('viewer@departement-62.demo');
  statements = 0;
  const response = await execute(api.url, MarketsPageDocument, { first, filter: { buyerId: toGlobalId('Organisation', buyer!.id) } }, { token });
  const count = statements;
  expect(response.errors).toBeUndefined();
  const rows = response.data!.markets.edges;
  expect(rows.every(({ node }) => node.facilitator && node.operation && node.buyer)).toBe(true);
  return { count, rows: rows.length };
}

describe('a page of markets with buyer, facilitator, operation and hours', () => {
  it('costs the same number of SQL statements for 1, 50 and 200 rows', async () => {
    await statementsForPage(1); // the pool's first connection also checks the database
    const one = await statementsForPage(1);
    const fifty = await statementsForPage(50);
    const twoHundred = await statementsForPage(200);
    expect([one.rows, fifty.rows, twoHundred.rows]).toEqual([1, 50, 200]);
    expect(fifty.count).toBe(one.count);
    expect(twoHundred.count).toBe(one.count);
    // begin, the session (app_open_session: the settings, the user and the memberships at once; a kept session's
    // settings from the second request on), the page
    // (one statement with its count, hours, organisations and operations), rollback (a query writes nothing)
    expect(one.count).toBe(4);
  });
});

describe('markets with their lots, awards and awardees', () => {
  /** SQL statements for one page of the demo's ERBM markets, every one of them awarded. */
  async function statementsForAwards(first: number): Promise<{ count: number; rows: number }> {
    const token = await tokenFor('viewer@departement-62.demo');
    statements = 0;
    const response = await execute(api.url, MarketsWithAwardsDocument, { first, filter: { search: 'MC-ERBM' } }, { token });
    const count = statements;
    expect(response.errors).toBeUndefined();
    const markets = response.data!.markets.nodes;
    expect(markets.every((market) => market.lots.some((lot) => lot.awards.some((award) => award.company.siret)))).toBe(true);
    return { count, rows: markets.length };
  }

  it('costs the same number of SQL statements for one market and for all of them', async () => {
    const one = await statementsForAwards(1);
    const all = await statementsForAwards(50);
    expect(one.rows).toBe(1);
    expect(all.rows).toBeGreaterThan(3);
    expect(all.count).toBe(one.count);
  });
});
