import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { OptimisticLockError, RowLevelSecurityViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { isDatabaseUnavailable, UNAVAILABLE_MESSAGE } from '../db/availability.js';
import { DomainInputError } from '../domain/errors.js';
import type { Logger } from '../logging/logger.js';
import { DomainError, ErrorCode } from '../context/errors.js';
import { isRestrictedWrite, restrictedRefusal } from '../follow-up/restriction.js';
import { frenchRefusal } from './french-refusals.js';

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

interface Answer {
  code: ErrorCode;
  /** In place of the error's own message. */
  message?: string;
  reason?: string;
  /** The domain error's own extensions (its reason, its problems). */
  [extension: string]: unknown;
}

/** How the API answers an error the client can act on; undefined for an unexpected (internal) one. */
function answerTo(code: string, original: unknown): Answer | undefined {
  if (isDatabaseUnavailable(original)) return { code: ErrorCode.SERVICE_UNAVAILABLE, message: UNAVAILABLE_MESSAGE };
  if (original instanceof DomainError) return { ...original.extensions, code: original.code, message: original.message };
  if (original instanceof DomainInputError) return { code: ErrorCode.BAD_USER_INPUT, reason: original.code };
  if (isRestrictedWrite(original)) return answerTo(code, restrictedRefusal());
  if (original instanceof OptimisticLockError) {
    return { code: ErrorCode.CONFLICT, message: "L'objet a été modifié entre-temps : rechargez-le puis recommencez" };
  }
  if (original instanceof RowLevelSecurityViolationException) return { code: ErrorCode.FORBIDDEN, message: 'Écriture refusée pour votre organisation' };
  if (original instanceof UniqueConstraintViolationException) return { code: ErrorCode.CONFLICT, message: 'Cet objet existe déjà' };
  if (API_CODES.has(code) && code !== ErrorCode.INTERNAL) return { code: code as ErrorCode };
  if (CLIENT_MISTAKES.has(code)) return { code: ErrorCode.BAD_USER_INPUT, reason: code };
  return undefined;
}

const isInternal = (error: GraphQLError) => answerTo(String(error.extensions.code ?? ''), originalOf(error)) === undefined;

/** The first error that found the database away, if any: the request then counts in the outage, and is answered 503. */
export function databaseAwayIn(errors: readonly GraphQLError[]): unknown {
  return errors.map(originalOf).find(isDatabaseUnavailable);
}

/** Logs the details of the unexpected errors, which the client sees only as INTERNAL. */
export function logInternalErrors(errors: readonly GraphQLError[], logger: Logger): void {
  for (const error of errors.filter(isInternal)) logger.error({ err: originalOf(error) }, 'internal error in a GraphQL operation');
}

/**
 * Every error leaves with one of the ErrorCode values, and the refusals of graphql-js and
 * graphql-armor in French. The database away is SERVICE_UNAVAILABLE (retryable). Unexpected errors become INTERNAL with a generic message (the details go to the log,
 * under the request id); stack traces only in development.
 */
export function createErrorFormatter(options: { development: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const extensions = { ...formatted.extensions };
    if (!options.development) delete extensions.stacktrace;
    const answer = answerTo(String(formatted.extensions?.code ?? ''), originalOf(error));
    if (!answer) {
      return { ...formatted, message: options.development ? formatted.message : 'Erreur interne', extensions: { ...extensions, code: ErrorCode.INTERNAL } };
    }
    const { message = frenchRefusal(formatted.message), ...codes } = answer;
    return { ...formatted, message, extensions: { ...extensions, ...codes } };
  };
}
