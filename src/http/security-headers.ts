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

/** helmet's headers, recorded once: with a policy of fixed directives they do not depend on the request. */
const HEADERS: [string, string][] = (() => {
  const headers: [string, string][] = [];
  const recorder = { setHeader: (name: string, value: unknown) => headers.push([name, String(value)]), removeHeader: () => undefined };
  setHelmetHeaders({} as http.IncomingMessage, recorder as unknown as http.ServerResponse, () => undefined);
  return [...headers, ['cache-control', 'no-store']];
})();

export function setSecurityHeaders(res: http.ServerResponse): void {
  for (const [name, value] of HEADERS) res.setHeader(name, value);
}
