/**
 * Stable machine-readable reasons for a failed authentication.
 *
 * - MALFORMED_HEADER: an Authorization header is present but is not `Bearer <token>`.
 * - TOKEN_EXPIRED: the token's `exp` is in the past (beyond the clock tolerance).
 * - TOKEN_INVALID: anything else wrong with the token (bad signature, unknown key, algorithm not
 *   allowed, garbage, missing claims...).
 * - WRONG_AUDIENCE / WRONG_ISSUER: the token is authentic but not meant for us / not from our issuer.
 * - ISSUER_UNAVAILABLE: the identity provider's discovery document or JWKS could not be fetched;
 *   the token was not judged, so this is a server-side problem rather than a bad credential.
 */
export type AuthenticationReason =
  | 'MALFORMED_HEADER'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_INVALID'
  | 'WRONG_AUDIENCE'
  | 'WRONG_ISSUER'
  | 'ISSUER_UNAVAILABLE';

/**
 * Raised by the token layer for every authentication failure. Messages, in French (the client gets
 * them with its 401), never contain the token or the raw Authorization header.
 */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';

  constructor(
    readonly reason: AuthenticationReason,
    message: string = defaultMessage(reason),
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function defaultMessage(reason: AuthenticationReason): string {
  switch (reason) {
    case 'MALFORMED_HEADER':
      return 'L’en-tête Authorization doit être de la forme « Bearer <jeton> »';
    case 'TOKEN_EXPIRED':
      return 'Jeton expiré : obtenez-en un nouveau';
    case 'TOKEN_INVALID':
      return 'Jeton invalide';
    case 'WRONG_AUDIENCE':
      return 'Ce jeton n’a pas été émis pour cette plateforme (audience)';
    case 'WRONG_ISSUER':
      return 'Ce jeton n’a pas été émis par le fournisseur d’identité attendu';
    case 'ISSUER_UNAVAILABLE':
      return 'Les clés du fournisseur d’identité n’ont pas pu être obtenues : réessayez dans un moment';
  }
}
