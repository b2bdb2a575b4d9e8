/**
 * Queries asked again run as code graphql-jit generated for them (src/graphql/jit-executor.ts): what a
 * client writes in a query never becomes code, however often it is asked.
 */
import type { Api } from '../../src/app.js';
import { startTestApi, tokenFor } from '../support/api.js';

let api: Api;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await tokenFor('viewer@departement-62.demo');
});
afterAll(() => api.close());

/** graphql-jit turns a string that starts with this marker, written in a query, into a `new Date(…)` of the rest. */
const DATE_MARKER = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';

async function ask(query: string): Promise<{ errors?: { extensions: { code: string } }[] }> {
  const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  return response.json() as Promise<{ errors?: { extensions: { code: string } }[] }>;
}

it("never runs a client's string as code, however often the query is asked", async () => {
  const injected = globalThis as { clausesInjected?: boolean };
  const query = `query { node(id: "${DATE_MARKER}0+(globalThis.clausesInjected = true, 0)") { id } }`;
  for (let request = 0; request < 3; request++) expect((await ask(query)).errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
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
