import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthenticatedKey } from '../access/api-keys.js';
import type { MembershipRole, OrganisationKind, User } from '../db/entities/index.js';
import type { Logger } from '../logging/logger.js';
import type { IdentityReads } from '../personal-data/identity-reads.js';
import type { Loaders } from './loaders.js';
import type { RequestTransaction } from './request-transaction.js';

/** A request id the platform keeps as a client sent it (`x-request-id`); any other is replaced by a UUID. */
export const REQUEST_ID = /^[\w.:-]{1,128}$/;

export interface ActingMembership {
  organisationId: string;
  kind: OrganisationKind;
  role: MembershipRole;
}

/** The rows the session read (src/auth/viewer.ts), as PostgreSQL's to_jsonb wrote them: column names. */
export interface SessionRows {
  user: Record<string, unknown>;
  memberships: { membership: Record<string, unknown>; organisation: Record<string, unknown> }[];
}

/**
 * Who is asking: a signed-in user with their active memberships, or a partner's API key; and the
 * organisation they act for, with their role there.
 */
export interface Viewer {
  /** The signed-in user's id, known without reading their entity. */
  userId: string | null;
  /** What the session read of a signed-in user (its account, its active memberships and their organisations); null for an API key. */
  sessionRows: SessionRows | null;
  user: User | null;
  apiKey: AuthenticatedKey | null;
  acting: ActingMembership | null;
}

export interface RequestContext {
  em: EntityManager;
  viewer: Viewer;
  /** The transaction of `em`, begun when something needs it. */
  transaction: RequestTransaction;
  loaders: Loaders;
  /** The identities the answer carries, recorded as read before it is sent. */
  identityReads: IdentityReads;
  requestId: string;
  /** The server's logger, every line of it naming the request id. */
  logger: Logger;
  /**
   * What the operation turned out to be. An object, because Apollo hands plugins a shallow copy of the
   * context: flags set on the copy itself would not reach the HTTP layer that commits or rolls back.
   */
  outcome: {
    /** A mutation: only a mutation's transaction is committed (a query's just ends). */
    writes: boolean;
    /** An error was reported: the transaction is rolled back. */
    failed: boolean;
    /** The operation's name once the document is resolved (null: anonymous); for the access log and the metrics. */
    operationName?: string | null;
    /** The first error's code, if any. */
    errorCode?: string;
    /** The error that found the database away, if one did: the request counts in the outage. */
    databaseAway?: unknown;
  };
}

/** What a business action needs of the request: its transaction and who is asking. */
export type ServiceContext = Pick<RequestContext, 'em' | 'viewer'>;
