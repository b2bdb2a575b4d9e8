import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import {
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';

import { loadOrCreateDevSigningKey, type DevSigningKey } from '../../src/auth/dev-signing-key.js';
import { AuthenticationError, type AuthenticationReason } from '../../src/auth/errors.js';
import {
  createTokenVerifier,
  DEV_AUDIENCE,
  DEV_ISSUER,
  parseBearer,
  signDevToken,
  type TokenVerifier,
} from '../../src/auth/tokens.js';

/** Awaits a rejection and checks it is an AuthenticationError with `reason` that does not leak `secret`. */
async function expectAuthError(promise: Promise<unknown>, reason: AuthenticationReason, secret?: string) {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  expect((error as AuthenticationError).reason).toBe(reason);
  if (secret) {
    expect((error as AuthenticationError).message).not.toContain(secret);
    expect(String((error as AuthenticationError).stack)).not.toContain(secret);
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function tamper(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...decoded, ...claims })).toString('base64url');
  return `${header}.${forged}.${signature}`;
}

describe('dev tokens', () => {
  let dataDir: string;
  let otherDir: string;
  let key: DevSigningKey;
  let otherKey: DevSigningKey;
  let verify: TokenVerifier;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-tokens-'));
    otherDir = await mkdtemp(path.join(os.tmpdir(), 'clauses-tokens-other-'));
    key = await loadOrCreateDevSigningKey(dataDir);
    otherKey = await loadOrCreateDevSigningKey(otherDir);
    verify = createTokenVerifier({ mode: 'dev', key });
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(otherDir, { recursive: true, force: true });
  });

  it('round-trips a signed token', async () => {
    const token = await signDevToken(key, { sub: 'user-42', email: 'alice@example.org' });

    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: key.kid });
    await expect(verify(token)).resolves.toEqual({
      issuer: DEV_ISSUER,
      subject: 'user-42',
      email: 'alice@example.org',
    });
  });

  it('sets iss, aud, iat and exp from the ttl', async () => {
    const token = await signDevToken(key, { sub: 'u', email: 'u@example.org' }, 60);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as JWTPayload;
    expect(payload.iss).toBe(DEV_ISSUER);
    expect(payload.aud).toBe(DEV_AUDIENCE);
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(Math.abs(payload.iat! - nowSeconds())).toBeLessThanOrEqual(2);
  });

  it('defaults to an 8 hour lifetime', async () => {
    const token = await signDevToken(key, { sub: 'u', email: 'u@example.org' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as JWTPayload;
    expect(payload.exp! - payload.iat!).toBe(8 * 3600);
  });

  it('rejects an expired token', async () => {
    const token = await signDevToken(key, { sub: 'u', email: 'u@example.org' }, -120);
    await expectAuthError(verify(token), 'TOKEN_EXPIRED', token);
  });

  it('tolerates 30 seconds of clock skew', async () => {
    const token = await signDevToken(key, { sub: 'u', email: 'u@example.org' }, -10);
    await expect(verify(token)).resolves.toMatchObject({ subject: 'u' });
  });

  it('verifies a token once, then answers its identity until the token expires', async () => {
    const token = await signDevToken(key, { sub: 'kept', email: 'kept@example.org' }, 2);
    const first = await verify(token);
    expect(await verify(token)).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    // Past its exp, within the clock tolerance: verified again.
    const again = await verify(token);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('keeps no token already past its exp', async () => {
    const token = await signDevToken(key, { sub: 'late', email: 'late@example.org' }, -10);
    expect(await verify(token)).not.toBe(await verify(token));
  });

  it('rejects a token for another audience', async () => {
    const token = await new SignJWT({ email: 'u@example.org' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(DEV_ISSUER)
      .setAudience('someone-else')
      .setSubject('u')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key.privateKey);
    await expectAuthError(verify(token), 'WRONG_AUDIENCE', token);
  });

  it('rejects a token from another issuer', async () => {
    const token = await new SignJWT({ email: 'u@example.org' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer('not-clauses')
      .setAudience(DEV_AUDIENCE)
      .setSubject('u')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key.privateKey);
    await expectAuthError(verify(token), 'WRONG_ISSUER', token);
  });

  it('rejects a token without exp or sub', async () => {
    const noExp = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject('u')
      .sign(key.privateKey);
    await expectAuthError(verify(noExp), 'TOKEN_INVALID', noExp);

    const noSub = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setExpirationTime('1h')
      .sign(key.privateKey);
    await expectAuthError(verify(noSub), 'TOKEN_INVALID', noSub);
  });

  it('rejects a token signed by another key', async () => {
    expect(otherKey.kid).not.toBe(key.kid);
    const token = await signDevToken(otherKey, { sub: 'u', email: 'u@example.org' });
    await expectAuthError(verify(token), 'TOKEN_INVALID', token);

    // Even when it claims our kid.
    const spoofed = await signDevToken({ ...otherKey, kid: key.kid }, { sub: 'u', email: 'u@example.org' });
    await expectAuthError(verify(spoofed), 'TOKEN_INVALID', spoofed);
  });

  it('rejects a tampered payload', async () => {
    const token = await signDevToken(key, { sub: 'user-1', email: 'user@example.org' });
    const forged = tamper(token, { sub: 'admin', email: 'admin@example.org' });
    expect(forged).not.toBe(token);
    await expectAuthError(verify(forged), 'TOKEN_INVALID', forged);
  });

  it('rejects unsigned tokens and garbage', async () => {
    const unsecured = new UnsecuredJWT({ email: 'u@example.org' })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject('u')
      .setExpirationTime('1h')
      .encode();
    await expectAuthError(verify(unsecured), 'TOKEN_INVALID', unsecured);
    await expectAuthError(verify('not-a-jwt'), 'TOKEN_INVALID', 'not-a-jwt');
    await expectAuthError(verify('a.b.c'), 'TOKEN_INVALID');
    await expectAuthError(verify(''), 'TOKEN_INVALID');
    await expectAuthError(verify('x'.repeat(20_000)), 'TOKEN_INVALID');
  });
});

describe('OIDC tokens', () => {
  const AUDIENCE = 'clauses-api';
  let server: Server;
  let base: string;
  let issuer: string;
  let rsa: { privateKey: CryptoKey; publicJwk: JWK };
  let ec: { privateKey: CryptoKey; publicJwk: JWK };
  const hits = new Map<string, number>();
  let discoveryFailuresLeft = 0;

  const hitCount = (pathname: string) => hits.get(pathname) ?? 0;

  beforeAll(async () => {
    const rsaPair = await generateKeyPair('RS256', { extractable: true });
    rsa = {
      privateKey: rsaPair.privateKey,
      publicJwk: { ...(await exportJWK(rsaPair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    };
    const ecPair = await generateKeyPair('ES256', { extractable: true });
    ec = {
      privateKey: ecPair.privateKey,
      publicJwk: { ...(await exportJWK(ecPair.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    };

    server = createServer((req, res) => {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      hits.set(pathname, hitCount(pathname) + 1);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const discovery = /^(.*)\/\.well-known\/openid-configuration$/.exec(pathname);
      if (discovery) {
        if (discoveryFailuresLeft > 0) {
          discoveryFailuresLeft -= 1;
          json(503, { error: 'unavailable' });
          return;
        }
        const prefix = discovery[1] ?? '';
        json(200, { issuer: `${base}${prefix}`, jwks_uri: `${base}${prefix}/jwks` });
      } else if (pathname.endsWith('/jwks')) {
        json(200, { keys: [rsa.publicJwk, ec.publicJwk] });
      } else {
        json(404, { error: 'not found' });
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    issuer = `${base}/realms/clauses`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  });

  function sign(
    privateKey: CryptoKey,
    header: { alg: string; kid: string },
    claims: { iss?: string; aud?: string; sub?: string; email?: unknown; email_verified?: boolean; exp?: number },
  ): Promise<string> {
    const jwt = new SignJWT({
      ...(claims.email === undefined ? {} : { email: claims.email }),
      ...(claims.email_verified === undefined ? {} : { email_verified: claims.email_verified }),
    })
      .setProtectedHeader({ ...header, typ: 'JWT' })
      .setIssuer(claims.iss ?? issuer)
      .setAudience(claims.aud ?? AUDIENCE)
      .setSubject(claims.sub ?? 'oidc-user')
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? nowSeconds() + 300);
    return jwt.sign(privateKey);
  }

  const signRsa = (claims: Parameters<typeof sign>[2] = {}) =>
    sign(rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }, claims);

  it('accepts a valid RS256 token and discovers the JWKS only once', async () => {
    const verify = createTokenVerifier({ mode: 'oidc', issuer, audience: AUDIENCE });
    const discoveryPath = '/realms/clauses/.well-known/openid-configuration';
    const before = hitCount(discoveryPath);

    const token = await signRsa({ email: 'bob@example.org', email_verified: true });
    await expect(verify(token)).resolves.toEqual({ issuer, subject: 'oidc-user', email: 'bob@example.org' });
    await expect(verify(await signRsa({ email: 'bob@example.org' }))).resolves.toMatchObject({ email: null });
    await expect(verify(await signRsa({ sub: 'other' }))).resolves.toMatchObject({ subject: 'other' });
    await Promise.all([verify(token), verify(token), verify(token)]);

    expect(hitCount(discoveryPath) - before).toBe(1);
  });

  it('accepts ES256 and reports a missing or non-string email as null', async () => {
    const verify = createTokenVerifier({ mode: 'oidc', issuer, audience: AUDIENCE });
    const token = await sign(ec.privateKey, { alg: 'ES256', kid: 'ec-1' }, {});
    await expect(verify(token)).resolves.toEqual({ issuer, subject: 'oidc-user', email: null });

    const weird = await signRsa({ email: 42 });
    await expect(verify(weird)).resolves.toMatchObject({ email: null });
  });

  it('rejects a token whose kid is not in the JWKS', async () => {
    const verify = createTokenVerifier({ mode: 'oidc', issuer, audience: AUDIENCE });
    const stranger = await generateKeyPair('RS256');
    const token = await sign(stranger.privateKey, { alg: 'RS256', kid: 'unknown-kid' }, {});
    await expectAuthError(verify(token), 'TOKEN_INVALID', token);
  });

  it('rejects a token signed by another key under a known kid', async () => {
    const verify = createTokenVerifier({ mode: 'oidc', issuer, audience: AUDIENCE });
    const stranger = await generateKeyPair('RS256');
    const token = await sign(stranger.privateKey, { alg: 'RS256', kid: 'rsa-1' }, {});
    await expectAuthError(verify(token), 'TOKEN_INVALID', token);
  });

  it('rejects a token from another issuer', async () => {
    const verify = createTokenVerifier({ mode: 'oidc', issuer, audience: AUDIENCE });
    const token = await signRsa({ iss: `${base}/realms/other` });
    await expectAuthError(verify(token), 'WRONG_ISSUER', token);
  });

  it('rejects a token for another audience', async () => {
    const verify = createTokenVerifier({ mode: 'oidc', issuer, audience: AUDIENCE });
    const token = await signRsa({ aud: 'another-api' });
    await expectAuthError(verify(token), 'WRONG_AUDIENCE', token);
  });

  it('rejects an expired token', async () => {
    const verify = createTokenVerifier({ mode: 'oidc', issuer, audience: AUDIENCE });
    const token = await signRsa({ exp: nowSeconds() - 120 });
    await expectAuthError(verify(token), 'TOKEN_EXPIRED', token);
  });

  it('rejects algorithms outside RS256/PS256/ES256', async () => {
    const verify = createTokenVerifier({ mode: 'oidc', issuer, audience: AUDIENCE });
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setSubject('u')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough!!'));
    await expectAuthError(verify(token), 'TOKEN_INVALID', token);
  });

  it('uses an explicit jwksUri without discovery', async () => {
    const discoveryPath = '/explicit/.well-known/openid-configuration';
    const verify = createTokenVerifier({
      mode: 'oidc',
      issuer: `${base}/explicit`,
      audience: AUDIENCE,
      jwksUri: `${base}/realms/clauses/jwks`,
    });
    const token = await signRsa({ iss: `${base}/explicit` });
    await expect(verify(token)).resolves.toMatchObject({ issuer: `${base}/explicit` });
    expect(hitCount(discoveryPath)).toBe(0);
  });

  it('strips a trailing slash from the issuer to find the discovery document', async () => {
    const slashIssuer = `${base}/tenant/`;
    const verify = createTokenVerifier({ mode: 'oidc', issuer: slashIssuer, audience: AUDIENCE });
    const token = await signRsa({ iss: slashIssuer });
    await expect(verify(token)).resolves.toMatchObject({ issuer: slashIssuer });
    expect(hitCount('/tenant/.well-known/openid-configuration')).toBe(1);
  });

  it('retries discovery after a failure', async () => {
    const retryIssuer = `${base}/flaky`;
    const verify = createTokenVerifier({ mode: 'oidc', issuer: retryIssuer, audience: AUDIENCE });
    const token = await signRsa({ iss: retryIssuer });

    discoveryFailuresLeft = 1;
    await expectAuthError(verify(token), 'ISSUER_UNAVAILABLE', token);
    await expect(verify(token)).resolves.toMatchObject({ issuer: retryIssuer });
    expect(hitCount('/flaky/.well-known/openid-configuration')).toBe(2);
  });

  it('reports an unreachable JWKS as ISSUER_UNAVAILABLE', async () => {
    const verify = createTokenVerifier({
      mode: 'oidc',
      issuer,
      audience: AUDIENCE,
      jwksUri: `${base}/missing-keys`,
    });
    const token = await signRsa();
    await expectAuthError(verify(token), 'ISSUER_UNAVAILABLE', token);
  });
});

describe('parseBearer', () => {
  it('returns null when the header is absent', () => {
    expect(parseBearer(undefined)).toBeNull();
  });

  it('extracts the token, with a case-insensitive scheme', () => {
    expect(parseBearer('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(parseBearer('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(parseBearer('BEARER abc.def.ghi')).toBe('abc.def.ghi');
    expect(parseBearer('  Bearer   abc-_~+/=  ')).toBe('abc-_~+/=');
  });

  it.each([
    ['empty', ''],
    ['scheme only', 'Bearer'],
    ['scheme and space', 'Bearer '],
    ['other scheme', 'Basic dXNlcjpzZWNyZXQ='],
    ['no scheme', 'abc.def.ghi'],
    ['two tokens', 'Bearer abc def'],
    ['glued scheme', 'Bearerabc.def.ghi'],
    ['invalid characters', 'Bearer abc"def'],
  ])('throws MALFORMED_HEADER for %s', (_label, header) => {
    let error: unknown;
    try {
      parseBearer(header);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).reason).toBe('MALFORMED_HEADER');
    if (header.length > 8) expect((error as AuthenticationError).message).not.toContain(header.trim());
  });
});
