import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AuthenticationError } from '../auth/errors.js';
import { authenticateApiKey, isApiKey, type AuthenticatedKey } from '../access/api-keys.js';
import { recordActor } from '../audit/audit-trail.js';
import { parseBearer, type TokenVerifier, type VerifiedIdentity } from '../auth/tokens.js';
import { viewerOfApiKey, viewerOfUser } from '../auth/viewer.js';
import type { RequestContext, Viewer } from '../graphql/context.js';
import { ErrorCode } from '../graphql/errors.js';
import { createLoaders } from '../graphql/loaders.js';
import type { Logger } from '../logging/logger.js';
import { GraphQLError } from 'graphql';

const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpDependencies {
  apollo: ApolloServer<RequestContext>;
  orm: MikroORM;
  verifyToken: TokenVerifier;
  isHealthy: () => Promise<boolean>;
  logger: Logger;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: ErrorCode, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, error: HttpError): void {
  const headers: Record<string, string> = error.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
  sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code, ...error.extra } }] }, headers);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, ErrorCode.BAD_USER_INPUT, 'Requête trop volumineuse');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonBody(raw: string, contentType: string | undefined): unknown {
  if (!raw || !contentType?.includes('application/json')) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, ErrorCode.BAD_USER_INPUT, 'Le corps de la requête n\'est pas du JSON valide');
  }
}

function headerMap(req: http.IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** Authentication failures as HTTP answers: 401 for a bad credential, 403 for a refused organisation. */
function asHttpError(error: unknown): unknown {
  if (error instanceof AuthenticationError) {
    if (error.reason === 'ISSUER_UNAVAILABLE') return new HttpError(503, ErrorCode.INTERNAL, error.message);
    return new HttpError(401, ErrorCode.UNAUTHENTICATED, error.message, { reason: error.reason });
  }
  if (error instanceof GraphQLError) return new HttpError(403, ErrorCode.FORBIDDEN, error.message);
  return error;
}

type Credential = { apiKey: AuthenticatedKey } | { identity: VerifiedIdentity };

/**
 * The request's bearer credential, checked before the request's transaction opens: a token's
 * signature, or an API key (whose last use is then recorded even if the request only reads).
 */
async function credentialOf(req: http.IncomingMessage, deps: HttpDependencies): Promise<Credential> {
  const token = parseBearer(req.headers.authorization);
  if (!token) throw new HttpError(401, ErrorCode.UNAUTHENTICATED, 'Authentification requise : envoyez un jeton « Authorization: Bearer … »');
  if (!isApiKey(token)) return { identity: await deps.verifyToken(token) };
  const apiKey = await authenticateApiKey(deps.orm.em.fork(), token);
  if (!apiKey) throw new AuthenticationError('TOKEN_INVALID', 'Clé d’API inconnue ou révoquée');
  return { apiKey };
}

function viewerOf(em: EntityManager, credential: Credential, req: http.IncomingMessage): Promise<Viewer> {
  if ('apiKey' in credential) return viewerOfApiKey(em, credential.apiKey);
  const header = req.headers['x-organisation'];
  return viewerOfUser(em, credential.identity, Array.isArray(header) ? header[0] : header);
}

/**
 * One GraphQL request = one transaction: the viewer is resolved and the operation runs inside it.
 * A mutation commits when it reported no error; anything else rolls back (a query has nothing to
 * write, and ending it so spares the ORM a flush over every row it loaded).
 */
async function handleGraphQL(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, requestId: string) {
  const credential = await credentialOf(req, deps).catch((error: unknown) => {
    throw asHttpError(error);
  });
  const body = parseJsonBody(await readBody(req), req.headers['content-type']);
  const em = deps.orm.em.fork({ clear: true });
  await em.begin();
  let ended = false;
  try {
    const viewer = await viewerOf(em, credential, req).catch((error: unknown) => {
      throw asHttpError(error);
    });
    recordActor(em, { userId: viewer.user?.id ?? null, apiKeyId: viewer.apiKey?.id ?? null, organisationId: viewer.acting?.organisationId ?? null, requestId });
    const context: RequestContext = { em, viewer, loaders: createLoaders(em), requestId, outcome: { writes: false, failed: false } };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const response = await deps.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMap(req), search: url.search, body },
      context: async () => context,
    });
    // Ended before the answer is sent: the connection goes back to the pool, and the client never
    // sees a mutation's result that might still fail to commit.
    ended = true;
    if (context.outcome.writes && !context.outcome.failed) await em.commit();
    else await em.rollback();
    const headers: Record<string, string> = { 'x-request-id': requestId };
    for (const [name, value] of response.headers) headers[name] = value;
    res.writeHead(response.status ?? 200, headers);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  } finally {
    if (!ended) await em.rollback();
  }
}

async function handleHealth(res: http.ServerResponse, deps: HttpDependencies) {
  const healthy = await deps.isHealthy().catch(() => false);
  sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable' });
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function createRequestListener(deps: HttpDependencies): http.RequestListener {
  return (req, res) => {
    const incomingId = req.headers['x-request-id'];
    const requestId = typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const work = path === '/health'
      ? handleHealth(res, deps)
      : path === '/graphql'
        ? handleGraphQL(req, res, deps, requestId)
        : Promise.reject(new HttpError(404, ErrorCode.NOT_FOUND, `Aucune ressource à ${path}`));
    work.catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpError) return sendError(res, error);
      deps.logger.error({ err: error, requestId }, 'request failed');
      sendError(res, new HttpError(500, ErrorCode.INTERNAL, 'Erreur interne', { requestId }));
    });
  };
}
