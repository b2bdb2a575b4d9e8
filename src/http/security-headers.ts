/**
 * The headers every answer carries, refusals included (helmet's, with a policy for an API): nothing of it may be
 * framed, sniffed, sent as a referrer or stored. Answers bear identities (GraphQL, exports, reports), so none is kept
 * by a browser or a proxy; the only answers stored are GraphiQL's files, which say so themselves.
 */
import type http from 'node:http';
import helmet from 'helmet';

const setHelmetHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
  xFrameOptions: { action: 'deny' },
  strictTransportSecurity: { maxAge: 365 * 24 * 3600, includeSubDomains: true },
});

export function setSecurityHeaders(req: http.IncomingMessage, res: http.ServerResponse): void {
  setHelmetHeaders(req, res, () => undefined);
  res.setHeader('cache-control', 'no-store');
}
