/**
 * The markets and charters pages read in one statement each (src/graphql/compiled/markets-page.ts): the same answers as the
 * ORM's path (paginate and the loaders) for readers of every kind, filters, orders and pages; a number of
 * statements that the page size does not change; and, with row-level security bypassed, its own scoping
 * alone gives each reader only the rows the isolation oracle allows.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Api } from '../../src/app.js';
import { compiledReads } from '../../src/graphql/compiled/page.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import { VOLUME_BUYER_NAME } from '../../seeds/volume.js';
import {
  ChartersEverythingDocument, ChartersSomeDocument, MarketsEverythingDocument, MarketsPageDocument, MarketsSomeDocument, NothingButTypenameDocument,
  type ChartersEverythingQuery, type ChartersEverythingQueryVariables, type MarketsEverythingQueryVariables,
} from '../generated/graphql.js';
import { expectedRows, tablesAndKeys } from '../access/oracle.js';
import { apiKeyReaders, demoReaders, onePerKind, tokenOf, type Reader } from '../access/readers.js';
import { execute, startTestApi } from '../support/api.js';
import { sql } from '../support/sql.js';

const databaseId = (globalId: string) => parseGlobalId(globalId)!.id;

/** A viewer of the Département, of a buyer, of a PLIE, and an API key of the buyer. */
async function someReaders(api: Api): Promise<Reader[]> {
  const organisations = await onePerKind();
  const viewers = (await demoReaders(['VIEWER'])).filter((reader) => organisations.some((organisation) => organisation.organisationId === reader.organisationId));
  const ofKind = (kind: string) => viewers.find((reader) => reader.kind === kind)!;
  const buyer = ofKind('BAILLEUR');
  const [key] = await apiKeyReaders(api, [buyer]);
  return [ofKind('DEPARTEMENT'), buyer, ofKind('PLIE'), key!];
}

/** The text of the compiled page's statement among those logged. */
const pageStatement = (logged: string[]) => logged.find((text) => /with page as/.test(text)) ?? '';

