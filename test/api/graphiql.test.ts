import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getIntrospectionQuery, parse, print } from 'graphql';
import type { Api } from '../../src/app.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { startTestApi, tokenFor } from '../support/api.js';

let api: Api;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const openPage = () => fetch(api.url, { headers: { accept: BROWSER_ACCEPT } });
const assetUrls = (page: string) => [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => new URL(match[1]!, api.url).href);

describe('GET /graphql from a browser', () => {
  it('answers our GraphiQL page, in French, without a token and with a strict Content-Security-Policy', async () => {
    const response = await openPage();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self';/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('Jeton ou clé d’API');
    expect(page).not.toMatch(/<script>|<style>|\son\w+=/);
  });

  it('loads nothing from another host', async () => {
    const page = await (await openPage()).text();
    expect(page).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(assetUrls(page)).toHaveLength(6);
  });

  it('serves every file the page names, without a token, typed and cached for a year', async () => {
    const page = await (await openPage()).text();
    for (const url of assetUrls(page)) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(url.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await response.text()).length).toBeGreaterThan(100);
    }
  });

  it('answers 404 for a file it does not serve, or an outdated version of one', async () => {
    const [script] = assetUrls(await (await openPage()).text()).filter((url) => url.endsWith('/page.js'));
    const outdated = script!.replace(/\/graphiql\/\w+\//, '/graphiql/0000000000000000/');
    for (const url of [outdated, new URL('/graphiql/package.json', api.url).href]) {
      expect((await fetch(url)).status).toBe(404);
    }
  });

  it('prefills the query of the README', async () => {
    const page = await (await openPage()).text();
    const [script] = assetUrls(page).filter((url) => url.endsWith('/page.js'));
    const prefilled = /const EXAMPLE_QUERY = `([^`]+)`/.exec(await (await fetch(script!)).text())?.[1];
    const readme = await readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const documented = (JSON.parse(/-d '(\{"query":.+\})'/.exec(readme)![1]!) as { query: string }).query;
    expect(print(parse(prefilled!))).toBe(print(parse(documented)));
  });
});

describe('the API behind the page', () => {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('still refuses a GraphQL client without a token, by GET or POST', async () => {
    const get = await fetch(`${api.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(401);
    expect((await post({ query: getIntrospectionQuery() })).status).toBe(401);
  });

  it('answers the introspection GraphiQL sends to an authenticated user', async () => {
    const token = await tokenFor('viewer@departement-62.demo');
    const response = await post({ query: getIntrospectionQuery({ inputValueDeprecation: true, schemaDescription: true }) }, { authorization: `Bearer ${token}` });
    const body = (await response.json()) as { data?: { __schema: { queryType: { name: string }; types: { name: string }[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.__schema.queryType.name).toBe('Query');
    expect(body.data?.__schema.types.map((type) => type.name)).toContain('Market');
  });
});
