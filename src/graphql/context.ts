import type { EntityManager } from '@mikro-orm/postgresql';
import type { Membership, MembershipRole, Organisation, User } from '../db/entities/index.js';
import type { Loaders } from './loaders.js';

export interface ActingMembership {
  organisation: Organisation;
  role: MembershipRole;
}

/** Who is asking: the signed-in user, their active memberships, and the one they act through. */
export interface Viewer {
  user: User;
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
