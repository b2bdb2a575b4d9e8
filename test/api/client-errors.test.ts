import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { Writable } from 'node:stream';
import type { Api } from '../../src/app.js';
import { QUERY_LIMITS } from '../../src/graphql/limits.js';
import { createLogger } from '../../src/logging/logger.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';
import { demoUser } from '../support/sql.js';

/** Every log line the API writes, parsed. */
class CapturedLog extends Writable {
  readonly lines: Record<string, unknown>[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

const log = new CapturedLog();
/** The next query whose SQL reads the organisation table fails, as a bug or a lost connection would. */
let failNextOrganisationQuery = false;
let api: Api;
let token: string;
let adminToken: string;
beforeAll(async () => {
  api = await startTestApi({
    logger: createLogger('error', log),
    onQuery: (sql) => {
      if (failNextOrganisationQuery && /from "organisation"/.test(sql)) {
        failNextOrganisationQuery = false;
        throw new Error('simulated failure');
      }
    },
  });
  token = await tokenFor('viewer@departement-62.demo');
  adminToken = await tokenFor((await demoUser('DEPARTEMENT', 'ADMIN')).email);
});
afterAll(() => api.close());

const send = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}, as = token) =>
  execute(api.url, parse(query) as TypedDocumentNode<Record<string, { totalCount: number }>, Record<string, unknown>>, variables, { token: as, headers });

describe('a bad value in variables', () => {
  const cases: [string, string, Record<string, unknown>, RegExp, string][] = [
    ['a date', 'query($f: MarketFilter) { markets(filter: $f) { totalCount } }', { f: { notifiedFrom: '31/12/2024' } },
      /^Valeur invalide pour la variable \$f à « f.notifiedFrom » : « 31\/12\/2024 » n'est pas une date.*AAAA-MM-JJ/,
      '{ markets(filter: { notifiedFrom: "31/12/2024" }) { totalCount } }'],
    ['an enum value', 'query($f: MarketFilter) { markets(filter: $f) { totalCount } }', { f: { natures: ['BRIDGES'] } },
      /^Valeur invalide pour la variable \$f à « f.natures\[0\] » : « BRIDGES » n'est pas une valeur de MarketNature/,
      '{ markets(filter: { natures: [BRIDGES] }) { totalCount } }'],
    ['an id', 'query($id: ID!) { node(id: $id) { id } }', { id: { id: 1 } }, /^Valeur invalide pour la variable \$id : « { id: 1 } » n'est pas un identifiant/,
      '{ node(id: { id: 1 }) { id } }'],
    ['a field the input does not have', 'query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', { f: { colour: 'red' } },
      /^Valeur invalide pour la variable \$f : le champ « colour » n'existe pas dans CompanyFilter/,
      '{ companies(filter: { colour: "red" }) { totalCount } }'],
  ];

  it.each(cases)('is refused as BAD_USER_INPUT with 400 and a French message, as inline: %s', async (_what, query, variables, message, inlineQuery) => {
    const [response, inline] = [await send(query, variables), await send(inlineQuery)];
    expect([response.status, inline.status]).toEqual([400, 400]);
    expect(response.errors).toHaveLength(1);
    expect([response.errors![0]!.extensions.code, inline.errors![0]!.extensions.code]).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(response.errors![0]!.message).toMatch(message);
  });

  it('an integer that is not one, and a required variable left out, are refused the same way', async () => {
    const notAnInteger = await send('query($first: Int) { markets(first: $first) { totalCount } }', { first: 'ten' });
    const missing = await send('query($id: ID!) { node(id: $id) { id } }');
    expect([notAnInteger.status, missing.status]).toEqual([400, 400]);
    expect([notAnInteger.errors![0]!.extensions.code, missing.errors![0]!.extensions.code]).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(notAnInteger.errors![0]!.message).toMatch(/« ten » n'est pas un nombre entier/);
    expect(missing.errors![0]!.message).toMatch(/La variable \$id \(ID!\) est obligatoire/);
  });

  it('a query too costly to run is refused with 400 too', async () => {
    const fields = 'lots { awards { company { name siret kind } } } buyer { name } facilitator { name } operation { name } charter { name } reference object';
    const response = await send(`query($first: Int) { markets(first: $first) { nodes { ${fields} } edges { node { ${fields} } } } }`, { first: 1000 });
    expect(response.status).toBe(400);
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' });
  });

  it('the same document is refused or run by the cost of each request: its variables, the operation it names', async () => {
    const fields = 'lots { awards { company { name siret kind } } } buyer { name } facilitator { name } operation { name } charter { name } reference object';
    const page = (first: string) => `markets(first: ${first}) { nodes { ${fields} } edges { node { ${fields} } } }`;
    const statuses: number[] = [];
    for (const first of [1000, 5, 1000, 5]) statuses.push((await send(`query($first: Int) { ${page('$first')} }`, { first })).status);
    expect(statuses).toEqual([400, 200, 400, 200]);
    const named = async (operationName: string) => (await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `query Costly { ${page('1000')} } query Cheap { ${page('5')} }`, operationName }),
    })).status;
    expect([await named('Cheap'), await named('Costly'), await named('Cheap')]).toEqual([200, 400, 200]);
  });

  it('written inline, the same date is refused in French too', async () => {
    const response = await send('{ markets(filter: { notifiedFrom: "31/12/2024" }) { totalCount } }');
    expect(response.status).toBe(400);
    expect(response.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toMatch(/« 31\/12\/2024 » n'est pas une date.*AAAA-MM-JJ/);
  });
});

