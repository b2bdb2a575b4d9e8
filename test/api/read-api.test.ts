import { print } from 'graphql';
import type { Api } from '../../src/app.js';
import { compiledReads } from '../../src/graphql/compiled/page.js';
import { QUERY_LIMITS } from '../../src/graphql/limits.js';
import { toGlobalId } from '../../src/graphql/relay/global-id.js';
import {
  BeneficiariesDocument, ChartersDocument, CompaniesDocument, MarketReferencesDocument, MarketsPageDocument,
  NodeByIdDocument, OperationsDocument, OrganisationsDocument, PlacementsDocument, type MarketsPageQuery,
} from '../generated/graphql.js';
import { VOLUME_BUYER_NAME } from '../../seeds/volume.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { sql } from '../support/sql.js';

let api: Api;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await tokenFor('viewer@departement-62.demo');
});
afterAll(() => api.close());

const query = <R, V>(document: Parameters<typeof execute<R, V>>[1], variables: V) => execute(api.url, document, variables, { token });

describe('markets', () => {
  it('walks every market once through the cursors, in reference order', async () => {
    const [{ count }] = (await sql<{ count: string }>('select count(*) from market')) as [{ count: string }];
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const response = await query(MarketReferencesDocument, { first: 7, after });
      expect(response.errors).toBeUndefined();
      const markets = response.data!.markets;
      expect(markets.totalCount).toBe(Number(count));
      seen.push(...markets.nodes.map((node) => node.reference));
      if (!markets.pageInfo.hasNextPage) break;
      after = markets.pageInfo.endCursor ?? undefined;
    }
    const expected = await sql<{ reference: string }>('select reference from market order by reference, id');
    expect(seen).toEqual(expected.map((row) => row.reference));
  });

  it('filters by buyer and nature, and counts what the filter matches', async () => {
    const [buyer] = await sql<{ buyer_id: string; nature: string; count: string }>(
      `select buyer_id, nature, count(*) from market
        where buyer_id not in (select id from organisation where name = $1) group by 1, 2 order by 3 desc, 1 limit 1`,
      [VOLUME_BUYER_NAME],
    );
    const response = await query(MarketsPageDocument, {
      first: 100,
      filter: { buyerId: toGlobalId('Organisation', buyer!.buyer_id), natures: [buyer!.nature as never] },
    });
    expect(response.errors).toBeUndefined();
    const { markets } = response.data!;
    expect(markets.totalCount).toBe(Number(buyer!.count));
    expect(markets.edges).toHaveLength(Number(buyer!.count));
    for (const { node } of markets.edges) {
      expect(node.buyer.id).toBe(toGlobalId('Organisation', buyer!.buyer_id));
      expect(node.nature).toBe(buyer!.nature);
    }
  });

  it('sorts in both directions', async () => {
    const ascending = await query(MarketReferencesDocument, { first: 1000, orderBy: { field: 'REFERENCE', direction: 'ASC' } });
    const descending = await query(MarketReferencesDocument, { first: 1000, orderBy: { field: 'REFERENCE', direction: 'DESC' } });
    const references = ascending.data!.markets.nodes.map((node) => node.reference);
    expect(descending.data!.markets.nodes.map((node) => node.reference)).toEqual([...references].reverse());
  });

  it('gives realised hours equal to the sum of reported hours, and planned hours with their basis', async () => {
    const expected = await sql<{ id: string; realised: string | null; stated_hours: string | null; basis: string }>(
      `select m.id, m.stated_hours,
              case when m.stated_hours is not null then 'STATED'
                   when m.amount_ht is not null and m.labour_rate is not null and m.insertion_rate is not null and m.hourly_cost is not null then 'COMPUTED'
                   else 'UNKNOWN' end as basis,
              (select sum(h.hours) from monthly_hours h join placement p on p.id = h.placement_id where p.market_id = m.id) as realised
         from market m where m.buyer_id not in (select id from organisation where name = $1)`,
      [VOLUME_BUYER_NAME],
    );
    const byId = new Map<string, MarketsPageQuery['markets']['edges'][number]['node']>();
    let after: string | undefined;
    do {
      const response = await query(MarketsPageDocument, { first: 200, after });
      expect(response.errors).toBeUndefined();
      for (const { node } of response.data!.markets.edges) if (!node.buyer.name.includes('volumétrie')) byId.set(node.id, node);
      after = response.data!.markets.pageInfo.hasNextPage ? response.data!.markets.pageInfo.endCursor ?? undefined : undefined;
    } while (after);
    expect(byId.size).toBe(expected.length);
    for (const row of expected) {
      const market = byId.get(toGlobalId('Market', row.id))!;
      expect(market.realisedHours).toBeCloseTo(Number(row.realised ?? 0), 2);
      if (row.stated_hours !== null) expect(market.plannedHours).toEqual({ hours: Number(row.stated_hours), basis: 'STATED' });
      else if (market.plannedHours.basis === 'COMPUTED') {
        const formula = market.amountHt! * market.labourRate! * market.insertionRate! / market.hourlyCost!;
        expect(Math.abs(market.plannedHours.hours! - formula)).toBeLessThanOrEqual(0.5);
      }
    }
    // Other test files may add markets of every basis: the demo's have both stated and computed hours.
    const bases = new Set(expected.map((row) => row.basis));
    expect([bases.has('STATED'), bases.has('COMPUTED')]).toEqual([true, true]);
    for (const row of expected) expect([row.id, byId.get(toGlobalId('Market', row.id))!.plannedHours.basis]).toEqual([row.id, row.basis]);
  });

  it('refuses a malformed cursor, a page too large and a filter id of the wrong type with BAD_USER_INPUT', async () => {
    const cases = [
      await query(MarketReferencesDocument, { first: 5, after: 'not-a-cursor' }),
      await query(MarketReferencesDocument, { first: 5000 }),
      await query(MarketReferencesDocument, { filter: { buyerId: toGlobalId('Market', '00000000-0000-4000-8000-000000000000') } }),
    ];
    for (const response of cases) {
      expect(response.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.extensions.stacktrace).toBeUndefined();
    }
  });

  it('refuses a cursor whose time is not the one the API writes, on both read paths', async () => {
    const orderBy = { field: 'CREATED_AT', direction: 'ASC' } as const;
    const first = await query(MarketReferencesDocument, { first: 1, orderBy });
    // A cursor is the base64url of the JSON of the row's sort values: a client can write one.
    const [createdAt, id] = JSON.parse(Buffer.from(first.data!.markets.pageInfo.endCursor!, 'base64url').toString()) as [string, string];
    expect(createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const crafted = (time: string) => Buffer.from(JSON.stringify([time, id])).toString('base64url');
    try {
      for (const compiled of [true, false]) {
        compiledReads.markets = compiled;
        expect((await query(MarketReferencesDocument, { first: 1, orderBy, after: crafted(createdAt) })).errors).toBeUndefined();
        for (const time of ['1', 'Jan 1 2020 (x)', '2020-02-30T00:00:00.000Z', '2020-01-01 00:00:00', '0000-01-01T00:00:00.000Z']) {
          const response = await query(MarketReferencesDocument, { first: 1, orderBy, after: crafted(time) });
          expect([compiled, time, response.errors?.[0]?.extensions.code, response.errors?.[0]?.message])
            .toEqual([compiled, time, 'BAD_USER_INPUT', expect.stringMatching(/^Curseur de pagination invalide/)]);
        }
      }
    } finally {
      compiledReads.markets = true;
    }
  });
});

