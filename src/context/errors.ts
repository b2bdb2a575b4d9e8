/**
 * The errors a business action throws, whoever asked: GraphQL (format-error.ts) and the HTTP routes
 * (http/common.ts) map them to their answers at the edge, with the message as written here, in French.
 */

/** The closed set of `extensions.code` values a client may receive. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  INTERNAL = 'INTERNAL',
  /** The platform cannot serve for now (its database away, the server stopping): retry after `Retry-After` seconds. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: Exclude<ErrorCode, ErrorCode.INTERNAL | ErrorCode.SERVICE_UNAVAILABLE>,
    message: string,
    /** What a client may act on beyond the code: a `reason`, the `problems` of an input. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} introuvable`);
export const badInput = (message: string, extensions: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, extensions);
export const conflict = (message: string, extensions: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.CONFLICT, message, extensions);
export const forbidden = (message = 'Accès refusé') => new DomainError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (message = 'Authentification requise') => new DomainError(ErrorCode.UNAUTHENTICATED, message);
