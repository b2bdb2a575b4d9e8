import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthenticatedKey } from '../access/api-keys.js';
import { actAsSession, filterAs } from '../access/session.js';
import { Membership, Organisation, User } from '../db/entities/index.js';
import { preparedSql } from '../db/raw-sql.js';
import type { Viewer } from '../context/request-context.js';
import { forbidden } from '../context/errors.js';
import { parseGlobalId } from '../graphql/relay/global-id.js';

const NOT_A_MEMBER = "Vous n'êtes pas membre actif de l'organisation indiquée par X-Organisation";

/** What app_open_session answers: rows as PostgreSQL's to_jsonb writes them, the acting organisation's id. */
interface OpenedSession {
  user: Record<string, unknown>;
  memberships: { membership: Record<string, unknown>; organisation: Record<string, unknown> }[];
  acting: string | null;
}

/**
 * The signed-in user (sign-in.ts), their active memberships, and the organisation they act for: the one named by
 * the X-Organisation header (an Organisation id), or their only one. One statement, app_open_session, reads them and
 * sets the transaction's settings that row-level security reads; its rows become the entity manager's entities, as
 * if the ORM had loaded them.
 */
export async function viewerOfUser(em: EntityManager, userId: string, organisationHeader: string | undefined): Promise<Viewer> {
  const named = organisationHeader ? parseGlobalId(organisationHeader)?.id : null;
  if (named === undefined) throw forbidden(NOT_A_MEMBER);
  const [opened] = await preparedSql(em)<{ session: OpenedSession | null }>('select app_open_session($1, $2) as session', [userId, named]);
  const session = opened?.session;
  if (!session) throw forbidden("Aucun compte n'est associé à cette identité");
  const user = em.map(User, session.user);
  const memberships = session.memberships.map(({ membership, organisation }) => {
    em.map(Organisation, organisation);
    return em.map(Membership, membership);
  });
  const chosen = memberships.find((membership) => membership.organisation.id === session.acting);
  if (named && !chosen) throw forbidden(NOT_A_MEMBER);
  const viewer: Viewer = {
    user,
    apiKey: null,
    memberships,
    acting: chosen ? { organisationId: chosen.organisation.id, kind: chosen.organisation.kind, role: chosen.role } : null,
  };
  filterAs(em, viewer);
  return viewer;
}

/** A partner's API key, already authenticated, acts for its organisation with its role. */
export async function viewerOfApiKey(em: EntityManager, apiKey: AuthenticatedKey): Promise<Viewer> {
  const viewer: Viewer = {
    user: null,
    apiKey,
    memberships: [],
    acting: { organisationId: apiKey.organisationId, kind: apiKey.kind, role: apiKey.role },
  };
  await actAsSession(em, viewer);
  return viewer;
}