describe('charters', () => {
  it('gives the Calais charter with its signatories, QPVs and targets', async () => {
    const response = await query(ChartersDocument, { filter: { search: 'Calais' } });
    expect(response.errors).toBeUndefined();
    const [charter] = response.data!.charters.nodes;
    const signatories = await sql<{ name: string }>(
      `select o.name from charter_signatory s join organisation o on o.id = s.organisation_id
        join charter c on c.id = s.charter_id where c.name like '%Calais%' order by o.name`,
    );
    expect(charter!.signatories.map((o) => o.name).sort()).toEqual(signatories.map((row) => row.name).sort());
    expect(charter!.qpvs.map((q) => q.name).sort()).toEqual(['Beau-Marais', 'Fort-Nieulay']);
    expect(charter!.targets).toEqual(expect.arrayContaining([
      { kind: 'WORKS_HOURS_RATE', value: 0.05, ageThreshold: null },
      { kind: 'GUP_HOURS_RATE', value: 0.1, ageThreshold: null },
      { kind: 'YOUNG_BENEFICIARIES_SHARE', value: 0.25, ageThreshold: 25 },
      { kind: 'TRAINING_ACCESS_SHARE', value: 0.25, ageThreshold: null },
    ]));
    expect(charter!.startDate).toBe('2022-01-01');
    expect(charter!.endDate).toBe('2030-12-31');
  });

  it('answers a query sent by GET, its variables in the query string, as by POST', async () => {
    const variables = { filter: { search: 'Calais' } };
    const url = new URL(api.url);
    url.search = new URLSearchParams({ query: print(ChartersDocument), variables: JSON.stringify(variables) }).toString();
    // Apollo's protection against cross-site requests: a GET names itself as a client's with a header.
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: (await query(ChartersDocument, variables)).data });
  });

  it('filters charters by signatory', async () => {
    const [outsider] = await sql<{ id: string }>(
      'select id from organisation where id not in (select organisation_id from charter_signatory) limit 1',
    );
    const response = await query(ChartersDocument, { filter: { signatoryId: toGlobalId('Organisation', outsider!.id) } });
    expect(response.data!.charters.totalCount).toBe(0);
  });
});

