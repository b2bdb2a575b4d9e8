import { hash as digestOf } from 'node:crypto';
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { LRUCache } from 'lru-cache';

import { DEV_SIGNING_ALG, type DevSigningKey } from './dev-signing-key.js';
import { AuthenticationError } from './errors.js';

export const DEV_ISSUER = 'clauses-dev';
export const DEV_AUDIENCE = 'clauses';

/** Algorithms accepted from an OIDC provider. */
export const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;

/** Allowed clock skew between us and the token issuer, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** Tokens longer than this are rejected before parsing (Node's whole header limit is 16 KiB). */
const MAX_TOKEN_LENGTH = 16 * 1024;

/** Timeout for fetching the OIDC discovery document. */
const DISCOVERY_TIMEOUT_MS = 5_000;

/** Verified tokens kept, the least recently used forgotten first: more than the people signed in at once. */
const KEPT_TOKENS = 10_000;

export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  /** Only an address the issuer vouches for: ours, or an OpenID provider's with `email_verified: true`. */
  email: string | null;
}

export type TokenVerifierConfig =
  | { mode: 'dev'; key: DevSigningKey }
  | { mode: 'oidc'; issuer: string; audience: string; jwksUri?: string };

export type TokenVerifier = (token: string) => Promise<VerifiedIdentity>;

/** A token's identity and when the token expires (its `exp`, in seconds since the epoch). */
interface Verification {
  identity: VerifiedIdentity;
  expiresAt: number;
}

type Verify = (token: string) => Promise<Verification>;

/** Signs a development token (ES256, `kid` header) for `DEV_ISSUER` / `DEV_AUDIENCE`. */
export async function signDevToken(
  key: DevSigningKey,
  claims: { sub: string; email: string },
  ttlSeconds = 8 * 3600,
): Promise<string> {
  if (!Number.isFinite(ttlSeconds)) {
    throw new RangeError(`ttlSeconds must be a finite number, got ${ttlSeconds}`);
  }
  if (claims.sub.length === 0) {
    throw new RangeError('sub must not be empty');
  }
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email: claims.email })
    .setProtectedHeader({ alg: DEV_SIGNING_ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + Math.floor(ttlSeconds))
    .sign(key.privateKey);
}

/**
 * Builds the function that turns a bearer token into a verified identity. Every failure is
 * reported as an {@link AuthenticationError}; the token itself never appears in errors.
 */
export function createTokenVerifier(config: TokenVerifierConfig): TokenVerifier {
  return verifiedOnce(config.mode === 'dev' ? createDevVerifier(config.key) : createOidcVerifier(config));
}

/**
 * Verifies each token once, then answers its identity again until the token expires: a client sends the same token
 * with every request, and checking its signature each time cost 2.6 % of the API's processor time (8 % for a
 * `viewer` query). Tokens are kept by their hash, never themselves, and never past their `exp` (the clock tolerance
 * may still accept one a little later: it is then verified again). A refusal is never kept: the same token may be
 * accepted once the identity provider answers again.
 */
function verifiedOnce(verify: Verify): TokenVerifier {
  // ttlResolution 0: the clock read at each look-up, rather than a timer set to forget the time read (lru-cache's way).
  const verified = new LRUCache<string, VerifiedIdentity>({ max: KEPT_TOKENS, ttlResolution: 0 });
  return async (token) => {
    const hash = digestOf('sha256', token, 'base64url');
    const known = verified.get(hash);
    if (known) return known;
    const { identity, expiresAt } = await verify(token);
    const lifeMs = expiresAt * 1000 - Date.now();
    if (lifeMs > 0) verified.set(hash, identity, { ttl: lifeMs });
    return identity;
  };
}

function createDevVerifier(key: DevSigningKey): Verify {
  const options: JWTVerifyOptions = {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    algorithms: [DEV_SIGNING_ALG],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp', 'sub'],
  };
  return async (token) => {
    assertPlausibleToken(token);
    try {
      const { payload } = await jwtVerify(token, key.publicKey, options);
      return verificationOf(payload, true);
    } catch (err) {
      throw toAuthenticationError(err);
    }
  };
}

