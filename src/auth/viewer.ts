import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthenticatedKey } from '../access/api-keys.js';
import { actAsSession, authenticateSession, UNSCOPED } from '../access/session.js';
import { Membership, User } from '../db/entities/index.js';
import type { Viewer } from '../context/request-context.js';
import { forbidden } from '../context/errors.js';
import { parseGlobalId } from '../graphql/relay/global-id.js';

function actingMembership(memberships: Membership[], organisationHeader: string | undefined): Viewer['acting'] {
  const chosen = organisationHeader
    ? memberships.find((membership) => membership.organisation.id === parseGlobalId(organisationHeader)?.id)
    : memberships.length === 1 ? memberships[0] : undefined;
  if (organisationHeader && !chosen) throw forbidden("Vous n'êtes pas membre actif de l'organisation indiquée par X-Organisation");
  return chosen ? { organisationId: chosen.organisation.id, kind: chosen.organisation.kind, role: chosen.role } : null;
}

/**
 * The signed-in user (sign-in.ts), their active memberships, and the organisation they act for:
 * the one named by the X-Organisation header (an Organisation id), or their only one. Each step
 * sets the transaction's access settings that the next one's row-level security needs.
 */
export async function viewerOfUser(em: EntityManager, userId: string, organisationHeader: string | undefined): Promise<Viewer> {
  await authenticateSession(em, userId);
  const user = await em.findOneOrFail(User, userId, UNSCOPED);
  const memberships = await em.find(
    Membership,
    { user, active: true },
    { populate: ['organisation'], orderBy: { organisation: { name: 'asc' } }, ...UNSCOPED },
  );
  const viewer: Viewer = { user, apiKey: null, memberships, acting: actingMembership(memberships, organisationHeader) };
  await actAsSession(em, viewer);
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
