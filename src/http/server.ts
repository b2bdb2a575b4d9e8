import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { REQUEST_ID, type RequestContext } from '../context/request-context.js';
import { ErrorCode } from '../context/errors.js';
import { createLoaders } from '../context/loaders.js';
import { isDatabaseUnavailable, unavailabilityReason } from '../db/availability.js';
import { IdentityReads, ReadChannel, recordIdentityReadsApart } from '../personal-data/identity-reads.js';
import { recordWhenEnded } from './access-log.js';
import { ClientGone, credentialOf, databaseAway, headerMap, HttpError, notFound, parseJsonBody, readBody, requestTransaction, sendError, sendJson, type HttpDependencies, type Readiness, type RequestScope } from './common.js';
import { consolePolicy, isConsoleAsset, opensConsolePage, sendConsoleAsset, sendConsolePage } from './console.js';
import { corsFor } from './cors.js';
import { sendGraphiQLAsset, sendGraphiQLPage, wantsGraphiQL } from './graphiql.js';
import { handleMetrics } from './metrics.js';
import { handleReport } from './reports.js';
import { setSecurityHeaders } from './security-headers.js';
import { sendDemoUsers, sendDevToken, sendSignInConfig } from './sign-in.js';
import { handleExport, handleImport, handleRefusedRows } from './transfers.js';

export type { HttpDependencies } from './common.js';

/**
 * One GraphQL request = at most one transaction (RequestTransaction), begun before any resolver runs: a query
 * PostgreSQL answers whole sends its one statement outside it, and a viewer known without a statement begins none
 * by itself. A mutation commits when it reported no error; anything else rolls back (a query has nothing to write,
 * and ending it so spares the ORM a flush over every row it loaded).
 */
async function handleGraphQL(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, request: RequestScope) {
  const credential = await credentialOf(req, deps);
  const body = parseJsonBody(await readBody(req), req.headers['content-type']);
  const transaction = await requestTransaction(req, deps, credential, request);
  const { em, viewer } = transaction;
  let ended = false;
  try {
    const context: RequestContext = {
      em, viewer, transaction, loaders: createLoaders(em, viewer), identityReads: new IdentityReads(), requestId: request.id, logger: request.logger, outcome: { writes: false, failed: false },
    };
    // Apollo reads the query string of a GET only.
    const search = req.method === 'GET' ? new URL(req.url ?? '/', 'http://localhost').search : '';
    const response = await deps.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMap(req), search, body },
      context: async () => context,
    });
    // Ended before the answer is sent: the connection goes back to the pool, and the client never
    // sees a mutation's result that might still fail to commit.
    ended = true;
    request.operationName = context.outcome.operationName;
    request.errorCode = context.outcome.errorCode;
    // A mutation's commit forgets the kept sessions whatever it answered: one whose answer was lost may have committed.
    if (!context.outcome.writes) await transaction.endReading();
    else if (!context.outcome.failed) await transaction.commit().finally(() => deps.sessions.forgetAll());
    else await transaction.rollback();
    if (context.outcome.databaseAway) deps.availability.failed(context.outcome.databaseAway);
    await recordIdentityReadsApart(deps.orm, viewer, request.id, ReadChannel.GRAPHQL, context.identityReads);
    res.writeHead(response.status ?? 200, Object.fromEntries(response.headers));
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  } finally {
    if (!ended) await transaction.rollback();
  }
}

/** The process answers: it is alive, whatever the database says. */
async function handleLiveness(res: http.ServerResponse) {
  sendJson(res, 200, { status: 'ok' });
}

/** Ready to serve: the database reachable and migrated; 503 with the reason in French otherwise. */
async function handleReadiness(res: http.ServerResponse, deps: HttpDependencies) {
  const readiness = await deps.readiness().then(
    (answer) => {
      deps.availability.answered();
      return answer;
    },
    (error: unknown): Readiness => {
      if (isDatabaseUnavailable(error)) deps.availability.failed(error);
      return { ready: false, reason: `La base de données ne répond pas (${unavailabilityReason(error)})` };
    },
  );
  sendJson(res, readiness.ready ? 200 : 503, readiness.ready ? { status: 'ok' } : { status: 'unavailable', reason: readiness.reason });
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, request: RequestScope, path: string) => Promise<void>;

