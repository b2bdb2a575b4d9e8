import type { GraphQLFormattedError } from 'graphql';
import { OptimisticLockError, RowLevelSecurityViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { DomainInputError } from '../domain/errors.js';
import { ErrorCode } from './errors.js';

const API_CODES = new Set<string>(Object.values(ErrorCode));

/** Apollo's own codes for a request the client got wrong. */
const CLIENT_MISTAKES = new Set([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
]);

function originalOf(error: unknown): unknown {
  let current = error as { originalError?: unknown } | undefined;
  while (current?.originalError) current = current.originalError as { originalError?: unknown };
  return current;
}

/**
 * Every error leaves with one of the ErrorCode values. Unexpected errors become INTERNAL with a
 * generic message (the details go to the log, under the request id); stack traces only in development.
 */
export function createErrorFormatter(options: { development: boolean; onInternal: (error: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? '');
    const original = originalOf(error);
    const extensions = { ...formatted.extensions };
    if (!options.development) delete extensions.stacktrace;
    if (original instanceof DomainInputError) {
      return { ...formatted, extensions: { ...extensions, code: ErrorCode.BAD_USER_INPUT, reason: original.code } };
    }
    if (original instanceof OptimisticLockError) {
      return { ...formatted, message: "L'objet a été modifié entre-temps : rechargez-le puis recommencez", extensions: { ...extensions, code: ErrorCode.CONFLICT } };
    }
    if (original instanceof RowLevelSecurityViolationException) {
      return { ...formatted, message: 'Écriture refusée pour votre organisation', extensions: { ...extensions, code: ErrorCode.FORBIDDEN } };
    }
    if (original instanceof UniqueConstraintViolationException) {
      return { ...formatted, message: 'Cet objet existe déjà', extensions: { ...extensions, code: ErrorCode.CONFLICT } };
    }
    if (API_CODES.has(code) && code !== ErrorCode.INTERNAL) return { ...formatted, extensions };
    if (CLIENT_MISTAKES.has(code)) return { ...formatted, extensions: { ...extensions, code: ErrorCode.BAD_USER_INPUT, reason: code } };
    options.onInternal(original ?? error);
    return {
      ...formatted,
      message: options.development ? formatted.message : 'Erreur interne',
      extensions: { ...extensions, code: ErrorCode.INTERNAL },
    };
  };
}
