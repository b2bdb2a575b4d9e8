import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createApi, type Api } from '../../src/app.js';
import { loadOrCreateDevSigningKey } from '../../src/auth/dev-signing-key.js';
import { signDevToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger, type Logger } from '../../src/logging/logger.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest's global setup (npm test)`);
  return value;
}

export const testDataDir = () => required('TEST_DATA_DIR');

/** The API, in this process, over the test database, on a free port. */
export function startTestApi(options: {
  onQuery?: (sql: string) => void;
  tenantScoped?: boolean;
  /** Connect as the owner, which bypasses row-level security: the ORM scoping alone then decides. */
  asOwner?: boolean;
  /** Environment variables read by the configuration, e.g. OIDC_ISSUER. */
  env?: Record<string, string>;
  /** Silent unless TEST_LOG_LEVEL says otherwise. */
  logger?: Logger;
} = {}): Promise<Api> {
  const config = { ...loadConfig({ NODE_ENV: 'test', DATA_DIR: testDataDir(), ...options.env }), port: 0, host: '127.0.0.1' };
  return createApi({
    config,
    logger: options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    appUrl: required(options.asOwner ? 'TEST_OWNER_URL' : 'TEST_APP_URL'),
    migrationCount: Number(required('TEST_MIGRATION_COUNT')),
    onQuery: options.onQuery,
    tenantScoped: options.tenantScoped,
  });
}

export async function tokenFor(email: string): Promise<string> {
  return signDevToken(await loadOrCreateDevSigningKey(testDataDir()), { sub: email, email });
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions: { code: string; [key: string]: unknown } }[];
  headers: Headers;
}

/** Sends a typed operation over HTTP, as a partner front-end would. */
export async function execute<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  options: { token?: string; organisation?: string; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<GraphQLResponse<TResult>> {
  const response = await fetch(url, {
    method: 'POST',
    signal: options.signal,
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.organisation ? { 'x-organisation': options.organisation } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<TResult>, 'status' | 'headers'>;
  return { ...body, status: response.status, headers: response.headers };
}