describe('the compiled markets page', () => {
  let api: Api;
  let statements = 0;
  let logged: string[] = [];
  beforeAll(async () => {
    api = await startTestApi({ onQuery: (line) => { statements += 1; logged.push(line); } });
  });
  afterAll(async () => {
    compiledReads.markets = true;
    await api.close();
  });

  /** The answer of one path, and of the other, to the same request. */
  async function bothPaths<R, V>(token: string, variables: V, document: TypedDocumentNode<R, V>) {
    const answers = [];
    for (const compiled of [true, false]) {
      compiledReads.markets = compiled;
      answers.push(await execute(api.url, document, variables, { token }));
    }
    compiledReads.markets = true;
    return answers;
  }

  it('answers as the ORM does, for each reader, filter, order and page', async () => {
    const [volumeBuyer] = await sql<{ id: string }>('select id from organisation where name = $1', [VOLUME_BUYER_NAME]);
    const [someFacilitator] = await sql<{ id: string }>('select facilitator_id as id from market where facilitator_id is not null order by reference limit 1');
    const cases: MarketsEverythingQueryVariables[] = [
      { first: 40 },
      { first: 0 },
      { first: 7, orderBy: { field: 'REFERENCE', direction: 'DESC' } },
      { first: 7, orderBy: { field: 'CREATED_AT', direction: 'ASC' } },
      { first: 7, orderBy: { field: 'UPDATED_AT', direction: 'DESC' } },
      { first: 20, filter: { buyerId: toGlobalId('Organisation', volumeBuyer!.id) } },
      { first: 20, filter: { facilitatorId: toGlobalId('Organisation', someFacilitator!.id), natures: ['WORKS', 'SERVICES'] } },
      { first: 20, filter: { statuses: ['ACTIVE'], clauseMechanisms: [], notifiedFrom: '2024-01-01' } },
      { first: 20, filter: { notifiedFrom: '2023-01-01', notifiedTo: '2025-12-31' } },
      { first: 20, filter: { search: 'MC-ERBM lot_%' } },
      { first: 20, filter: { search: 'erbm' } },
      { first: 5, filter: { buyerId: 'not a global id' } },
      { first: 5, after: 'not a cursor' },
      { first: 5000 },
    ];
    for (const reader of await someReaders(api)) {
      const token = await tokenOf(reader);
      for (const variables of cases) {
        const [compiled, orm] = await bothPaths(token, variables, MarketsEverythingDocument);
        expect([reader.label, variables, compiled!.data, compiled!.errors]).toEqual([reader.label, variables, orm!.data, orm!.errors]);
      }
      // Page after page through the cursors, in each order.
      for (const orderBy of [undefined, { field: 'CREATED_AT', direction: 'DESC' }, { field: 'UPDATED_AT', direction: 'ASC' }] as const) {
        let after: string | undefined;
        for (let page = 0; page < 4; page += 1) {
          const [compiled, orm] = await bothPaths(token, { first: 3, after, orderBy }, MarketsEverythingDocument);
          expect([reader.label, orderBy, page, compiled!.data]).toEqual([reader.label, orderBy, page, orm!.data]);
          expect(compiled!.errors).toBeUndefined();
          if (!compiled!.data!.markets.pageInfo.hasNextPage) break;
          after = compiled!.data!.markets.pageInfo.endCursor ?? undefined;
        }
      }
    }
  });

  it('reads only the columns of the fields asked of a market and of its relations, and answers as the ORM does', async () => {
    const [volumeBuyer] = await sql<{ id: string }>('select id from organisation where name = $1', [VOLUME_BUYER_NAME]);
    for (const reader of await someReaders(api)) {
      const token = await tokenOf(reader);
      for (const variables of [{ first: 30 }, { first: 10, filter: { buyerId: toGlobalId('Organisation', volumeBuyer!.id) } }]) {
        const [compiled, orm] = await bothPaths(token, variables, MarketsSomeDocument);
        expect([reader.label, variables, compiled!.errors]).toEqual([reader.label, variables, undefined]);
        expect([reader.label, variables, compiled!.data]).toEqual([reader.label, variables, orm!.data]);
      }
    }
    logged = [];
    await execute(api.url, MarketsSomeDocument, { first: 1 }, { token: await tokenOf((await someReaders(api))[0]!) });
    const page = pageStatement(logged);
    // The market's id, the inputs of plannedHours, the ids of its relations, the status; of the buyer, its id and kind.
    for (const column of ['id', 'amount_ht', 'stated_hours', 'buyer_id', 'operation_id', 'charter_id', 'status', 'cursor_value']) expect(page).toContain(`'${column}', m.${column}`);
    expect(page).toContain("json_build_object('id', b.id, 'kind', b.kind)");
    expect(page).toContain("json_build_object('id', o.id, 'owner_id', o.owner_id, 'charter_id', o.charter_id)");
    expect(page).not.toContain('to_json(');
    expect(page).not.toContain("'object'");
  });

  it('costs one statement besides the session, whatever the page size', async () => {
    const [buyer] = await sql<{ id: string }>('select id from organisation where name = $1', [VOLUME_BUYER_NAME]);
    const [reader] = await someReaders(api);
    const token = await tokenOf(reader!);
    const count = async (run: () => Promise<unknown>) => {
      statements = 0;
      await run();
      return statements;
    };
    const sessionOnly = () => count(() => execute(api.url, NothingButTypenameDocument, {}, { token }));
    const pageOf = (first: number) => count(async () => {
      const response = await execute(api.url, MarketsPageDocument, { first, filter: { buyerId: toGlobalId('Organisation', buyer!.id) } }, { token });
      expect(response.data!.markets.edges).toHaveLength(first);
    });
    await pageOf(5); // a connection the pool opens checks the database first
    const session = await sessionOnly();
    expect([await pageOf(5), await pageOf(50)]).toEqual([session + 1, session + 1]);
  });
});

