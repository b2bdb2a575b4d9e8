import { randomUUID } from 'node:crypto';
import type { Viewer } from '../context/request-context.js';
import { ChangeSetType, type EntityManager, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';

/** Who writes: a user or an API key, acting for an organisation, in a request. */
export interface AuditActor {
  userId: string | null;
  apiKeyId: string | null;
  organisationId: string | null;
  requestId: string | null;
}

/**
 * A tool an operator runs on the server (the DECP import, for instance): no user nor key, the organisation
 * it works for, and `tool:run-id` as request id, so that every write of one run is found by that id.
 */
export function toolActor(tool: string, organisationId: string): AuditActor {
  return { userId: null, apiKeyId: null, organisationId, requestId: `${tool}:${randomUUID()}` };
}

/** A viewer of the API (a user or an API key, acting for an organisation) in a request or a job. */
export function viewerActor(viewer: Viewer, requestId: string): AuditActor {
  return { userId: viewer.userId, apiKeyId: viewer.apiKey?.id ?? null, organisationId: viewer.acting?.organisationId ?? null, requestId };
}

const actors = new WeakMap<object, AuditActor>();

/** Names the actor of every write this entity manager will flush. */
export function recordActor(em: EntityManager, actor: AuditActor): void {
  actors.set(em, actor);
}

const ACTIONS: Record<string, string> = {
  [ChangeSetType.CREATE]: 'CREATE',
  [ChangeSetType.UPDATE]: 'UPDATE',
  [ChangeSetType.DELETE]: 'DELETE',
};

/** Never copied into the trail, not even by name. */
const SECRET_FIELDS = new Set(['secretHash']);

/**
 * Entities whose values the trail never holds, only the names of the fields written (in `redacted`): a
 * person's identity, which the trail's readers (admins, the Département's among them) need not read to
 * know what changed. A trigger on audit_event strips them again, whatever path writes the event.
 */
const NAMES_ONLY = new Set(['BeneficiaryIdentity']);

/** What an event about `entity` keeps of the values a write set. */
export function auditedChanges(entity: string, payload: Record<string, unknown>): Record<string, unknown> {
  const kept = Object.entries(payload).filter(([field]) => !SECRET_FIELDS.has(field));
  return NAMES_ONLY.has(entity) ? { redacted: kept.map(([field]) => field).sort() } : Object.fromEntries(kept);
}

/** The same in SQL, for an event written by a statement: `changes` is the jsonb of the values written. */
export function auditedChangesSql(entity: string, changes: string): string {
  return NAMES_ONLY.has(entity)
    ? `jsonb_build_object('redacted', coalesce((select jsonb_agg(field order by field) from jsonb_object_keys(${changes}) field), '[]'::jsonb))`
    : changes;
}

/**
 * Writes an audit event for every row a flush writes, in the flush's transaction: a write and its trace
 * are committed or rolled back together. A flush with no known actor fails. The events are inserted
 * without RETURNING, since row-level security lets only administrators read the trail back.
 */
export class AuditTrail implements EventSubscriber {
  async onFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const changes = uow.getChangeSets();
    if (!changes.length) return;
    const actor = actors.get(em);
    if (!actor) throw new Error('A write without an actor: call recordActor() on the entity manager first');
    const rows = changes.map((change) => [
      randomUUID(), actor.userId, actor.apiKeyId, actor.organisationId, change.meta.className, String(change.getPrimaryKey()),
      ACTIONS[change.type] ?? change.type, JSON.stringify(auditedChanges(change.meta.className, (change.payload ?? {}) as Record<string, unknown>)), actor.requestId,
    ]);
    await em.getConnection().execute(
      `insert into audit_event (id, user_id, api_key_id, organisation_id, entity, entity_id, action, changes, request_id)
       values ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)').join(', ')}`,
      rows.flat(),
      'run',
      em.getTransactionContext(),
    );
  }
}
