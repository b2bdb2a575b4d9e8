/** What every route shares: errors as HTTP answers, the credential, and the viewer's transaction. */
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type http from 'node:http';
import type pg from 'pg';
import { authenticateApiKey, isApiKey, type AuthenticatedKey } from '../access/api-keys.js';
import { recordActor, viewerActor } from '../audit/audit-trail.js';
import { AuthenticationError } from '../auth/errors.js';
import type { KeptSessions } from '../auth/kept-sessions.js';
import type { SignIns } from '../auth/sign-in.js';
import { parseBearer, type TokenVerifier } from '../auth/tokens.js';
import { apiKeyViewer, keptViewerOfUser, viewerOfUser } from '../auth/viewer.js';
import type { RequestContext, SessionRows, Viewer } from '../context/request-context.js';
import { RequestTransaction } from '../context/request-transaction.js';
import { RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE, type DatabaseAvailability } from '../db/availability.js';
import { DomainInputError } from '../domain/errors.js';
import { DomainError, ErrorCode } from '../context/errors.js';
import type { ImportJobs } from '../imports/jobs.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { ConsoleSignIn } from './sign-in.js';
import type { RequestsInFlight } from './shutdown.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpDependencies {
  apollo: ApolloServer<RequestContext>;
  imports: ImportJobs;
  orm: MikroORM;
  /** The ORM's pool, for the statements sent outside a transaction (RequestTransaction#preparedRows). */
  pool: pg.Pool;
  verifyToken: TokenVerifier;
  /** The accounts of the identities tokens carry. */
  accounts: SignIns;
  /** People's sessions, kept from one request to the next until anything in them changes. */
  sessions: KeptSessions<SessionRows>;
  /** Whether the platform can serve: the database reachable and migrated; else why not, in French. */
  readiness: () => Promise<Readiness>;
  /** Whether requests find the database away: an outage is logged once, not once per request. */
  availability: DatabaseAvailability;
  /** The requests in flight, which a stop lets finish; none is admitted once it began. */
  requests: RequestsInFlight;
  logger: Logger;
  metrics: Metrics;
  /** The bearer token GET /metrics asks for; absent, /metrics is not served. */
  metricsToken?: string;
  /** Origins whose browser front-ends may call the API (CORS). */
  corsOrigins: readonly string[];
  /** How the console signs people in. */
  signIn: ConsoleSignIn;
}

export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * A request as its answer and its log lines name it: every line the logger writes carries the id.
 * What is learnt of it as it runs ends in its access-log line and its metrics.
 */
export interface RequestScope {
  id: string;
  logger: Logger;
  /** The GraphQL operation's name (null: anonymous), once resolved. */
  operationName?: string | null;
  /** The code of the error answered (GraphQL or HTTP), if any. */
  errorCode?: string;
  /** The organisation the viewer acts for, once known. */
  organisationId?: string;
}

/** Longest part of a path a 404 quotes back: a client may send kilobytes. */
const PATH_ECHO_CHARS = 100;

/** 404 for a path the platform does not serve, quoting the path within a bound. */
export function notFound(path: string): HttpError {
  const shown = path.length > PATH_ECHO_CHARS ? `${path.slice(0, PATH_ECHO_CHARS)}…` : path;
  return new HttpError(404, ErrorCode.NOT_FOUND, `Aucune ressource à ${shown}`);
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: ErrorCode, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** A request the platform cannot serve for now, answered 503: the client retries after `Retry-After` seconds. */
export const databaseAway = () => new HttpError(503, ErrorCode.SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE);

const HEADERS_OF_STATUS: Record<number, Record<string, string>> = {
  401: { 'www-authenticate': 'Bearer' },
  503: { 'retry-after': String(RETRY_AFTER_SECONDS) },
};

export function sendError(res: http.ServerResponse, error: HttpError): void {
  const headers = HEADERS_OF_STATUS[error.status] ?? {};
  sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code, ...error.extra } }] }, headers);
}

/** The client went away before its request was whole (a page left mid-request): nobody to answer, nothing wrong here. */
export class ClientGone extends Error {}

export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw new HttpError(413, ErrorCode.BAD_USER_INPUT, 'Requête trop volumineuse');
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    // Its socket reset says ECONNRESET, as a database's would: it must not be taken for an outage.
    throw error instanceof HttpError ? error : new ClientGone('client gone before its request was whole', { cause: error });
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJsonBody(raw: string, contentType: string | undefined): unknown {
  if (!raw || !contentType?.includes('application/json')) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, ErrorCode.BAD_USER_INPUT, 'Le corps de la requête n\'est pas du JSON valide');
  }
}

