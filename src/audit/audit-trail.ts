import { ChangeSetType, type EntityManager, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import { AuditEvent } from '../db/entities/index.js';

/** Who writes: a user or an API key, acting for an organisation, in a request. */
export interface AuditActor {
  userId: string | null;
  apiKeyId: string | null;
  organisationId: string | null;
  requestId: string | null;
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

/** Never copied into the trail. */
const SECRET_FIELDS = new Set(['secretHash']);

function redacted(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([field]) => !SECRET_FIELDS.has(field)));
}

/**
 * Adds an AuditEvent for every row a flush writes, to the same flush, hence the same transaction:
 * a write and its trace are committed or rolled back together. A flush with no known actor fails.
 */
export class AuditTrail implements EventSubscriber {
  async onFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const changes = uow.getChangeSets().filter((change) => !(change.entity instanceof AuditEvent));
    if (!changes.length) return;
    const actor = actors.get(em);
    if (!actor) throw new Error('A write without an actor: call recordActor() on the entity manager first');
    for (const change of changes) {
      const event = new AuditEvent();
      Object.assign(event, {
        ...actor,
        entity: change.meta.className,
        entityId: String(change.getPrimaryKey()),
        action: ACTIONS[change.type] ?? change.type,
        changes: redacted((change.payload ?? {}) as Record<string, unknown>),
      });
      uow.computeChangeSet(event);
    }
  }
}