function createOidcVerifier(config: { issuer: string; audience: string; jwksUri?: string }): Verify {
  const { issuer, audience } = config;
  if (!issuer) throw new Error('OIDC issuer must not be empty');
  if (!audience) throw new Error('OIDC audience must not be empty');
  const discoveryUrl = new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);

  let jwksPromise: Promise<JWTVerifyGetKey> | undefined =
    config.jwksUri === undefined ? undefined : Promise.resolve(createRemoteJWKSet(new URL(config.jwksUri)));

  // Discovered lazily on first use, cached, and forgotten on failure so the next call retries.
  const getJwks = (): Promise<JWTVerifyGetKey> => {
    if (!jwksPromise) {
      const pending = discoverJwksUri(discoveryUrl).then((uri) => createRemoteJWKSet(uri));
      jwksPromise = pending;
      pending.catch(() => {
        if (jwksPromise === pending) jwksPromise = undefined;
      });
    }
    return jwksPromise;
  };

  const getKey: JWTVerifyGetKey = async (protectedHeader, token) => {
    let jwks: JWTVerifyGetKey;
    try {
      jwks = await getJwks();
    } catch (cause) {
      throw new KeySourceUnavailable(cause);
    }
    try {
      return await jwks(protectedHeader, token);
    } catch (err) {
      throw isKeySourceFailure(err) ? new KeySourceUnavailable(err) : err;
    }
  };

  const options: JWTVerifyOptions = {
    issuer,
    audience,
    algorithms: [...OIDC_ALGORITHMS],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp', 'sub'],
  };

  return async (token) => {
    assertPlausibleToken(token);
    try {
      const { payload } = await jwtVerify(token, getKey, options);
      return verificationOf(payload, payload.email_verified === true);
    } catch (err) {
      throw toAuthenticationError(err);
    }
  };
}

async function discoverJwksUri(discoveryUrl: URL): Promise<URL> {
  const response = await fetch(discoveryUrl, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
  });
  if (!response.ok) {
    throw new Error(`OIDC discovery at ${discoveryUrl.href} answered HTTP ${response.status}`);
  }
  const document: unknown = await response.json();
  const jwksUri =
    typeof document === 'object' && document !== null && 'jwks_uri' in document ? document.jwks_uri : undefined;
  if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri)) {
    throw new Error(`OIDC discovery document at ${discoveryUrl.href} has no valid jwks_uri`);
  }
  return new URL(jwksUri);
}

/** Marks a failure to obtain keys (network, HTTP, bad JWKS), as opposed to a bad token. */
class KeySourceUnavailable extends Error {
  override readonly name = 'KeySourceUnavailable';

  constructor(cause: unknown) {
    super('identity provider keys could not be retrieved', { cause });
  }
}

function isKeySourceFailure(err: unknown): boolean {
  if (!(err instanceof joseErrors.JOSEError)) return true; // fetch/network errors
  return err.code === 'ERR_JWKS_TIMEOUT' || err.code === 'ERR_JWKS_INVALID' || err.code === 'ERR_JOSE_GENERIC';
}

function assertPlausibleToken(token: unknown): asserts token is string {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new AuthenticationError('TOKEN_INVALID');
  }
}

/** The token's identity and expiry (`exp`, a number: jose checked it). */
function verificationOf(payload: JWTPayload, emailVouched: boolean): Verification {
  const { iss, sub, email, exp } = payload;
  if (typeof iss !== 'string' || typeof sub !== 'string' || sub.length === 0) {
    throw new AuthenticationError('TOKEN_INVALID', 'Jeton invalide : il ne nomme pas son titulaire (sub)');
  }
  return {
    identity: Object.freeze({ issuer: iss, subject: sub, email: emailVouched && typeof email === 'string' ? email : null }),
    expiresAt: exp!,
  };
}

/**
 * Maps anything thrown while verifying to an AuthenticationError. jose messages describe the
 * failing check, never the token, but the original error is not attached as cause: its `payload`
 * would carry the claims (e-mail...) into logs.
 */
function toAuthenticationError(err: unknown): AuthenticationError {
  if (err instanceof AuthenticationError) return err;
  if (err instanceof KeySourceUnavailable) {
    return new AuthenticationError('ISSUER_UNAVAILABLE', undefined, { cause: err.cause });
  }
  if (err instanceof joseErrors.JWTExpired) {
    return new AuthenticationError('TOKEN_EXPIRED');
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return new AuthenticationError('WRONG_AUDIENCE');
    if (err.claim === 'iss') return new AuthenticationError('WRONG_ISSUER');
    return new AuthenticationError('TOKEN_INVALID', `Jeton invalide : la revendication « ${err.claim} » est refusée`);
  }
  if (err instanceof joseErrors.JOSEError) {
    return new AuthenticationError('TOKEN_INVALID', `Jeton invalide (${err.code})`);
  }
  return new AuthenticationError('TOKEN_INVALID');
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Extracts the token from an Authorization header value: null when the header is absent,
 * the token for `Bearer <token>` (scheme case-insensitive), AuthenticationError('MALFORMED_HEADER')
 * for anything else, including an empty header.
 */
export function parseBearer(authorization: string | undefined): string | null {
  if (authorization === undefined) return null;
  const match = BEARER.exec(authorization.trim());
  const token = match?.[1];
  if (token === undefined) throw new AuthenticationError('MALFORMED_HEADER');
  return token;
}
