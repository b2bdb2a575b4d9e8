/**
 * Signing in: in development, a demo account's token signed by the platform; otherwise OpenID Connect's
 * authorization code flow with PKCE (RFC 7636) against the platform's provider, whose access token the
 * API verifies. The code verifier and state wait in sessionStorage for the provider's redirect.
 */
import * as oauth from 'oauth4webapi';
import { ApiError, send } from '../api/client';
import { startSession } from './store';

export type SignInConfig = { mode: 'dev' } | { mode: 'oidc'; issuer: string; clientId: string };

export interface DemoMembership {
  email: string;
  name: string;
  organisation: string;
  kind: string;
  role: string;
}

export const CALLBACK_PATH = '/connexion/retour';
const PENDING = 'clauses.oidc';
const SCOPE = 'openid email profile';

export const signInConfig = async () => (await (await send('/auth/config')).json()) as SignInConfig;
export const demoMemberships = async () => ((await (await send('/auth/demo-users')).json()) as { users: DemoMembership[] }).users;

export async function signInAsDemoUser(email: string): Promise<void> {
  const response = await send('/auth/dev-token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  startSession(((await response.json()) as { token: string }).token);
}

/** Plain HTTP only to a provider on this machine (a developer's Keycloak, the tests'); anywhere else, HTTPS. */
const onLoopback = (url: URL) => url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
const requestOptions = (config: { issuer: string }) => ({ [oauth.allowInsecureRequests]: onLoopback(new URL(config.issuer)) });

async function provider(config: { issuer: string }): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...requestOptions(config) }));
}

const redirectUri = () => new URL(CALLBACK_PATH, window.location.origin).toString();

/** Sends the browser to the provider's sign-in page. */
export async function signInWithProvider(config: { issuer: string; clientId: string }): Promise<void> {
  const server = await provider(config);
  if (!server.authorization_endpoint) throw new ApiError('Le fournisseur d’identité n’annonce pas de page de connexion', 'INTERNAL');
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce }));
  const url = new URL(server.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId, redirect_uri: redirectUri(), response_type: 'code', scope: SCOPE, state, nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url);
}

/** Back from the provider: trades the code for tokens and keeps the access token. */
export async function completeProviderSignIn(config: { issuer: string; clientId: string }): Promise<void> {
  const pending = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!pending) throw new ApiError('Aucune connexion en cours : recommencez depuis la page de connexion', 'UNAUTHENTICATED');
  const { verifier, state, nonce } = JSON.parse(pending) as { verifier: string; state: string; nonce: string };
  const server = await provider(config);
  const client: oauth.Client = { client_id: config.clientId };
  const params = oauth.validateAuthResponse(server, client, new URL(window.location.href), state);
  const response = await oauth.authorizationCodeGrantRequest(server, client, oauth.None(), params, redirectUri(), verifier, requestOptions(config));
  const result = await oauth.processAuthorizationCodeResponse(server, client, response, { expectedNonce: nonce, requireIdToken: true });
  startSession(result.access_token);
}
