/**
 * The database away (stopped, crashed, restarting, unreachable) is an outage, not a bug: requests are
 * refused at once with a retryable code, and the outage is logged when it starts and when it ends,
 * not once per request.
 */
import type { Logger } from '../logging/logger.js';

/** Node's codes for a connection that cannot be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** SQLSTATE codes of a server going away: admin_shutdown, crash_shutdown, cannot_connect_now (starting or stopping). */
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);

/** What `pg` and its pool say, without a code, of a connection lost, never made (`timeout expired`: not made within the limit), or closed. */
const CONNECTION_LOST = /Connection terminated|^timeout expired$|not queryable|terminating connection/i;

interface Failure {
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
  cause?: unknown;
  originalError?: unknown;
  errors?: unknown;
}

/** The error itself and those it wraps: MikroORM's, GraphQL's and an AggregateError's (a host with several addresses). */
function* chainOf(error: unknown, depth = 0): Generator<Failure> {
  if (typeof error !== 'object' || error === null || depth > 8) return;
  const failure = error as Failure;
  yield failure;
  yield* chainOf(failure.cause, depth + 1);
  yield* chainOf(failure.originalError, depth + 1);
  if (Array.isArray(failure.errors)) for (const inner of failure.errors) yield* chainOf(inner, depth + 1);
}

function isConnectionFailure({ code, message, syscall }: Failure): boolean {
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SHUTDOWN_STATES.has(code) || /^08...$/.test(code))) return true;
  // The Unix-domain socket of a server stopped or restarting: it removes the file as it stops.
  if (code === 'ENOENT' && syscall === 'connect') return true;
  return typeof message === 'string' && CONNECTION_LOST.test(message);
}

/** Whether this error says the database cannot be reached, rather than that a statement failed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const failure of chainOf(error)) if (isConnectionFailure(failure)) return true;
  return false;
}

const firstLine = (text: unknown) => String(text ?? '').split('\n', 1)[0] ?? '';

/** The first line of what went wrong, with its code: what the outage's log line and /health/ready say. */
export function unavailabilityReason(error: unknown): string {
  for (const failure of chainOf(error)) {
    if (!isConnectionFailure(failure)) continue;
    const message = firstLine(failure.message);
    return typeof failure.code === 'string' && !message.includes(failure.code) ? `${failure.code} ${message}`.trim() : message;
  }
  return firstLine((error as Failure | undefined)?.message ?? error);
}

/** The French message of a request refused while the database is away. */
export const UNAVAILABLE_MESSAGE = 'La base de données est momentanément indisponible : réessayez dans quelques secondes';

/** Seconds a client is asked to wait before trying again (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Whether the database is away, as requests found it: the first failure of an outage logs a warning
 * with its reason, the first success after it logs the outage's end with how long it lasted and how many
 * requests it refused.
 */
export class DatabaseAvailability {
  private outage?: { since: number; refused: number };

  constructor(private readonly logger: Logger) {}

  /** A request found the database away. */
  failed(error: unknown): void {
    if (this.outage) {
      this.outage.refused += 1;
      return;
    }
    this.outage = { since: Date.now(), refused: 1 };
    this.logger.warn({ reason: unavailabilityReason(error) }, 'database unavailable: requests are answered 503 until it is back');
  }

  /** The database answered. */
  answered(): void {
    if (!this.outage) return;
    const { since, refused } = this.outage;
    this.outage = undefined;
    this.logger.info({ downForMs: Date.now() - since, refused }, 'database available again');
  }
}
