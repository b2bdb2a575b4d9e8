/**
 * The GraphQL IDE a browser gets at GET /graphql: GraphiQL's prebuilt bundle and React, served from
 * node_modules with our own page (public/graphiql/), so that it works where CDNs are blocked. The page
 * and its files need no token; the API behind them still does.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PROJECT_ROOT } from '../config/paths.js';
import { expectMethod, notFound } from './common.js';
import { sendStoredFile, type StoredFile } from './static-files.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const OWN_FILES = path.join(PROJECT_ROOT, 'public', 'graphiql');
const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** Every file the page loads, by the name the page template refers to it with. */
const FILES: Record<string, { file: string; type: string }> = {
  'react.js': { file: path.join(packageDir('react'), 'umd', 'react.production.min.js'), type: JAVASCRIPT },
  'react-dom.js': { file: path.join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'), type: JAVASCRIPT },
  'graphiql.js': { file: path.join(packageDir('graphiql'), 'graphiql.min.js'), type: JAVASCRIPT },
  'graphiql.css': { file: path.join(packageDir('graphiql'), 'graphiql.min.css'), type: CSS },
  'page.js': { file: path.join(OWN_FILES, 'page.js'), type: JAVASCRIPT },
  'page.css': { file: path.join(OWN_FILES, 'page.css'), type: CSS },
};

/** Scripts and styles from this server only; GraphiQL's fonts and icons are data: URLs in its CSS. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

/**
 * The files, read and compressed once. Their URLs carry a hash of their content, so that browsers
 * may keep them for a year and still get a new version as soon as the page names it.
 */
async function loadAssets(): Promise<{ page: Buffer; assets: Map<string, StoredFile> }> {
  const assets = new Map<string, StoredFile>();
  const urls = new Map<string, string>();
  for (const [name, { file, type }] of Object.entries(FILES)) {
    const body = await readFile(file);
    const url = `/graphiql/${createHash('sha256').update(body).digest('hex').slice(0, 16)}/${name}`;
    assets.set(url, { type, body, gzipped: await promisify(gzip)(body) });
    urls.set(name, url);
  }
  const template = await readFile(path.join(OWN_FILES, 'index.html'), 'utf8');
  const page = template.replace(/\{\{([\w.-]+)\}\}/g, (_, name: string) => {
    const url = urls.get(name);
    if (!url) throw new Error(`public/graphiql/index.html names an unknown file: ${name}`);
    return url;
  });
  return { page: Buffer.from(page), assets };
}

let loaded: ReturnType<typeof loadAssets> | undefined;
const graphiql = () => (loaded ??= loadAssets());

/** A browser opening the endpoint, as opposed to a GraphQL client sending a GET query. */
export function wantsGraphiQL(req: http.IncomingMessage): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
}

export async function sendGraphiQLPage(res: http.ServerResponse): Promise<void> {
  const { page } = await graphiql();
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    // The page runs its own files: its policy lets them in (every other answer allows nothing).
    'content-security-policy': CONTENT_SECURITY_POLICY,
  });
  res.end(page);
}

export async function sendGraphiQLAsset(req: http.IncomingMessage, res: http.ServerResponse, urlPath: string): Promise<void> {
  expectMethod(req, 'GET');
  const asset = (await graphiql()).assets.get(urlPath);
  if (!asset) throw notFound(urlPath);
  sendStoredFile(req, res, asset);
}