describe('other connections', () => {
  it('lists organisations by kind', async () => {
    const response = await query(OrganisationsDocument, { filter: { kinds: ['PLIE'] }, first: 100 });
    expect(response.data!.organisations.totalCount).toBe(8);
    expect(response.data!.organisations.nodes.every((o) => o.kind === 'PLIE')).toBe(true);
  });

  it('lists operations with their owner and charter', async () => {
    const response = await query(OperationsDocument, { filter: { programmes: ['ERBM'] } });
    expect(response.data!.operations.totalCount).toBeGreaterThan(0);
    expect(response.data!.operations.nodes.every((o) => o.programme === 'ERBM' && o.owner.name)).toBe(true);
  });

  it('finds companies by SIRET digits', async () => {
    const [company] = await sql<{ siret: string; name: string }>('select siret, name from company order by siret limit 1');
    const response = await query(CompaniesDocument, { filter: { search: company!.siret } });
    expect(response.data!.companies.nodes.map((c) => c.name)).toEqual([company!.name]);
  });

  it('lists beneficiaries of a PLIE with the count the database has', async () => {
    const [plie] = await sql<{ followed_by_id: string; count: string }>(
      'select followed_by_id, count(*) from beneficiary group by 1 order by 2 desc limit 1',
    );
    const response = await query(BeneficiariesDocument, { filter: { followedById: toGlobalId('Organisation', plie!.followed_by_id) }, first: 10 });
    expect(response.errors).toBeUndefined();
    expect(response.data!.beneficiaries.totalCount).toBe(Number(plie!.count));
    expect(response.data!.beneficiaries.nodes).toHaveLength(10);
  });

  it('refuses a cursor whose day does not exist, as beneficiaries are ordered by their entry date', async () => {
    const firstPage = await query(BeneficiariesDocument, { first: 1 });
    const [entryDate, id] = JSON.parse(Buffer.from(firstPage.data!.beneficiaries.pageInfo.endCursor!, 'base64url').toString()) as [string, string];
    const crafted = (day: string) => Buffer.from(JSON.stringify([day, id])).toString('base64url');
    expect((await query(BeneficiariesDocument, { first: 1, after: crafted(entryDate) })).errors).toBeUndefined();
    for (const day of ['2020-02-30', '0000-01-01']) {
      const response = await query(BeneficiariesDocument, { first: 1, after: crafted(day) });
      expect([day, response.errors?.[0]?.extensions.code]).toEqual([day, 'BAD_USER_INPUT']);
    }
  });

  it('lists the placements of a market', async () => {
    const [market] = await sql<{ market_id: string; count: string }>(
      'select market_id, count(*) from placement group by 1 order by 2 desc limit 1',
    );
    const response = await query(PlacementsDocument, { filter: { marketId: toGlobalId('Market', market!.market_id) }, first: 500 });
    expect(response.data!.placements.totalCount).toBe(Number(market!.count));
    expect(response.data!.placements.nodes.every((p) => p.market?.id === toGlobalId('Market', market!.market_id))).toBe(true);
  });
});

