/**
 * A stand-in OpenID Connect provider on loopback for the console's sign-in: discovery, an authorization
 * endpoint that signs in whoever the test says (no login form) and sends the browser back with a code,
 * a token endpoint that checks PKCE (RFC 7636) for a public client, and the JWKS the API verifies with.
 * Browsers call it from the console's origin, so it answers with CORS headers as Keycloak does for web origins.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface AuthorizationRequest {
  clientId: string | null;
  redirectUri: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  scope: string | null;
}

export interface TokenRequest {
  grantType: string | null;
  clientId: string | null;
  clientSecret: string | null;
  verifierMatched: boolean;
}

interface PendingCode {
  challenge: string;
  redirectUri: string;
  nonce: string | null;
  user: { sub: string; email: string };
}

export class FakeOidcProvider {
  readonly authorizations: AuthorizationRequest[] = [];
  readonly tokenRequests: TokenRequest[] = [];
  /** Whom the next authorization signs in. */
  user = { sub: 'sujet-de-test', email: 'personne@test.demo' };
  issuer = '';
  private server?: Server;
  private privateKey?: CryptoKey;
  private jwk?: JWK;
  private readonly codes = new Map<string, PendingCode>();

  constructor(readonly clientId: string, readonly audience: string) {}

  async start(): Promise<void> {
    const pair = await generateKeyPair('RS256');
    this.privateKey = pair.privateKey;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: 'console-test', alg: 'RS256', use: 'sig' };
    this.server = createServer((req, res) => {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-allow-headers', 'content-type, accept, dpop');
      if (req.method === 'OPTIONS') return res.end();
      const url = new URL(req.url ?? '/', this.issuer);
      if (url.pathname === '/authorize') return this.authorize(url, res);
      if (url.pathname === '/token' && req.method === 'POST') {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => void this.token(new URLSearchParams(body)).then((answer) => json(res, answer.status, answer.body)));
        return;
      }
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(res, 200, {
          issuer: this.issuer, authorization_endpoint: `${this.issuer}/authorize`, token_endpoint: `${this.issuer}/token`, jwks_uri: `${this.issuer}/jwks`,
          response_types_supported: ['code'], code_challenge_methods_supported: ['S256'], id_token_signing_alg_values_supported: ['RS256'],
          subject_types_supported: ['public'], token_endpoint_auth_methods_supported: ['none'],
        });
      }
      if (url.pathname === '/jwks') return json(res, 200, { keys: [this.jwk] });
      json(res, 404, {});
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private authorize(url: URL, res: import('node:http').ServerResponse): void {
    const param = (name: string) => url.searchParams.get(name);
    this.authorizations.push({
      clientId: param('client_id'), redirectUri: param('redirect_uri'), codeChallenge: param('code_challenge'),
      codeChallengeMethod: param('code_challenge_method'), scope: param('scope'),
    });
    const redirectUri = param('redirect_uri');
    if (param('client_id') !== this.clientId || !redirectUri || param('code_challenge_method') !== 'S256' || !param('code_challenge')) return json(res, 400, { error: 'invalid_request' });
    const code = randomUUID();
    this.codes.set(code, { challenge: param('code_challenge')!, redirectUri, nonce: param('nonce'), user: this.user });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', param('state') ?? '');
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  private async token(form: URLSearchParams): Promise<{ status: number; body: unknown }> {
    const pending = this.codes.get(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const verifierMatched = pending !== undefined && createHash('sha256').update(verifier).digest('base64url') === pending.challenge;
    this.tokenRequests.push({ grantType: form.get('grant_type'), clientId: form.get('client_id'), clientSecret: form.get('client_secret'), verifierMatched });
    if (!pending || !verifierMatched || form.get('redirect_uri') !== pending.redirectUri || form.get('client_id') !== this.clientId) return { status: 400, body: { error: 'invalid_grant' } };
    this.codes.delete(form.get('code')!);
    const { sub, email } = pending.user;
    const sign = (claims: Record<string, unknown>, audience: string) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'console-test' })
      .setIssuer(this.issuer).setAudience(audience).setSubject(sub).setIssuedAt().setExpirationTime('5m').sign(this.privateKey!);
    return {
      status: 200,
      body: {
        access_token: await sign({ email, email_verified: true }, this.audience),
        id_token: await sign({ email, email_verified: true, ...(pending.nonce ? { nonce: pending.nonce } : {}) }, this.clientId),
        token_type: 'Bearer', expires_in: 300,
      },
    };
  }
}

function json(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
