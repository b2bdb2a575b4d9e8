/**
 * When a request ends (answered, or its connection gone): one access-log line at info level, and its
 * metrics. The line names the request by the id its answer carries (the logger's requestId), and keeps
 * the path of a route the platform serves without its query string (values there may name a person),
 * only the route for any other path; no header, no body, no token.
 */
import type http from 'node:http';
import type { Metrics } from '../observability/metrics.js';
import type { RequestScope } from './common.js';

export function recordWhenEnded(req: http.IncomingMessage, res: http.ServerResponse, request: RequestScope, route: string, path: string | undefined, metrics: Metrics): void {
  const started = performance.now();
  // Bytes the connection sent for this answer, headers included (a keep-alive connection serves one answer at a time).
  const { socket } = req;
  const bytesBefore = socket.bytesWritten;
  res.once('close', () => {
    const seconds = (performance.now() - started) / 1000;
    metrics.requestEnded({ route, operationName: request.operationName, errorCode: request.errorCode, status: res.statusCode, seconds });
    // The line is built only when it is written.
    if (!request.logger.isLevelEnabled('info')) return;
    request.logger.info({
      method: req.method,
      ...(path !== undefined ? { path } : { route }),
      status: res.statusCode,
      durationMs: Math.round(seconds * 10_000) / 10,
      bytes: socket.bytesWritten - bytesBefore,
      ...(res.writableFinished ? {} : { aborted: true }),
      ...(request.operationName !== undefined ? { operation: request.operationName } : {}),
      ...(request.errorCode !== undefined ? { errorCode: request.errorCode } : {}),
      ...(request.organisationId !== undefined ? { organisationId: request.organisationId } : {}),
    }, 'request');
  });
}