describe('node(id:)', () => {
  it('fetches an object of each kind by its global id', async () => {
    const [row] = await sql<{ market: string; organisation: string; beneficiary: string; placement: string }>(
      `select (select id from market limit 1) as market, (select id from organisation limit 1) as organisation,
              (select id from beneficiary limit 1) as beneficiary, (select id from placement limit 1) as placement`,
    );
    for (const [typeName, id] of [['Market', row!.market], ['Organisation', row!.organisation], ['Beneficiary', row!.beneficiary], ['Placement', row!.placement]] as const) {
      const response = await query(NodeByIdDocument, { id: toGlobalId(typeName, id) });
      expect(response.errors).toBeUndefined();
      expect(response.data!.node).toMatchObject({ __typename: typeName, id: toGlobalId(typeName, id) });
    }
  });

  it("fetches the asker's own account and organisation, which the session has read already", async () => {
    const [row] = await sql<{ user_id: string; organisation_id: string; name: string }>(
      `select u.id as user_id, o.id as organisation_id, o.name from app_user u
         join membership m on m.user_id = u.id and m.active join organisation o on o.id = m.organisation_id
        where u.email = 'viewer@departement-62.demo'`,
    );
    const organisation = await query(NodeByIdDocument, { id: toGlobalId('Organisation', row!.organisation_id) });
    expect(organisation.errors).toBeUndefined();
    expect(organisation.data!.node).toEqual({ __typename: 'Organisation', id: toGlobalId('Organisation', row!.organisation_id), name: row!.name, kind: 'DEPARTEMENT' });
    const user = await query(NodeByIdDocument, { id: toGlobalId('User', row!.user_id) });
    expect(user.errors).toBeUndefined();
    expect(user.data!.node).toEqual({ __typename: 'User', id: toGlobalId('User', row!.user_id) });
  });

  it('answers NOT_FOUND for an id that names nothing, BAD_USER_INPUT for one that is not an id', async () => {
    const missing = await query(NodeByIdDocument, { id: toGlobalId('Market', '00000000-0000-4000-8000-000000000000') });
    expect(missing.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const garbage = await query(NodeByIdDocument, { id: 'garbage' });
    expect(garbage.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('query limits', () => {
  const post = async (text: string) => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: text }),
    });
    return (await response.json()) as { data?: unknown; errors?: { extensions: Record<string, unknown> }[] };
  };

  it('accepts a front-end query of usual depth and refuses one deeper than the limit', async () => {
    const usual = '{ markets(first: 1) { nodes { operation { charter { coordinator { id } } } lots { awards { company { id } } } } } }';
    expect((await post(usual)).errors).toBeUndefined();
    const chain = (levels: number): string => (levels === 0 ? 'id' : `placements { beneficiary { ${chain(levels - 1)} } }`);
    const tooDeep = `{ beneficiaries(first: 1) { nodes { ${chain(QUERY_LIMITS.maxDepth)} } } }`;
    expect((await post(tooDeep)).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a query whose page sizes make it too costly', async () => {
    const fields = 'lots { awards { company { name siret kind } } } buyer { name } facilitator { name } operation { name } charter { name } plannedHours { hours basis } realisedHours reference object';
    const costly = `{ markets(first: 1000) { nodes { ${fields} } edges { node { ${fields} } } } }`;
    const body = await post(costly);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' });
  });
});
