/**
 * What the file commands (import, export, report) share: they are clients of a running API, authenticated as
 * any client is: a token in CLAUSES_TOKEN or --token, or in development a demo user's (--as EMAIL).
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { loadOrCreateDevSigningKey } from '../auth/dev-signing-key.js';
import { signDevToken } from '../auth/tokens.js';
import { loadConfig } from '../config/config.js';

export interface ClientOptions {
  url?: string;
  token?: string;
  as?: string;
  organisation?: string;
}

export const CLIENT_USAGE = `  --url URL            the API (default http://localhost:$PORT, 4000)
  --token TOKEN        a bearer token or API key (default: $CLAUSES_TOKEN)
  --as EMAIL           in development: act as that demo user (npm run --silent token -- --list)
  --organisation ID    the organisation to act for, for a user of several`;

export const CLIENT_OPTIONS = {
  url: { type: 'string' }, token: { type: 'string' }, as: { type: 'string' }, organisation: { type: 'string' },
} as const;

export class UsageError extends Error {}

export interface ApiClient {
  baseUrl: string;
  headers: Record<string, string>;
}

export async function apiClient(options: ClientOptions): Promise<ApiClient> {
  const config = loadConfig();
  const token = options.token ?? process.env.CLAUSES_TOKEN ?? (options.as ? await devToken(config.dataDir, options.as, config.auth.mode) : undefined);
  if (!token) throw new UsageError('Authentification manquante : --token, CLAUSES_TOKEN ou, en développement, --as EMAIL');
  return {
    baseUrl: options.url ?? `http://localhost:${config.port}`,
    headers: { authorization: `Bearer ${token}`, ...(options.organisation ? { 'x-organisation': options.organisation } : {}) },
  };
}

async function devToken(dataDir: string, email: string, mode: string): Promise<string> {
  if (mode !== 'dev') throw new UsageError('--as ne sert qu’en développement : cette plateforme vérifie les jetons de OIDC_ISSUER');
  const address = email.toLowerCase();
  return signDevToken(await loadOrCreateDevSigningKey(dataDir), { sub: address, email: address });
}

/** The API's answer as JSON, or an error with its message when the status is not the expected one. */
export async function expectJson<T>(response: Response, status: number): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as T & { errors?: { message: string }[] };
  if (response.status !== status) throw new Error(`${response.status} : ${body.errors?.map((error) => error.message).join(' ; ') ?? response.statusText}`);
  return body;
}

/** Downloads a file of the API (path and query) into `out`, or to the standard output. */
export async function download(client: ApiClient, path: string, out: string | undefined): Promise<void> {
  const response = await fetch(new URL(path, client.baseUrl), { headers: client.headers });
  if (response.status !== 200 || !response.body) await expectJson(response, 200);
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), out ? createWriteStream(out) : process.stdout);
}

/** Runs a command: a usage error prints the usage (exit code 2), any other error its reason (exit code 1). */
export async function runCommand(usage: string, failure: string, main: () => Promise<number>): Promise<never> {
  try {
    process.exit(await main());
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      if ((error as Error).message) console.error((error as Error).message);
      console.error(usage);
      process.exit(2);
    }
    console.error(`${failure} : ${(error as Error).message}`);
    process.exit(1);
  }
}