describe('the compiled charters page', () => {
  let api: Api;
  let logged: string[] = [];
  beforeAll(async () => {
    api = await startTestApi({ onQuery: (line) => logged.push(line) });
  });
  afterAll(async () => {
    compiledReads.charters = true;
    await api.close();
  });

  /** The QPVs of a charter come in no defined order (the ORM's loader gives none): sorted, to compare. */
  const withQpvsSorted = (data: ChartersEverythingQuery | null | undefined) => data && {
    ...data,
    charters: { ...data.charters, edges: data.charters.edges.map((edge) => ({ ...edge, node: { ...edge.node, qpvs: [...edge.node.qpvs].sort((a, b) => a.id.localeCompare(b.id)) } })) },
  };

  async function bothPaths(token: string, variables: ChartersEverythingQueryVariables) {
    const answers = [];
    for (const compiled of [true, false]) {
      compiledReads.charters = compiled;
      const response = await execute(api.url, ChartersEverythingDocument, variables, { token });
      answers.push({ data: withQpvsSorted(response.data), errors: response.errors });
    }
    compiledReads.charters = true;
    return answers;
  }

  it('answers as the ORM does, for each reader, filter and page', async () => {
    const [charter] = await sql<{ coordinator: string; signatory: string }>(
      `select c.coordinator_id as coordinator, s.organisation_id as signatory from charter c join charter_signatory s on s.charter_id = c.id
        where s.organisation_id <> c.coordinator_id order by c.name, s.id limit 1`);
    const cases: ChartersEverythingQueryVariables[] = [
      {},
      { first: 0 },
      { filter: { search: 'Calais' } },
      { filter: { search: 'charte 100%_' } },
      { filter: { coordinatorId: toGlobalId('Organisation', charter!.coordinator) } },
      { filter: { signatoryId: toGlobalId('Organisation', charter!.signatory) } },
      { filter: { signatoryId: toGlobalId('Market', charter!.signatory) } },
      { after: 'not a cursor' },
    ];
    for (const reader of await someReaders(api)) {
      const token = await tokenOf(reader);
      for (const variables of cases) {
        const [compiled, orm] = await bothPaths(token, variables);
        expect([reader.label, variables, compiled]).toEqual([reader.label, variables, orm]);
      }
      let after: string | undefined;
      for (let page = 0; page < 5; page += 1) {
        const [compiled, orm] = await bothPaths(token, { first: 1, after });
        expect([reader.label, page, compiled]).toEqual([reader.label, page, orm]);
        if (!compiled!.data?.charters.pageInfo.hasNextPage) break;
        after = compiled!.data.charters.pageInfo.endCursor ?? undefined;
      }
    }
  });
  it('reads only the columns of the fields asked of a charter and of its lists, and answers as the ORM does', async () => {
    for (const reader of await someReaders(api)) {
      const token = await tokenOf(reader);
      const answers = [];
      for (const compiled of [true, false]) {
        compiledReads.charters = compiled;
        const { data, errors } = await execute(api.url, ChartersSomeDocument, {}, { token });
        const sorted = data?.charters.nodes.map((node) => ({ ...node, qpvs: [...node.qpvs].sort((a, b) => String(a.code).localeCompare(String(b.code))) }));
        answers.push({ sorted, errors });
      }
      compiledReads.charters = true;
      expect([reader.label, answers[0]!.errors, answers[0]]).toEqual([reader.label, undefined, answers[1]]);
    }
    logged = [];
    await execute(api.url, ChartersSomeDocument, { filter: { search: 'Calais' } }, { token: await tokenOf((await someReaders(api))[0]!) });
    const page = pageStatement(logged);
    expect(page).toContain("json_build_object('id', c.id, 'name', c.name, 'coordinator_id', c.coordinator_id, 'cursor_value', c.cursor_value)");
    expect(page).toContain("json_build_object('id', k.id, 'kind', k.kind)");
    for (const [alias, column] of [['o', 'name'], ['q', 'code'], ['t', 'value']]) expect(page).toContain(`json_agg(json_build_object('id', ${alias}.id, '${column}', ${alias}.${column})`);
    expect(page).not.toContain('to_json(');
  });
});

describe('the compiled markets page, with row-level security bypassed (connected as the owner)', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi({ asOwner: true });
  });
  afterAll(() => api.close());

  it('scopes alone each reader to the markets, operations, charters and hours the oracle allows', async () => {
    const keys = await tablesAndKeys();
    const tables = ['market', 'operation', 'charter', 'monthly_hours'];
    const readers = [...(await demoReaders(['VIEWER'])), ...(await apiKeyReaders(api, await onePerKind()))];
    for (const reader of readers) {
      const token = await tokenOf(reader);
      const expected = await expectedRows(reader, new Map(tables.map((table) => [table, keys.get(table)!])));
      const nodes = [];
      let after: string | undefined;
      for (let page = 0; page < 100; page += 1) {
        const response = await execute(api.url, MarketsEverythingDocument, { first: 100, after }, { token });
        if (response.errors) {
          expect([reader.label, response.errors[0]!.extensions.code, expected.get('market')!.size]).toEqual([reader.label, 'FORBIDDEN', 0]);
          break;
        }
        nodes.push(...response.data!.markets.edges.map((edge) => edge.node));
        if (!response.data!.markets.pageInfo.hasNextPage) break;
        after = response.data!.markets.pageInfo.endCursor ?? undefined;
      }
      const marketIds = nodes.map((node) => databaseId(node.id));
      expect([reader.label, new Set(marketIds)]).toEqual([reader.label, expected.get('market')]);

      // Each relation as the oracle lets the reader read it, and the hours of the monthly rows it may read.
      const truth = await sql<{ id: string; operation: string | null; charter: string | null; hours: number }>(
        `select m.id, case when m.operation_id = any($2::uuid[]) then m.operation_id end as operation,
                case when m.charter_id = any($3::uuid[]) then m.charter_id end as charter,
                coalesce((select sum(h.hours) from monthly_hours h join placement p on p.id = h.placement_id
                           where p.market_id = m.id and h.id = any($4::uuid[])), 0)::float8 as hours
           from market m where m.id = any($1::uuid[]) order by m.reference, m.id`,
        [marketIds, ...['operation', 'charter', 'monthly_hours'].map((table) => [...expected.get(table)!])],
      );
      const read = nodes.map((node) => ({
        id: databaseId(node.id),
        operation: node.operation ? databaseId(node.operation.id) : null,
        charter: node.charter ? databaseId(node.charter.id) : null,
        hours: node.hours,
      }));
      expect([reader.label, read]).toEqual([reader.label, truth]);
    }
  });
});
