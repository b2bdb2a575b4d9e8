/**
 * Cross-origin access for the browser front-ends of CORS_ORIGINS, on the API's routes only. Credentials
 * travel in the Authorization header, never in cookies, so no Access-Control-Allow-Credentials.
 */
import type http from 'node:http';
import { ErrorCode } from '../context/errors.js';
import { HttpError, sendError } from './common.js';

const API_PATHS = /^\/(graphql|imports)$|^\/(exports|reports)\//;

const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-headers': 'authorization, content-type, x-organisation, x-request-id',
  'access-control-max-age': '600',
};

/**
 * Returns the request listener's CORS step: it adds the headers the request's origin is entitled to,
 * and answers a preflight (OPTIONS) itself, in which case it returns true.
 */
export function corsFor(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (req: http.IncomingMessage, res: http.ServerResponse, path: string): boolean => {
    if (!API_PATHS.test(path)) return false;
    // The answer depends on Origin: a cache must not hand one origin's answer to another.
    res.setHeader('vary', 'Origin');
    const origin = req.headers.origin;
    const permitted = origin !== undefined && allowed.has(origin);
    if (permitted) res.setHeader('access-control-allow-origin', origin);
    if (req.method !== 'OPTIONS') {
      if (permitted) res.setHeader('access-control-expose-headers', 'x-request-id');
      return false;
    }
    if (!permitted) {
      sendError(res, new HttpError(403, ErrorCode.FORBIDDEN, `Origine non autorisée : ${origin ?? 'aucune'} ne figure pas dans CORS_ORIGINS`));
      return true;
    }
    res.writeHead(204, PREFLIGHT_HEADERS).end();
    return true;
  };
}
