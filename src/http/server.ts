import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { RequestContext } from '../graphql/context.js';
import { ErrorCode } from '../graphql/errors.js';
import { createLoaders } from '../graphql/loaders.js';
import { credentialOf, headerMap, HttpError, parseJsonBody, readBody, sendError, sendJson, viewerTransaction, type HttpDependencies, type RequestScope } from './common.js';
import { corsFor } from './cors.js';
import { sendGraphiQLAsset, sendGraphiQLPage, wantsGraphiQL } from './graphiql.js';
import { handleReport } from './reports.js';
import { handleExport, handleImport } from './transfers.js';

export type { HttpDependencies } from './common.js';

/**
 * One GraphQL request = one transaction: the viewer is resolved and the operation runs inside it.
 * A mutation commits when it reported no error; anything else rolls back (a query has nothing to
 * write, and ending it so spares the ORM a flush over every row it loaded).
 */
async function handleGraphQL(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, request: RequestScope) {
  const credential = await credentialOf(req, deps);
  const body = parseJsonBody(await readBody(req), req.headers['content-type']);
  const { em, viewer } = await viewerTransaction(req, deps, credential, request.id);
  let ended = false;
  try {
    const context: RequestContext = {
      em, viewer, loaders: createLoaders(em), requestId: request.id, logger: request.logger, outcome: { writes: false, failed: false },
    };
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
    const headers: Record<string, string> = { 'x-request-id': request.id };
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
  const cors = corsFor(deps.corsOrigins);
  return (req, res) => {
    const incomingId = req.headers['x-request-id'];
    const id = typeof incomingId === 'string' && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    const request: RequestScope = { id, logger: deps.logger.child({ requestId: id }) };
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (cors(req, res, path)) return;
    const work = path === '/health' ? handleHealth(res, deps)
      : path === '/graphql' && wantsGraphiQL(req) ? sendGraphiQLPage(res)
        : path === '/graphql' ? handleGraphQL(req, res, deps, request)
          : path.startsWith('/graphiql/') ? sendGraphiQLAsset(req, res, path)
            : path === '/imports' ? handleImport(req, res, deps, request)
              : path.startsWith('/exports/') ? handleExport(req, res, deps, request, path)
                : path.startsWith('/reports/') ? handleReport(req, res, deps, request, path)
                  : Promise.reject(new HttpError(404, ErrorCode.NOT_FOUND, `Aucune ressource à ${path}`));
    work.catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpError) return sendError(res, error);
      request.logger.error({ err: error }, 'request failed');
      sendError(res, new HttpError(500, ErrorCode.INTERNAL, 'Erreur interne', { requestId: id }));
    });
  };
}