describe('a query over the limits', () => {
  it('is refused with 400 and a French message naming the limit', async () => {
    const chain = (levels: number): string => (levels === 0 ? 'id' : `placements { beneficiary { ${chain(levels - 1)} } }`);
    const tooDeep = await send(`{ beneficiaries(first: 1) { nodes { ${chain(QUERY_LIMITS.maxDepth)} } } }`);
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: viewer { user { id } }`).join(' ');
    const tooManyAliases = await send(`{ ${aliases} }`);
    const tooLong = await send(`{ ${'viewer { user { id } } '.repeat(QUERY_LIMITS.maxTokens / 6)} }`);
    expect([tooDeep.status, tooManyAliases.status, tooLong.status]).toEqual([400, 400, 400]);
    expect(tooLong.errors![0]!.message).toBe(`Requête trop longue : ${QUERY_LIMITS.maxTokens} éléments au plus`);
    expect(tooDeep.errors![0]!.message).toMatch(new RegExp(`^Requête trop profonde : ${QUERY_LIMITS.maxDepth} niveaux au plus, \\d+ ici$`));
    expect(tooManyAliases.errors![0]!.message).toBe(`Trop d’alias dans la requête : ${QUERY_LIMITS.maxAliases} au plus, ${QUERY_LIMITS.maxAliases + 1} ici`);
  });

  it('refuses in French a document whose fragments unfold into too many fields, and answers the next request', async () => {
    // Each fragment spreads the previous one 25 times: 25^3 viewers once unfolded, in two hundred tokens and
    // within the depth limit.
    const fragments = Array.from({ length: 3 }, (_, i) => `fragment F${i + 1} on Query { ${`...F${i} `.repeat(25)}}`).join(' ');
    const bomb = await send(`{ ...F3 } fragment F0 on Query { viewer { user { id } } } ${fragments}`);
    expect(bomb.status).toBe(400);
    expect(bomb.errors).toHaveLength(1);
    expect(bomb.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
    expect(bomb.errors![0]!.message).toMatch(/^Requête trop complexe/);
    const next = await send('{ viewer { user { id } } }');
    expect([next.status, next.errors]).toEqual([200, undefined]);
  });

  it('and one that does not parse is said to be so in French', async () => {
    const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"query":"{ markets("}' });
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(response.status).toBe(400);
    expect(body.errors[0]!.message).toMatch(/^Erreur de syntaxe dans la requête : /);
  });
});

describe('a query asked again, which graphql-jit compiles (src/graphql/jit-executor.ts)', () => {
  /** graphql-jit turns a string that starts with this marker, written in a query, into a `new Date(…)` of the rest. */
  const DATE_MARKER = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';

  it("never runs a client's string as code, however often it is asked", async () => {
    const injected = globalThis as { clausesInjected?: boolean };
    for (let request = 0; request < 3; request++) {
      const answer = await send(`{ node(id: "${DATE_MARKER}0+(globalThis.clausesInjected = true, 0)") { id } }`);
      expect(answer.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(injected.clausesInjected).toBeUndefined();
  });

  it('refuses an operation name the document does not have, however often it is asked', async () => {
    for (const operationName of ['', 'Autre', '', 'Autre']) {
      const response = await fetch(api.url, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'query Viewer { viewer { user { email } } }', operationName }),
      });
      expect([operationName, response.status]).toEqual([operationName, 400]);
    }
  });
});

describe('an explicit null filter', () => {
  const connections = ['markets', 'charters', 'operations', 'organisations', 'companies', 'beneficiaries', 'placements', 'auditEvents'];
  const filterTypes: Record<string, string> = {
    markets: 'MarketFilter', charters: 'CharterFilter', operations: 'OperationFilter', organisations: 'OrganisationFilter',
    companies: 'CompanyFilter', beneficiaries: 'BeneficiaryFilter', placements: 'PlacementFilter', auditEvents: 'AuditFilter',
  };

  it.each(connections)('is no filter on %s, inline or as a variable', async (field) => {
    const as = field === 'auditEvents' ? adminToken : token;
    const unfiltered = await send(`{ ${field} { totalCount } }`, {}, {}, as);
    const inline = await send(`{ ${field}(filter: null, first: null, after: null) { totalCount } }`, {}, {}, as);
    const variable = await send(`query($f: ${filterTypes[field]}) { ${field}(filter: $f) { totalCount } }`, { f: null }, {}, as);
    expect(unfiltered.errors).toBeUndefined();
    expect(inline.errors).toBeUndefined();
    expect(variable.errors).toBeUndefined();
    expect(inline.data![field]!.totalCount).toBe(unfiltered.data![field]!.totalCount);
    expect(variable.data![field]!.totalCount).toBe(unfiltered.data![field]!.totalCount);
  });
});

describe('a NUL character in any text', () => {
  // PostgreSQL holds no U+0000 in text: refused in French before anything runs, inline or as a variable, read or write.
  const refusal = /^La requête contient un caractère nul/;
  it.each([
    ['a search of markets', 'search', '{ markets(filter: { search: "a\\u0000b" }) { totalCount } }', 'query($f: MarketFilter) { markets(filter: $f) { totalCount } }', { f: { search: 'a\u0000b' } }],
    ['a search of organisations', 'search', '{ organisations(filter: { search: "a\\u0000b" }) { totalCount } }', 'query($f: OrganisationFilter) { organisations(filter: $f) { totalCount } }', { f: { search: 'a\u0000b' } }],
    ['a filter of companies', 'nafPrefix', '{ companies(filter: { nafPrefix: "4\\u0000" }) { totalCount } }', 'query($f: CompanyFilter) { companies(filter: $f) { totalCount } }', { f: { nafPrefix: '4\u0000' } }],
    ['a filter of the audit trail', 'entity', '{ auditEvents(filter: { entity: "a\\u0000" }) { totalCount } }', 'query($f: AuditFilter) { auditEvents(filter: $f) { totalCount } }', { f: { entity: 'a\u0000' } }],
  ])('is refused in %s, naming the field', async (_what, field, inline, query, variables) => {
    for (const response of [await send(inline), await send(query, variables)]) {
      expect(response.status).toBe(400);
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NUL_CHARACTER', field });
      expect(response.errors![0]!.message).toMatch(refusal);
    }
    expect((await send('{ organisations(first: 1) { totalCount } }')).errors).toBeUndefined();
  });
});

describe('the log of a request', () => {
  it('names the request id the client received on an internal error', async () => {
    failNextOrganisationQuery = true;
    const response = await send('{ organisations(first: 1) { nodes { name } } }', {}, { 'x-request-id': 'client-errors-1' });
    expect(response.errors![0]!.extensions.code).toBe('INTERNAL');
    expect(response.headers.get('x-request-id')).toBe('client-errors-1');
    const lines = log.lines.filter((line) => JSON.stringify(line).includes('simulated failure'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((line) => line.requestId)).toEqual(lines.map(() => 'client-errors-1'));
  });
});
