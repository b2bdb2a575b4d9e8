import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthenticatedKey } from '../access/api-keys.js';
import type { Membership, MembershipRole, OrganisationKind, User } from '../db/entities/index.js';
import type { Loaders } from './loaders.js';

export interface ActingMembership {
  organisationId: string;
  kind: OrganisationKind;
  role: MembershipRole;
}

/**
 * Who is asking: a signed-in user with their active memberships, or a partner's API key; and the
 * organisation they act for, with their role there.
 */
export interface Viewer {
  user: User | null;
  apiKey: AuthenticatedKey | null;
  memberships: Membership[];
  acting: ActingMembership | null;
}

export interface RequestContext {
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  requestId: string;
  /** Set when the operation reported an error: its transaction is then rolled back. */
  failed: boolean;
}