/** The routes, each with the name its metrics carry (a fixed list: never the path a client wrote). */
/** Each route with the operations of src/access/operations.ts it serves: their requirements are its guards. */
export const ROUTES: {
  route: string;
  operations: string[];
  matches: (path: string, req: http.IncomingMessage) => boolean;
  handle: Handler;
  /** A path a client wrote as it liked (it may name a person): the access log gives the route only. */
  anyPath?: true;
}[] = [
  { route: '/health/live', operations: ['GET /health/live'], matches: (path) => path === '/health/live', handle: (_req, res) => handleLiveness(res) },
  // /health is readiness, as it was before the split.
  { route: '/health/ready', operations: ['GET /health/ready'], matches: (path) => path === '/health/ready' || path === '/health', handle: (_req, res, deps) => handleReadiness(res, deps) },
  { route: '/metrics', operations: ['GET /metrics'], matches: (path) => path === '/metrics', handle: handleMetrics },
  { route: '/graphiql', operations: ['GET /graphiql'], matches: (path, req) => path === '/graphql' && wantsGraphiQL(req), handle: (_req, res) => sendGraphiQLPage(res) },
  { route: '/graphql', operations: ['POST /graphql'], matches: (path) => path === '/graphql', handle: handleGraphQL },
  { route: '/graphiql', operations: ['GET /graphiql'], matches: (path) => path.startsWith('/graphiql/'), handle: (req, res, _deps, _request, path) => sendGraphiQLAsset(req, res, path) },
  { route: '/imports', operations: ['POST /imports'], matches: (path) => path === '/imports', handle: handleImport },
  { route: '/exports/import-refused', operations: ['GET /exports/import-refused'], matches: (path) => path.startsWith('/exports/import-refused.'), handle: handleRefusedRows },
  { route: '/exports', operations: ['GET /exports/follow-up', 'GET /exports/person'], matches: (path) => path.startsWith('/exports/'), handle: handleExport },
  { route: '/reports', operations: ['GET /reports/anru', 'GET /reports/departement'], matches: (path) => path.startsWith('/reports/'), handle: handleReport },
  { route: '/auth/config', operations: ['GET /auth/config'], matches: (path) => path === '/auth/config', handle: (req, res, deps) => sendSignInConfig(req, res, deps) },
  { route: '/auth/demo-users', operations: ['GET /auth/demo-users'], matches: (path) => path === '/auth/demo-users', handle: (req, res, deps, _request, path) => sendDemoUsers(req, res, deps, path) },
  { route: '/auth/dev-token', operations: ['POST /auth/dev-token'], matches: (path) => path === '/auth/dev-token', handle: (req, res, deps, _request, path) => sendDevToken(req, res, deps, path) },
  { route: '/assets', operations: ['GET /console'], matches: isConsoleAsset, handle: (req, res, _deps, _request, path) => sendConsoleAsset(req, res, path), anyPath: true },
  // Last: a page of the console is any page a browser opens that the API does not serve.
  { route: '/console', operations: ['GET /console'], matches: opensConsolePage, handle: (_req, res, deps) => sendConsolePage(res, consolePolicy(deps.signIn)), anyPath: true },
];

const unknownRoute: Handler = async (_req, _res, _deps, _request, path) => {
  throw notFound(path);
};

/** The route of a path the platform does not serve. */
const OTHER_ROUTE = 'other';

export function createRequestListener(deps: HttpDependencies): http.RequestListener {
  const cors = corsFor(deps.corsOrigins);
  return (req, res) => {
    const incomingId = req.headers['x-request-id'];
    const id = typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    const request: RequestScope = { id, logger: deps.logger.child({ requestId: id }) };
    // Every answer names the request as its log lines do, refusals included.
    res.setHeader('x-request-id', id);
    setSecurityHeaders(res);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const { route, handle, anyPath } = ROUTES.find((candidate) => candidate.matches(path, req)) ?? { route: OTHER_ROUTE, handle: unknownRoute, anyPath: true };
    recordWhenEnded(req, res, request, route, anyPath ? undefined : path, deps.metrics);
    if (!deps.requests.admit(req, res)) {
      request.errorCode = ErrorCode.SERVICE_UNAVAILABLE;
      return sendError(res, new HttpError(503, ErrorCode.SERVICE_UNAVAILABLE, 'Le serveur s’arrête : réessayez dans quelques secondes'));
    }
    if (cors(req, res, path)) return;
    handle(req, res, deps, request, path).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpError) {
        request.errorCode = error.code;
        return sendError(res, error);
      }
      if (error instanceof ClientGone) return res.destroy();
      if (isDatabaseUnavailable(error)) {
        request.errorCode = ErrorCode.SERVICE_UNAVAILABLE;
        deps.availability.failed(error);
        return sendError(res, databaseAway());
      }
      request.errorCode = ErrorCode.INTERNAL;
      request.logger.error({ err: error }, 'request failed');
      sendError(res, new HttpError(500, ErrorCode.INTERNAL, 'Erreur interne', { requestId: id }));
    });
  };
}
