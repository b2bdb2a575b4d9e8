import { GraphQLError } from 'graphql';

/** The closed set of `extensions.code` values a client may receive. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  INTERNAL = 'INTERNAL',
}

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const notFound = (what: string) => apiError(ErrorCode.NOT_FOUND, `${what} introuvable`);
export const badInput = (message: string, extensions: Record<string, unknown> = {}) =>
  apiError(ErrorCode.BAD_USER_INPUT, message, extensions);
export const forbidden = (message = 'Accès refusé') => apiError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (message = 'Authentification requise') => apiError(ErrorCode.UNAUTHENTICATED, message);
