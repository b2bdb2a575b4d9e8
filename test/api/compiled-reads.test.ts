/**
 * The markets and charters pages read in one statement each (src/graphql/compiled/markets-page.ts): the same answers as the
 * ORM's path (paginate and the loaders) for readers of every kind, filters, orders and pages; a number of
 * statements that the page size does not change; and, with row-level security bypassed, its own scoping
 * alone gives each reader only the rows the isolation oracle allows. The charters PostgreSQL answers whole
 * (src/graphql/compiled/answers.ts): the same answers again, its own JSON text sent, and the resolvers left
 * whatever it cannot write or the rules refuse.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { EventEmitter } from 'node:events';
import { parse, print } from 'graphql';
import type pg from 'pg';
import type { Api } from '../../src/app.js';
import { compiledReads } from '../../src/graphql/compiled/page.js';
import { parseGlobalId, toGlobalId } from '../../src/graphql/relay/global-id.js';
import { VOLUME_BUYER_NAME } from '../../seeds/volume.js';
import {
  ChartersEverythingDocument, ChartersSomeDocument, MarketsEverythingDocument, MarketsPageDocument, MarketsSomeDocument, NothingButTypenameDocument,
  type ChartersEverythingQuery, type ChartersEverythingQueryVariables, type ChartersSomeQuery, type MarketsEverythingQueryVariables,
} from '../generated/graphql.js';
import { expectedRows, tablesAndKeys } from '../access/oracle.js';
import { apiKeyReaders, demoReaders, onePerKind, tokenOf, type Reader } from '../access/readers.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
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

/** The three paths of Query.charters: PostgreSQL's whole answer, the resolvers over the compiled page, the ORM's. */
const CHARTERS_PATHS = [
  { path: 'answered by PostgreSQL', charters: true, answers: true },
  { path: 'compiled page', charters: true, answers: false },
  { path: 'ORM', charters: false, answers: false },
] as const;

