/**
 * The web console (console/, built into console/dist by `npm install`): its page at every path a browser
 * opens that no API route serves, so that a link into the console loads it, and its files under /assets/,
 * named after their content. The page and its files need no token; the API behind them does.
 */
import { readdir, readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PROJECT_ROOT } from '../config/paths.js';
import { ErrorCode } from '../context/errors.js';
import { expectMethod, HttpError, notFound } from './common.js';
import type { ConsoleSignIn } from './sign-in.js';
import { sendStoredFile, type StoredFile } from './static-files.js';

const BUILD = path.join(PROJECT_ROOT, 'console', 'dist');
const ASSETS = '/assets/';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/** The page and its files, read (and the text ones compressed) once. */
async function loadBuild(): Promise<{ page: Buffer; assets: Map<string, StoredFile> }> {
  const page = await readFile(path.join(BUILD, 'index.html')).catch(() => {
    throw new HttpError(503, ErrorCode.SERVICE_UNAVAILABLE, 'La console n’est pas construite : lancez « npm run build:console »');
  });
  const assets = new Map<string, StoredFile>();
  for (const name of await readdir(path.join(BUILD, 'assets'))) {
    const body = await readFile(path.join(BUILD, 'assets', name));
    const type = TYPES[path.extname(name)] ?? 'application/octet-stream';
    const compressible = /^(text|image\/svg)/.test(type);
    assets.set(`${ASSETS}${name}`, { type, body, gzipped: compressible ? await promisify(gzip)(body) : undefined });
  }
  return { page, assets };
}

let loaded: ReturnType<typeof loadBuild> | undefined;
/** Read again after a failure: a console built while the server runs is served at once. */
function build(): ReturnType<typeof loadBuild> {
  if (!loaded) {
    loaded = loadBuild();
    loaded.catch(() => {
      loaded = undefined;
    });
  }
  return loaded;
}

/** A browser opening a page: a GET for HTML at a path with no file extension. */
export function opensConsolePage(path: string, req: http.IncomingMessage): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/html') && !/\.[^/]*$/.test(path);
}

export const isConsoleAsset = (path: string) => path.startsWith(ASSETS);

/** The two style elements the DSFR's script writes itself (its hidden-element and colour-scheme rules), by hash. */
const DSFR_INLINE_STYLES = "'sha256-HzhUjVBe6Oi2wcxUM7bmy2Rp9VdLMHYDdYr9MalNmOY=' 'sha256-xVQ4mcypV0CvOtZpQgVcKpcoNvdUkR9BrwZBrtBbU+w='";

/**
 * Scripts, styles, fonts and icons from this server only; the API and, with OpenID Connect, the provider
 * (its discovery document and token endpoint) are the only servers the page talks to.
 */
export function consolePolicy(signIn: ConsoleSignIn): string {
  const connect = ["'self'", ...(signIn.mode === 'oidc' ? [new URL(signIn.issuer).origin] : [])].join(' ');
  return `default-src 'self'; style-src 'self' ${DSFR_INLINE_STYLES}; img-src 'self' data:; font-src 'self'; connect-src ${connect}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'`;
}

export async function sendConsolePage(res: http.ServerResponse, policy: string): Promise<void> {
  const { page } = await build();
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy });
  res.end(page);
}

export async function sendConsoleAsset(req: http.IncomingMessage, res: http.ServerResponse, urlPath: string): Promise<void> {
  expectMethod(req, 'GET');
  const asset = (await build()).assets.get(urlPath);
  if (!asset) throw notFound(urlPath);
  sendStoredFile(req, res, asset);
}
