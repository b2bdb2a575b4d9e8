import type { EntityManager } from '@mikro-orm/postgresql';
import type { VerifiedIdentity } from '../auth/tokens.js';
import type { Viewer } from '../graphql/context.js';

/**
 * The settings that row-level-security policies read, set for the current transaction only
 * (set_config(…, true) is SET LOCAL: it never reaches the next user of a pooled connection).
 */
async function setLocal(em: EntityManager, settings: Record<string, string>): Promise<void> {
  const names = Object.keys(settings);
  const calls = names.map(() => 'set_config(?, ?, true)').join(', ');
  await em.execute(`select ${calls}`, names.flatMap((name) => [name, settings[name]!]));
}

/** While the user is looked up: the only user row readable is the token's. */
export function identifySession(em: EntityManager, identity: VerifiedIdentity): Promise<void> {
  return setLocal(em, { 'app.auth_subject': identity.subject, 'app.auth_email': identity.email?.toLowerCase() ?? '' });
}

/** Once the user is known: their own memberships become readable. */
export function authenticateSession(em: EntityManager, userId: string): Promise<void> {
  return setLocal(em, { 'app.auth_subject': '', 'app.auth_email': '', 'app.user_id': userId });
}

/** For the rest of the request: the acting organisation, its kind and the viewer's role there. */
export function actAsSession(em: EntityManager, viewer: Viewer): Promise<void> {
  return setLocal(em, {
    'app.org_id': viewer.acting?.organisation.id ?? '',
    'app.org_kind': viewer.acting?.organisation.kind ?? '',
    'app.role': viewer.acting?.role ?? '',
  });
}