describe('the compiled charters page, and the charters PostgreSQL answers whole', () => {
  let api: Api;
  let logged: string[] = [];
  beforeAll(async () => {
    api = await startTestApi({ onQuery: (line) => logged.push(line) });
  });
  afterAll(async () => {
    Object.assign(compiledReads, { charters: true, answers: true });
    await api.close();
  });

  /** The QPVs of a charter come in no defined order (the ORM's loader gives none): sorted, to compare. */
  const withQpvsSorted = (data: ChartersEverythingQuery | null | undefined) => data && {
    ...data,
    charters: { ...data.charters, edges: data.charters.edges.map((edge) => ({ ...edge, node: { ...edge.node, qpvs: [...edge.node.qpvs].sort((a, b) => a.id.localeCompare(b.id)) } })) },
  };

  /** The answer of each path to the same request, the path named in each. */
  async function allPaths<R, V, S = R | null | undefined>(token: string, variables: V, document: TypedDocumentNode<R, V>, sorted: (data: R | null | undefined) => S = (data) => data as S) {
    const answers: { data: S; errors: { extensions?: { code?: unknown } }[] | undefined; path: string }[] = [];
    for (const { path, charters, answers: answered } of CHARTERS_PATHS) {
      Object.assign(compiledReads, { charters, answers: answered });
      const response = await execute(api.url, document, variables, { token });
      answers.push({ data: sorted(response.data), errors: response.errors, path });
    }
    Object.assign(compiledReads, { charters: true, answers: true });
    return answers;
  }

  /** Each path's answer is the ORM's, the path named aside. */
  const expectSameAnswers = (label: unknown, answers: { data: unknown; errors: unknown; path: string }[]) => {
    const orm = answers.at(-1)!;
    for (const { path, data, errors } of answers) expect([label, path, data, errors]).toEqual([label, path, orm.data, orm.errors]);
  };

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
      { first: -1 },
    ];
    for (const reader of await someReaders(api)) {
      const token = await tokenOf(reader);
      for (const variables of cases) {
        const answers = await allPaths(token, variables, ChartersEverythingDocument, withQpvsSorted);
        expectSameAnswers([reader.label, variables], answers);
      }
      let after: string | undefined;
      for (let page = 0; page < 5; page += 1) {
        const answers = await allPaths(token, { first: 1, after }, ChartersEverythingDocument, withQpvsSorted);
        expectSameAnswers([reader.label, page], answers);
        const [answered] = answers;
        if (!answered!.data?.charters.pageInfo.hasNextPage) break;
        after = answered!.data.charters.pageInfo.endCursor ?? undefined;
      }
    }
  });

  it('reads only the columns of the fields asked of a charter and of its lists, and answers as the ORM does', async () => {
    const sortedQpvs = (data: ChartersSomeQuery | null | undefined) => data?.charters.nodes.map((node) => ({ ...node, qpvs: [...node.qpvs].sort((a, b) => String(a.code).localeCompare(String(b.code))) }));
    for (const reader of await someReaders(api)) {
      const answers = await allPaths(await tokenOf(reader), {}, ChartersSomeDocument, sortedQpvs);
      expect([reader.label, answers[0]!.errors]).toEqual([reader.label, undefined]);
      expectSameAnswers(reader.label, answers);
    }
    compiledReads.answers = false;
    logged = [];
    await execute(api.url, ChartersSomeDocument, { filter: { search: 'Calais' } }, { token: await tokenOf((await someReaders(api))[0]!) });
    compiledReads.answers = true;
    const page = pageStatement(logged);
    expect(page).toContain("json_build_object('id', c.id, 'name', c.name, 'coordinator_id', c.coordinator_id, 'cursor_value', c.cursor_value)");
    expect(page).toContain("json_build_object('id', k.id, 'kind', k.kind)");
    for (const [alias, column] of [['o', 'name'], ['q', 'code'], ['t', 'value']]) expect(page).toContain(`json_agg(json_build_object('id', ${alias}.id, '${column}', ${alias}.${column})`);
    expect(page).not.toContain('to_json(');
  });

  it('sends the JSON PostgreSQL wrote, from one statement sent with the session’s settings, read only, in one round trip', async () => {
    const token = await tokenOf((await someReaders(api))[0]!);
    const { text, variables } = { text: print(ChartersEverythingDocument), variables: { filter: { search: 'Calais' } } };
    // The session read, and kept; then the settings and the answer prepared on the connection, in a transaction of their own.
    await execute(api.url, ChartersEverythingDocument, variables, { token });
    await execute(api.url, ChartersEverythingDocument, variables, { token });
    // Round trips on the API's connections: PostgreSQL ends each with ReadyForQuery.
    const pool = await api.orm.em.getConnection().getNativeClient();
    let roundTrips = 0;
    const counted = new WeakSet<object>();
    const countRoundTrips = (client: pg.PoolClient) => {
      if (counted.has(client)) return;
      counted.add(client);
      (client as unknown as { connection: EventEmitter }).connection.on('readyForQuery', () => (roundTrips += 1));
    };
    pool.on('acquire', countRoundTrips);
    logged = [];
    const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: text, variables }) });
    const body = await response.text();
    pool.off('acquire', countRoundTrips);
    // No begin, no rollback: the settings and the answer, in the implicit transaction of their one Sync.
    expect(roundTrips).toBe(1);
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatch(/^\[query\] select set_config\(\$1, \$2, true\), .*, set_config\('transaction_read_only', 'on', true\)$/);
    expect(pageStatement(logged)).toMatch(/select json_build_object\(\$\d+::text, .*\)::text as data/s);
    // json_build_object's spacing: the text is PostgreSQL's, not JSON.stringify's.
    expect(body).toMatch(/^\{"data":\{"charters" : \{"totalCount" : \d+, "pageInfo" : /);
    const [, compiled] = await allPaths(token, variables, ChartersEverythingDocument);
    expect(JSON.parse(body)).toEqual({ data: compiled!.data });
  });

  it('writes a client’s aliases without a new statement', async () => {
    const token = await tokenOf((await someReaders(api))[0]!);
    const answerStatement = async (query: string) => {
      logged = [];
      const { errors } = await execute(api.url, parse(query), {}, { token });
      expect([query, errors]).toEqual([query, undefined]);
      // The statement's text, without the time it took.
      return logged.find((line) => /::text as data/.test(line))?.replace(/ \[took .*$/s, '');
    };
    const first = await answerStatement('query { a: charters { nodes { x: name } } }');
    expect(first).toBeDefined();
    expect(await answerStatement('query { b: charters { nodes { y: name } } }')).toBe(first);
  });

  it('leaves to the resolvers what PostgreSQL cannot write, with the same answers', async () => {
    const token = await tokenOf((await someReaders(api))[0]!);
    const queries = [
      'query { charters { nodes { id ... on Node { id } } } }',
      'query Q($all: Boolean!) { charters { nodes { id name @include(if: $all) } } }',
      'query { charters { nodes { id a: name a: name } } }',
      'query { charters { nodes { id } } operations { totalCount } }',
    ];
    for (const query of queries) {
      const document = parse(query) as TypedDocumentNode<unknown, { all: boolean }>;
      const answers = await allPaths(token, { all: true }, document);
      expectSameAnswers(query, answers);
      logged = [];
      await execute(api.url, document, { all: true }, { token });
      expect([query, logged.some((line) => /::text as data/.test(line))]).toEqual([query, false]);
    }
  });

  it('refuses as the rules do: a user acting for no organisation is refused the charters', async () => {
    const [twice] = await sql<{ email: string }>(
      'select u.email from app_user u join membership m on m.user_id = u.id where m.active group by u.email having count(*) = 2 order by u.email limit 1');
    const token = await tokenFor(twice!.email);
    const answers = await allPaths(token, {}, ChartersEverythingDocument);
    expect(answers[0]!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expectSameAnswers('no organisation', answers);
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
