/**
 * Every answer of every route, refusals included, carries the security headers; none but GraphiQL's and the console's own files may be
 * stored by a browser or a proxy (GraphQL answers, exports and reports bear identities: issue 15, point 6).
 */
import type http from 'node:http';
import type { Api } from '../../src/app.js';
import { ROUTES } from '../../src/http/server.js';
import { startTestApi, tokenFor } from '../support/api.js';
import { demoUser } from '../support/sql.js';

let api: Api;
let plie: string;
let departement: string;

beforeAll(async () => {
  api = await startTestApi({ env: { METRICS_TOKEN: 'jeton-des-metriques-de-ce-test-0123456789' } });
  plie = await tokenFor((await demoUser('PLIE', 'EDITOR')).email);
  departement = await tokenFor((await demoUser('DEPARTEMENT', 'VIEWER')).email);
});
afterAll(() => api.close());

interface Call { method: string; path: string; headers?: Record<string, string>; body?: string; status: number }

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** One call per route at least, answered or refused. */
const calls = ([asset, consoleAsset]: string[]): Call[] => [
  { method: 'GET', path: '/health/live', status: 200 },
  { method: 'GET', path: '/health/ready', status: 200 },
  { method: 'GET', path: '/metrics', headers: bearer('jeton-des-metriques-de-ce-test-0123456789'), status: 200 },
  { method: 'GET', path: '/metrics', status: 401 },
  { method: 'GET', path: '/graphql', headers: { accept: 'text/html' }, status: 200 },
  { method: 'GET', path: asset!, status: 200 },
  { method: 'POST', path: '/graphql', headers: { ...bearer(plie), 'content-type': 'application/json' }, body: '{"query":"{ beneficiaries(first: 1) { totalCount } }"}', status: 200 },
  { method: 'POST', path: '/graphql', headers: { ...bearer(plie), 'content-type': 'application/json' }, body: '{', status: 400 },
  { method: 'POST', path: '/imports', headers: bearer(plie), status: 400 },
  { method: 'GET', path: '/exports/follow-up.csv', headers: bearer(plie), status: 200 },
  { method: 'GET', path: '/exports/import-refused.csv', headers: bearer(plie), status: 400 },
  { method: 'GET', path: '/reports/departement.csv?year=2025', headers: bearer(departement), status: 200 },
  { method: 'GET', path: '/reports/anru.csv', headers: bearer(plie), status: 400 },
  { method: 'GET', path: '/', headers: { accept: 'text/html' }, status: 200 },
  { method: 'GET', path: consoleAsset!, status: 200 },
  { method: 'GET', path: '/auth/config', status: 200 },
  { method: 'GET', path: '/auth/demo-users', status: 200 },
  { method: 'POST', path: '/auth/dev-token', headers: { 'content-type': 'application/json' }, body: '{"email":"viewer@departement-62.demo"}', status: 200 },
  { method: 'GET', path: '/nulle-part', status: 404 },
];

const asRequest = ({ method, headers }: Call) => ({ method, headers: headers ?? {} }) as http.IncomingMessage;

/** A file of the GraphiQL page's and one of the console's: the only answers a browser may store. */
async function storedFiles(): Promise<string[]> {
  const pageAt = async (path: string) => (await fetch(new URL(path, api.url), { headers: { accept: 'text/html' } })).text();
  return [/(?:src|href)="(\/graphiql\/[^"]+)"/.exec(await pageAt('/graphql'))![1]!, /src="(\/assets\/[^"]+)"/.exec(await pageAt('/'))![1]!];
}

describe('the security headers', () => {
  it('are tried on every route the platform serves', async () => {
    const tried = calls(await storedFiles());
    const untried = ROUTES.filter((route) => !tried.some((call) => route.matches(call.path.split('?')[0]!, asRequest(call))));
    expect(untried.map((route) => route.route)).toEqual([]);
  });

  it('are on every answer, refusals included; only the files of GraphiQL and the console are stored', async () => {
    const stored = await storedFiles();
    for (const call of calls(stored)) {
      const response = await fetch(new URL(call.path, api.url), { method: call.method, headers: call.headers, body: call.body });
      await response.arrayBuffer();
      const headers = Object.fromEntries(response.headers);
      expect({ call: `${call.method} ${call.path}`, status: response.status, headers }).toEqual({
        call: `${call.method} ${call.path}`,
        status: call.status,
        headers: expect.objectContaining({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
          'strict-transport-security': 'max-age=31536000; includeSubDomains',
          'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
          'cache-control': stored.includes(call.path) ? 'public, max-age=31536000, immutable' : 'no-store',
        }),
      });
      expect(headers).not.toHaveProperty('x-powered-by');
    }
  });

  it('allow nothing to load in an API answer; the GraphiQL page loads only its own files', async () => {
    const policyOf = async (headers: Record<string, string>) =>
      (await fetch(new URL('/graphql', api.url), { headers })).headers.get('content-security-policy');
    expect(await policyOf({})).toContain("default-src 'none'");
    expect(await policyOf({ accept: 'text/html' })).toContain("default-src 'self'");
  });
});
