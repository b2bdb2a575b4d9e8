/** The console's sign-in routes: development sign-in only where the platform signs its own tokens, never with a provider. */
import type { Api } from '../../src/app.js';
import { startTestApi } from '../support/api.js';

const PROVIDER = { OIDC_ISSUER: 'https://connexion.exemple.fr/realms/clauses', OIDC_AUDIENCE: 'clauses-api', OIDC_CLIENT_ID: 'clauses-console' };

async function call(api: Api, path: string, init: RequestInit = {}) {
  const response = await fetch(new URL(path, api.url), init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

const askToken = (api: Api, body: string) => call(api, '/auth/dev-token', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('sign-in in development', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('says the console signs in with demo accounts, and lists them', async () => {
    expect(await call(api, '/auth/config')).toMatchObject({ status: 200, body: { mode: 'dev' } });
    const { body } = await call(api, '/auth/demo-users');
    expect(body.users).toEqual(expect.arrayContaining([expect.objectContaining({ email: 'editor@fabrique-defi.demo', kind: 'PLIE', role: 'EDITOR' })]));
  });

  it('signs a token the API accepts for the account named', async () => {
    const { status, body } = await askToken(api, '{"email":"Editor@Fabrique-Defi.demo"}');
    expect(status).toBe(200);
    const viewer = await fetch(api.url, {
      method: 'POST', headers: { authorization: `Bearer ${body.token as string}`, 'content-type': 'application/json' }, body: '{"query":"{ viewer { user { email } } }"}',
    });
    expect(await viewer.json()).toEqual({ data: { viewer: { user: { email: 'editor@fabrique-defi.demo' } } } });
  });

  it('refuses in French what is not an address, and a method it does not take', async () => {
    for (const body of ['{}', '{"email":"personne"}', `{"email":"${'a'.repeat(300)}@x.fr"}`, 'pas du json', '{"email": 42}']) {
      const answer = await askToken(api, body);
      expect([answer.status, answer.body]).toEqual([400, { errors: [{ message: expect.stringMatching(/^(Adresse électronique attendue|Le corps de la requête)/), extensions: { code: 'BAD_USER_INPUT' } }] }]);
    }
    expect((await call(api, '/auth/dev-token')).status).toBe(405);
  });
});

describe('sign-in with an OpenID Connect provider (as in production)', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startTestApi({ env: PROVIDER });
  });
  afterAll(() => api.close());

  it('names the provider and the console’s client, and lets the console’s page reach the provider only', async () => {
    expect(await call(api, '/auth/config')).toMatchObject({ status: 200, body: { mode: 'oidc', issuer: PROVIDER.OIDC_ISSUER, clientId: 'clauses-console' } });
    const page = await fetch(new URL('/', api.url), { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' https://connexion.exemple.fr;");
  });

  it('serves no development sign-in at all', async () => {
    expect((await call(api, '/auth/demo-users')).status).toBe(404);
    expect((await askToken(api, '{"email":"admin@departement-62.demo"}')).status).toBe(404);
  });
});
