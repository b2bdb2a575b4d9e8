import type { Api } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { ViewerDocument } from '../generated/graphql.js';
import { execute, startTestApi, tokenFor } from '../support/api.js';

const FRONT_END = 'https://suivi.exemple.fr';
const OTHER = 'https://ailleurs.exemple.com';
const API_PATHS = ['/graphql', '/imports', '/exports/follow-up.csv', '/reports/anru.xlsx'];

let api: Api;
let closed: Api;
beforeAll(async () => {
  api = await startTestApi({ env: { CORS_ORIGINS: ` ${FRONT_END}, http://localhost:5173` } });
  closed = await startTestApi();
});
afterAll(async () => {
  await api.close();
  await closed.close();
});

const at = (server: Api, path: string) => new URL(path, server.url).href;

function preflight(server: Api, path: string, origin: string) {
  return fetch(at(server, path), {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-organisation' },
  });
}

const corsHeaders = (response: { headers: Headers }) => [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('preflight', () => {
  it.each(API_PATHS)('answers an allowed origin on %s: methods, headers and how long to keep the answer', async (path) => {
    const response = await preflight(api, path, FRONT_END);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization, content-type, x-organisation, x-request-id');
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it.each(API_PATHS)('refuses another origin on %s, with no CORS header', async (path) => {
    const response = await preflight(api, path, OTHER);
    expect(response.status).toBe(403);
    expect(corsHeaders(response)).toEqual([]);
    expect(response.headers.get('vary')).toBe('Origin');
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
      `Origine non autorisée : ${OTHER} ne figure pas dans CORS_ORIGINS`,
    );
  });

  it('refuses every origin when CORS_ORIGINS is empty', async () => {
    for (const origin of [FRONT_END, 'http://localhost:5173']) {
      const response = await preflight(closed, '/graphql', origin);
      expect(response.status).toBe(403);
      expect(corsHeaders(response)).toEqual([]);
    }
  });
});

describe('actual requests', () => {
  it('let an allowed origin read the answer and its request id', async () => {
    const response = await execute(api.url, ViewerDocument, {}, { token: await tokenFor('viewer@departement-62.demo'), headers: { origin: FRONT_END } });
    expect(response.errors).toBeUndefined();
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('let an allowed origin read a refusal too (401 without a token)', async () => {
    const response = await fetch(at(api, '/exports/follow-up.csv'), { headers: { origin: FRONT_END } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END);
  });

  it('carry no CORS header for another origin, or without CORS_ORIGINS', async () => {
    const token = await tokenFor('viewer@departement-62.demo');
    for (const [server, origin] of [[api, OTHER], [closed, FRONT_END]] as const) {
      const response = await execute(server.url, ViewerDocument, {}, { token, headers: { origin } });
      expect(response.status).toBe(200);
      expect(corsHeaders(response)).toEqual([]);
    }
  });

  it('carry no CORS header outside the API routes', async () => {
    const response = await fetch(at(api, '/health'), { headers: { origin: FRONT_END } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS_ORIGINS', () => {
  it('reads comma-separated origins, and nothing when empty', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.exemple.fr, http://localhost:5173,' }).corsOrigins).toEqual(['https://a.exemple.fr', 'http://localhost:5173']);
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });

  it.each(['https://a.exemple.fr/', 'https://a.exemple.fr/suivi', 'a.exemple.fr', 'HTTPS://A.exemple.fr', 'https://a.exemple.fr:443', 'ftp://a.exemple.fr', 'null', '*'])(
    'refuses %s, in French',
    (origin) => {
      expect(() => loadConfig({ CORS_ORIGINS: `https://b.exemple.fr,${origin}` })).toThrow(ConfigError);
      expect(() => loadConfig({ CORS_ORIGINS: origin })).toThrow(`CORS_ORIGINS : « ${origin} » n’est pas une origine`);
    },
  );
});
