import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../context/request-context.js';
import { TENANT_FILTER, type TenantScope } from './tenant-filter.js';

/**
 * The settings that row-level-security policies read, set for the current transaction only
 * (set_config(…, true) is SET LOCAL: it never reaches the next user of a pooled connection).
 */
async function setLocal(em: EntityManager, settings: Record<string, string>): Promise<void> {
  const names = Object.keys(settings);
  const calls = names.map(() => 'set_config(?, ?, true)').join(', ');
  await em.execute(`select ${calls}`, names.flatMap((name) => [name, settings[name]!]));
}

/** Once the user is known (signed in by app_sign_in): their own account and memberships become readable. */
export function authenticateSession(em: EntityManager, userId: string): Promise<void> {
  return setLocal(em, { 'app.user_id': userId });
}

/**
 * For the rest of the request: the acting organisation, its kind, the viewer's role there and the
 * asking API key if a key asks, for both layers that scope rows: the ORM's tenant filter and
 * PostgreSQL's row-level security.
 */
export function actAsSession(em: EntityManager, viewer: Viewer): Promise<void> {
  const scope = askerOf(viewer);
  em.setFilterParams(TENANT_FILTER, scope);
  return setLocal(em, {
    'app.org_id': scope.organisationId ?? '', 'app.org_kind': scope.kind ?? '', 'app.role': scope.role ?? '', 'app.api_key_id': scope.apiKeyId ?? '',
  });
}

/** The viewer as the access model's rules read it. */
export function askerOf(viewer: Viewer): TenantScope {
  return {
    userId: viewer.user?.id ?? null,
    apiKeyId: viewer.apiKey?.id ?? null,
    organisationId: viewer.acting?.organisationId ?? null,
    kind: viewer.acting?.kind ?? null,
    role: viewer.acting?.role ?? null,
  };
}

/** A background job's transactions, on behalf of the viewer who started it. */
export async function resumeSession(em: EntityManager, viewer: Viewer): Promise<void> {
  if (viewer.user) await authenticateSession(em, viewer.user.id);
  await actAsSession(em, viewer);
}

/** Lookups made while authenticating, before any scope exists: row-level security alone governs them. */
export const UNSCOPED = { filters: { [TENANT_FILTER]: false } } as const;
