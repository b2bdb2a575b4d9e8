/**
 * What the console needs to sign a person in, and nothing else: GET /auth/config says how (the
 * OpenID Connect provider and the console's client, or development sign-in); in development only,
 * GET /auth/demo-users lists the demo accounts and POST /auth/dev-token signs a token for one of them.
 * Where tokens come from an OpenID provider (always in production), both development routes answer 404.
 */
import type http from 'node:http';
import { demoMemberships } from '../auth/demo-users.js';
import { ErrorCode } from '../context/errors.js';
import { expectMethod, HttpError, notFound, parseJsonBody, readBody, sendJson, type HttpDependencies } from './common.js';

/** How the console signs in: development tokens signed here, or the provider's (authorization code with PKCE). */
export type ConsoleSignIn =
  | { mode: 'dev'; sign: (email: string) => Promise<string> }
  | { mode: 'oidc'; issuer: string; clientId: string };

/** The longest address RFC 5321 lets through. */
const MAX_EMAIL_CHARS = 254;

export async function sendSignInConfig(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies): Promise<void> {
  expectMethod(req, 'GET');
  const { signIn } = deps;
  sendJson(res, 200, signIn.mode === 'oidc' ? { mode: 'oidc', issuer: signIn.issuer, clientId: signIn.clientId } : { mode: 'dev' });
}

export async function sendDemoUsers(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, path: string): Promise<void> {
  if (deps.signIn.mode !== 'dev') throw notFound(path);
  expectMethod(req, 'GET');
  sendJson(res, 200, { users: demoMemberships() });
}

export async function sendDevToken(req: http.IncomingMessage, res: http.ServerResponse, deps: HttpDependencies, path: string): Promise<void> {
  const { signIn } = deps;
  if (signIn.mode !== 'dev') throw notFound(path);
  expectMethod(req, 'POST');
  const body = parseJsonBody(await readBody(req), req.headers['content-type']) as { email?: unknown } | string;
  const email = typeof body === 'object' && body !== null && typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  if (!email || email.length > MAX_EMAIL_CHARS || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new HttpError(400, ErrorCode.BAD_USER_INPUT, 'Adresse électronique attendue : envoyez {"email": "…"} en JSON');
  }
  sendJson(res, 200, { token: await signIn.sign(email) });
}
