/**
 * GET /metrics, for Prometheus: served only when METRICS_TOKEN is set, and only to whoever sends it as
 * a bearer token (compared in constant time). The metrics name no person and no organisation, but
 * they say how busy the platform is and how it is used: they are not public.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { parseBearer } from '../auth/tokens.js';
import { ErrorCode } from '../context/errors.js';
import { expectMethod, HttpError, type HttpDependencies } from './common.js';

/** Digests have the same length whatever was sent: the comparison tells nothing of the token's. */
const digest = (text: string) => createHash('sha256').update(text).digest();

function sentToken(req: http.IncomingMessage): string | undefined {
  try {
    return parseBearer(req.headers.authorization) ?? undefined;
  } catch {
    return undefined;
  }
}

export async function handleMetrics(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies) {
  if (!deps.metricsToken) throw new HttpError(404, ErrorCode.NOT_FOUND, 'Aucune ressource à /metrics : définissez METRICS_TOKEN pour publier les métriques');
  expectMethod(req, 'GET');
  const token = sentToken(req);
  if (token === undefined || !timingSafeEqual(digest(token), digest(deps.metricsToken))) {
    throw new HttpError(401, ErrorCode.UNAUTHENTICATED, 'Métriques réservées : envoyez le jeton METRICS_TOKEN dans « Authorization: Bearer … »');
  }
  const text = await deps.metrics.registry.metrics();
  res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
  res.end(text);
}