export function headerMap(req: http.IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

const STATUSES: Record<DomainError['code'], number> = {
  [ErrorCode.UNAUTHENTICATED]: 401, [ErrorCode.BAD_USER_INPUT]: 400, [ErrorCode.FORBIDDEN]: 403, [ErrorCode.NOT_FOUND]: 404, [ErrorCode.CONFLICT]: 409,
};

/**
 * The API's refusals as HTTP answers, with the same codes and messages: 401 for a bad credential,
 * 400, 403, 404 or 409 for what GraphQL would refuse, 400 for an impossible date or period.
 */
export function asHttpError(error: unknown): unknown {
  if (error instanceof AuthenticationError) {
    if (error.reason === 'ISSUER_UNAVAILABLE') return new HttpError(503, ErrorCode.SERVICE_UNAVAILABLE, error.message);
    return new HttpError(401, ErrorCode.UNAUTHENTICATED, error.message, { reason: error.reason });
  }
  if (error instanceof DomainInputError) return new HttpError(400, ErrorCode.BAD_USER_INPUT, error.message, { reason: error.code });
  if (error instanceof DomainError) return new HttpError(STATUSES[error.code], error.code, error.message, error.extensions);
  return error;
}

/** Refuses another method than the route's. */
export function expectMethod(req: http.IncomingMessage, method: string): void {
  if (req.method !== method) throw new HttpError(405, ErrorCode.BAD_USER_INPUT, `Méthode ${req.method} non acceptée : utilisez ${method}`);
}

export type Credential = { apiKey: AuthenticatedKey } | { userId: string };

/**
 * The request's bearer credential, checked before the request's transaction opens: a token's
 * signature and the account it signs in to (bound to the token's identity the first time), or an API
 * key (whose last use is then recorded); both are kept even if the request only reads.
 */
export async function credentialOf(req: http.IncomingMessage, deps: HttpDependencies): Promise<Credential> {
  return bearerCredential(req, deps).catch((error: unknown) => {
    throw asHttpError(error);
  });
}

async function bearerCredential(req: http.IncomingMessage, deps: HttpDependencies): Promise<Credential> {
  const token = parseBearer(req.headers.authorization);
  if (!token) throw new HttpError(401, ErrorCode.UNAUTHENTICATED, 'Authentification requise : envoyez un jeton « Authorization: Bearer … »');
  if (!isApiKey(token)) return { userId: await deps.accounts.accountOf(await deps.verifyToken(token)) };
  const apiKey = await authenticateApiKey(deps.orm.em.fork(), token);
  if (!apiKey) throw new AuthenticationError('TOKEN_INVALID', 'Clé d’API inconnue ou révoquée');
  return { apiKey };
}

function organisationHeaderOf(req: http.IncomingMessage): string | undefined {
  const header = req.headers['x-organisation'];
  return Array.isArray(header) ? header[0] : header;
}

/**
 * The request's viewer and its transaction (RequestTransaction), which the caller ends. A viewer known without a
 * statement (an API key, a person's kept session) begins no transaction until something needs it; a person's session
 * is otherwise read in it (app_open_session, which also sets its settings), begun now. Every write the entity manager
 * flushes is audited under the viewer and the request id; the request's scope learns the acting organisation.
 */
export async function requestTransaction(req: http.IncomingMessage, deps: HttpDependencies, credential: Credential, request: RequestScope): Promise<RequestTransaction> {
  const em = deps.orm.em.fork({ clear: true });
  const viewer = 'apiKey' in credential ? apiKeyViewer(em, credential.apiKey) : await personViewerOf(em, deps, credential.userId, req);
  recordActor(em, viewerActor(viewer, request.id));
  request.organisationId = viewer.acting?.organisationId;
  return new RequestTransaction(em, viewer, deps.pool, deps.availability);
}

/** A person's viewer: from the session the process keeps, without a statement; else read in a transaction begun for it and left open (rolled back if refused). */
async function personViewerOf(em: EntityManager, deps: HttpDependencies, userId: string, req: http.IncomingMessage): Promise<Viewer> {
  const header = organisationHeaderOf(req);
  try {
    const kept = keptViewerOfUser(em, userId, header, deps.sessions);
    if (kept) return kept;
  } catch (error) {
    throw asHttpError(error);
  }
  await em.begin();
  deps.availability.answered();
  try {
    return await viewerOfUser(em, userId, header, deps.sessions);
  } catch (error) {
    await em.rollback();
    throw asHttpError(error);
  }
}

/** As requestTransaction, the transaction begun: for the routes whose work reads or writes from the start. */
export async function viewerTransaction(req: http.IncomingMessage, deps: HttpDependencies, credential: Credential, request: RequestScope): Promise<RequestTransaction> {
  const transaction = await requestTransaction(req, deps, credential, request);
  await transaction.begin();
  return transaction;
}
